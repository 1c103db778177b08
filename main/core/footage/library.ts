/**
 * The creator's footage library: the one object hosts use (CLI `footage …`, the Footage view,
 * the shots stage). It adds and removes sources, keeps the index current on the worker pool,
 * and searches it.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { DigestMemo } from '../cache/content-digest.js';
import type { Db } from '../db.js';
import { UserError } from '../errors.js';
import { sharedRelatedWords } from '../words/related-words.js';
import { FootageIndexer, type IndexProgress, type IndexSummary, type JobRunner } from './indexer.js';
import { FootageRepository, type FileRow, type FolderRow, type FootageItem } from './repository.js';
import { FootageSearch, type QueryEmbedding } from './search.js';
import type { SceneAi } from './scene-ai.js';
import type { LibrarySearch } from '../shots/candidates.js';

export interface ShotsLibrary extends LibrarySearch {
  identityOf(file: string): { sha256: string; size: number; mtimeMs: number } | null;
  /** Embeddings of narration, when the library has embeddings to compare them with. */
  embedQueries?: (texts: readonly string[], signal?: AbortSignal) => Promise<QueryEmbedding[]>;
}

/** What a render needs of the library (an interface: the pipeline does not open databases). */
export interface FootageSource {
  version(): string;
  shotsSource(): Promise<ShotsLibrary>;
  /** False when a search can return nothing (no file is ready): a farm controller then leaves the plan to the worker. */
  hasFootage?(): boolean;
}

export interface FootageLibraryOptions {
  db: Db;
  pool: JobRunner;
  dataDir: string;
  /** Files indexed side by side (the pool size). */
  concurrency: number;
  /** Decoder threads per analysis. */
  threads?: number;
  onAnalysed?: (sha256: string) => Promise<void>;
  /** The shared digest memo (cache/content-digest.ts), so a file is hashed once for everything. */
  digests?: DigestMemo;
  /** Scene descriptions and embeddings, when an AI provider is configured (asked each time: settings change). */
  ai?: () => SceneAi | null;
  now?: () => number;
}

export interface UnderstandSummary {
  described: number;
  embedded: number;
  /** Why some scenes are not described or embedded (the provider's trouble); indexing itself is fine. */
  problems: string[];
}

export interface AddResult {
  /** Sources new to the library. */
  added: string[];
  found: { added: number; changed: number; removed: number };
  problems: string[];
  summary: IndexSummary;
  ai: UnderstandSummary | null;
}

export function footageThumbsDir(dataDir: string): string {
  return path.join(dataDir, 'footage', 'thumbs');
}

export class FootageLibrary {
  readonly repo: FootageRepository;
  readonly indexer: FootageIndexer;
  private searcher: FootageSearch | null = null;

  constructor(private readonly o: FootageLibraryOptions) {
    this.repo = new FootageRepository(o.db, o.now);
    this.indexer = new FootageIndexer({
      repo: this.repo, pool: o.pool, thumbsDir: footageThumbsDir(o.dataDir), concurrency: o.concurrency,
      ...(o.threads !== undefined ? { threads: o.threads } : {}), ...(o.onAnalysed ? { onAnalysed: o.onAnalysed } : {}),
      ...(o.digests ? { digests: o.digests } : {}),
    });
  }

  onProgress(listener: (p: IndexProgress) => void): () => void {
    return this.indexer.onProgress(listener);
  }

  /** Add folders or files (absolute paths the creator chose), scan them and index what is new. */
  async add(sources: readonly string[], signal?: AbortSignal): Promise<AddResult> {
    const abs = sources.map((s) => path.resolve(s));
    const added = abs.filter((s) => this.repo.addFolder(s));
    const scan = await this.indexer.scan(abs);
    const summary = await this.indexer.index(signal);
    const ai = await this.understand(signal);
    return { added, found: { added: scan.added, changed: scan.changed, removed: scan.removed }, problems: scan.problems, summary, ai };
  }

  /** Look at every folder again (new, changed and deleted files) and index what changed. */
  async refresh(signal?: AbortSignal): Promise<AddResult> {
    const scan = await this.indexer.scan();
    const summary = await this.indexer.index(signal);
    const ai = await this.understand(signal);
    return { added: [], found: { added: scan.added, changed: scan.changed, removed: scan.removed }, problems: scan.problems, summary, ai };
  }

