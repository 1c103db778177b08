/**
 * Searching the footage library for a stretch of narration: every ready file's tags (name,
 * folders, sidecar) plus each scene's description, scored with WordNet relatives and IDF
 * (shots/match.ts), and — when the library has embeddings for the model in use — ranked by
 * cosine similarity with the offline score breaking ties. The in-memory index is rebuilt only
 * when the library changes.
 */
import { buildQuery, combinedScore, cosine, idfFrom, scoreTags, tagsFromWords, type TagSet } from '../shots/match.js';
import type { RelatedWords } from '../words/related-words.js';
import { contentWords, stem } from '../words/tokens.js';
import { DESCRIPTION_WEIGHT } from './name-tags.js';
import type { FootageItem, FootageRepository } from './repository.js';

export interface SceneMatch {
  n: number;
  startSec: number;
  endSec: number;
  score: number;
  thumb: string;
}

export interface FootageMatch {
  item: FootageItem;
  /** Best scene's combined score, 0..1. */
  score: number;
  /** The offline (words) part and the embedding part, when there is one. */
  offline: number;
  similarity: number | null;
  reason: string;
  scenes: SceneMatch[];
}

export interface QueryEmbedding {
  model: string;
  vector: readonly number[];
}

interface Indexed {
  item: FootageItem;
  /** Tags per scene: the file's own plus the scene's description. */
  scenes: TagSet[];
}

export class FootageSearch {
  private cache: { version: string; items: Indexed[]; idf: (s: string) => number; byStem: Map<string, Set<number>> } | null = null;
  private vectors: { key: string; model: string; map: Map<string, Float32Array> } | null = null;

  constructor(private readonly repo: FootageRepository, private readonly related: RelatedWords) {}

  private index(): NonNullable<FootageSearch['cache']> {
    const version = this.repo.version();
    if (this.cache?.version === version) return this.cache;
    const items: Indexed[] = this.repo.items().map((item) => {
      const own: TagSet = new Map();
      for (const t of item.tags) tagsFromWords([t.word], t.weight, own);
      const scenes = item.media.scenes.length > 0 ? item.media.scenes : [null];
      return {
        item,
        scenes: scenes.map((s) => (s?.description ? tagsFromWords(contentWords(s.description), DESCRIPTION_WEIGHT, new Map(own)) : own)),
      };
    });
    const df = new Map<string, number>();
    const byStem = new Map<string, Set<number>>();
    items.forEach((it, i) => {
      const stems = new Set(it.scenes.flatMap((s) => [...s.keys()]));
      for (const s of stems) {
        df.set(s, (df.get(s) ?? 0) + 1);
        let set = byStem.get(s);
        if (!set) byStem.set(s, (set = new Set()));
        set.add(i);
      }
    });
    this.cache = { version, items, idf: idfFrom(df, items.length), byStem };
    return this.cache;
  }

  private embeddings(model: string, version: string): Map<string, Float32Array> {
    const key = `${model}@${version}`;
    if (this.vectors?.key !== key) this.vectors = { key, model, map: this.repo.embeddings(model) };
    return this.vectors.map;
  }

  /** Ready files, best match first (only those that match at all). */
  match(text: string, context = '', opts: { embedding?: QueryEmbedding; limit?: number } = {}): FootageMatch[] {
    const idx = this.index();
    const q = buildQuery(text, context, this.related);
    const vectors = opts.embedding ? this.embeddings(opts.embedding.model, idx.version) : null;
    // Without embeddings only files sharing a stem with the query can score: look those up.
    const pool = vectors && vectors.size > 0
      ? idx.items.map((_, i) => i)
      : [...new Set([...q.keys()].flatMap((s) => [...(idx.byStem.get(s) ?? [])]))];
    const out: FootageMatch[] = [];
    for (const i of pool) {
      const it = idx.items[i] as Indexed;
      const scenes: SceneMatch[] = [];
      let best = { score: 0, offline: 0, similarity: null as number | null, reason: '' };
      it.scenes.forEach((tags, n) => {
        const words = scoreTags(q, tags, idx.idf);
        const vec = vectors?.get(`${it.item.media.sha256}#${n}`);
        const similarity = vec && opts.embedding ? cosine(opts.embedding.vector, vec) : null;
        const score = combinedScore(words.score, similarity);
        const scene = it.item.media.scenes[n];
        scenes.push({ n, startSec: scene?.startSec ?? 0, endSec: scene?.endSec ?? it.item.media.durationSec, score, thumb: scene?.thumb ?? '' });
        if (score > best.score) {
          best = { score, offline: words.score, similarity, reason: words.reason || (similarity !== null ? `looks like "${shorten(scene?.description ?? '')}"` : '') };
        }
      });
      if (best.score > 0) out.push({ item: it.item, ...best, scenes });
    }
    out.sort((a, b) => b.score - a.score || (a.item.path < b.item.path ? -1 : 1));
    return opts.limit !== undefined ? out.slice(0, opts.limit) : out;
  }

  /** Words a query reaches, for `footage search` to explain itself. */
  explain(text: string): string[] {
    return [...buildQuery(text, '', this.related).values()].filter((t) => stem(t.word) !== stem(t.from)).slice(0, 12).map((t) => `${t.word} ← ${t.from}`);
  }
}

function shorten(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