  /**
   * Describe every scene not yet described by the configured vision model, then embed what is
   * described (a few requests at a time). Null without an AI provider. A provider failure is a
   * problem to report, never a broken file: offline matching keeps working.
   */
  async understand(signal?: AbortSignal): Promise<UnderstandSummary | null> {
    const ai = this.o.ai?.() ?? null;
    if (!ai) return null;
    const result: UnderstandSummary = { described: 0, embedded: 0, problems: [] };
    const todo = this.repo.scenesWithoutDescription(ai.describedBy);
    const queue = [...todo];
    await Promise.all(Array.from({ length: Math.min(4, queue.length) }, async () => {
      for (let s = queue.shift(); s !== undefined && !signal?.aborted; s = queue.shift()) {
        try {
          const text = await ai.describe(s.thumb, signal);
          if (text) {
            this.repo.saveDescription(s.sha256, s.n, text, ai.describedBy);
            result.described++;
          }
        } catch (err) {
          if (signal?.aborted) return;
          result.problems.push(err instanceof Error ? err.message : String(err));
          queue.length = 0; // the provider is refusing: stop asking for the rest this time
        }
      }
    }));
    const toEmbed = this.repo.scenesWithoutEmbedding(ai.embeddingSpace);
    if (toEmbed.length > 0 && !signal?.aborted) {
      try {
        const vectors = await ai.embed(toEmbed.map((s) => s.text), signal);
        toEmbed.forEach((s, i) => {
          const v = vectors[i];
          if (v && v.length > 0) {
            this.repo.saveEmbedding(s.sha256, s.n, ai.embeddingSpace, v);
            result.embedded++;
          }
        });
      } catch (err) {
        if (!signal?.aborted) result.problems.push(err instanceof Error ? err.message : String(err));
      }
    }
    result.problems = [...new Set(result.problems)];
    return result;
  }

  /** Resume indexing left pending by an earlier run (a crash, a quit). */
  resume(signal?: AbortSignal): Promise<IndexSummary> {
    return this.indexer.index(signal);
  }

  async remove(source: string): Promise<void> {
    const abs = path.resolve(source);
    const { removed, thumbs } = this.repo.removeFolder(abs);
    if (!removed) {
      const known = this.repo.folders().map((f) => f.path);
      throw new UserError('usage', `${abs} is not in the footage library${known.length ? ` (it has: ${known.slice(0, 5).join(', ')}${known.length > 5 ? ', …' : ''})` : ''}.`, abs);
    }
    await Promise.all(thumbs.map((t) => rm(t, { force: true })));
  }

  folders(): FolderRow[] {
    return this.repo.folders();
  }

  items(folder?: string): FootageItem[] {
    return this.repo.items(folder);
  }

  unready(folder?: string): FileRow[] {
    return this.repo.unready(folder);
  }

  async search(): Promise<FootageSearch> {
    this.searcher ??= new FootageSearch(this.repo, await sharedRelatedWords());
    return this.searcher;
  }

  /** Changes whenever what a search can return changes: part of a video's cache key. */
  version(): string {
    return this.repo.version();
  }

  /** True when some file is ready to be shown. */
  hasFootage(): boolean {
    return this.repo.readyCount() > 0;
  }

  /** What the shots stage needs: search, and the indexed identity of a file (to notice it moved or changed). */
  async shotsSource(): Promise<ShotsLibrary> {
    const search = await this.search();
    const ai = this.o.ai?.() ?? null;
    const hasVectors = ai !== null && this.repo.hasEmbeddings(ai.embeddingSpace);
    return {
      match: (text, context, opts) => search.match(text, context, opts),
      ...(ai && hasVectors ? {
        embedQueries: async (texts: readonly string[], signal?: AbortSignal) => (await ai.embed(texts, signal)).map((vector) => ({ model: ai.embeddingSpace, vector })),
      } : {}),
      identityOf: (file) => {
        const f = this.repo.file(file);
        return f?.status === 'ready' && f.sha256 ? { sha256: f.sha256, size: f.size, mtimeMs: f.mtimeMs } : null;
      },
    };
  }
}
