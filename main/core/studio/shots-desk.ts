/**
 * The Studio's footage and shot-plan channels (#11), kept out of studio.ts: the footage library
 * (list, add with indexing progress, remove, search), the plan of a job shown as a strip before
 * it renders (with each shot's alternatives), the creator's changes to it, and its render.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  ChannelInput, ChannelResults, FootageProgress, FootageSnapshot, ShotCandidateView, ShotPlanView,
} from '../contract.js';
import { UserError, toErrorInfo, type ErrorInfo } from '../errors.js';
import type { FootageLibrary } from '../footage/library.js';
import { footageKind } from '../footage/media-kinds.js';
import { displayName } from '../footage/name-tags.js';
import { probeMedia } from '../media/probe.js';
import type { PlannedShots } from '../pipeline/plan-shots.js';
import type { JobSpec, RenderRequest } from '../pipeline/types.js';
import { reassignShot } from '../shots/assign.js';
import type { Candidate, Shot } from '../shots/types.js';
import type { PathGuard } from './path-guard.js';
import type { FileUrl } from './views.js';

/** What the desk needs of the engine (optional members: a test engine may not have a library). */
export interface ShotsEngine {
  readonly footage?: FootageLibrary;
  planShots?(req: RenderRequest): Promise<PlannedShots>;
  resolve?(spec: JobSpec): Promise<RenderRequest>;
  readonly ffmpeg: { ffmpeg: string; version: string; ffprobe?: string };
}

export interface ShotsDeskOptions {
  engine: ShotsEngine;
  dataDir: string;
  guard: PathGuard;
  fileUrl: FileUrl;
  /** Emits footage progress (the Studio's event bus). */
  emit: (p: FootageProgress) => void;
  /** Queues a job (the Studio's batch creation). */
  queueJob: (spec: JobSpec, label: string) => { jobId: string; batchId: string };
  describes: () => boolean;
  stockKeys: () => { pexels: boolean; pixabay: boolean };
  /** Reports an indexing outcome the user should see (broken files, AI trouble). */
  notice: (level: 'info' | 'warning', message: string) => void;
}

interface StoredPlan {
  spec: JobSpec;
  planned: PlannedShots;
}

/** Plans kept for the strip; the oldest goes when more are made. */
const MAX_PLANS = 20;

export class ShotsDesk {
  private readonly plans = new Map<string, StoredPlan>();
  private progress: FootageProgress | null = null;
  private indexing: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: ShotsDeskOptions) {
    const lib = o.engine.footage;
    if (!lib) return;
    lib.onProgress((p) => {
      this.progress = p.phase === 'done' ? null : { phase: p.phase, done: p.done, total: p.total, current: p.current, broken: p.broken };
      o.emit({ phase: p.phase, done: p.done, total: p.total, current: p.current, broken: p.broken });
    });
  }

  private library(): FootageLibrary {
    const lib = this.o.engine.footage;
    if (!lib) throw new UserError('internal', 'This host has no footage library.');
    return lib;
  }

  /** Resume an index an earlier session left unfinished (crash, quit): in the background. */
  resumeIndexing(): void {
    const lib = this.o.engine.footage;
    if (!lib || lib.repo.pending().length === 0) return;
    this.indexing = this.indexing.then(() => lib.resume()).catch(() => undefined);
  }

  list(): FootageSnapshot {
    const lib = this.library();
    const url = (p: string): string | null => (p ? this.o.fileUrl(p) : null);
    return {
      folders: lib.folders().map((f) => ({ path: f.path, files: f.files, ready: f.ready, pending: f.pending, broken: f.broken, scannedAt: f.scannedAt })),
      items: lib.items().map((i) => ({
        path: i.path, name: displayName(i.path), folder: i.folder, kind: i.kind, durationSec: i.media.durationSec, width: i.media.width,
        height: i.media.height, note: i.media.note, tags: i.tags.map((t) => t.word),
        scenes: i.media.scenes.map((s) => ({ startSec: s.startSec, endSec: s.endSec, thumbnailUrl: url(s.thumb), description: s.description })),
      })),
      problems: lib.unready().map((f) => ({ path: f.path, status: f.status === 'broken' ? 'broken' : 'pending', error: f.error })),
      indexing: this.progress,
      describes: this.o.describes(),
      stockKeys: this.o.stockKeys(),
    };
  }

  /** Adds the sources at once and indexes them in the background (progress on the footage event). */
  async add(input: ChannelInput<'footage.add'>): Promise<ChannelResults['footage.add']> {
    const lib = this.library();
    const errors: ErrorInfo[] = [];
    const ok: string[] = [];
    // Only what the user chose through the host (a drop, a dialog, an upload) is indexed.
    for (const p of input.paths) {
      try {
        ok.push(await this.o.guard.check(p, 'paths'));
      } catch (err) {
        errors.push(toErrorInfo(err));
      }
    }
    if (ok.length === 0) return { added: [], errors };
    const added = ok.filter((p) => !lib.folders().some((f) => f.path === p));
    this.indexing = this.indexing.then(async () => {
      try {
        const r = await lib.add(ok);
        const broken = r.summary.broken.length;
        this.o.notice(broken > 0 ? 'warning' : 'info', `Footage indexed: ${r.summary.indexed} new, ${r.summary.reused} already known${broken ? `, ${broken} broken (see the Footage view)` : ''}.`);
        for (const p of [...r.problems, ...(r.ai?.problems ?? [])]) this.o.notice('warning', p);
      } catch (err) {
        this.o.notice('warning', `Indexing stopped: ${toErrorInfo(err).message}`);
      }
    });
    return { added, errors };
  }

  async remove(input: ChannelInput<'footage.remove'>): Promise<ChannelResults['footage.remove']> {
    await this.library().remove(input.path);
    return { ok: true };
  }

  async search(input: ChannelInput<'footage.search'>): Promise<ChannelResults['footage.search']> {
    const search = await this.library().search();
    const results = search.match(input.text, '', { limit: 24 }).map((m) => ({
      path: m.item.path, name: displayName(m.item.path), score: Math.round(m.score * 1000) / 1000, reason: m.reason,
      thumbnailUrl: (() => {
        const best = [...m.scenes].sort((a, b) => b.score - a.score)[0];
        return best?.thumb ? this.o.fileUrl(best.thumb) : null;
      })(),
    }));
    return { results, related: search.explain(input.text) };
  }

  async plan(spec: JobSpec): Promise<ShotPlanView> {
    const { engine } = this.o;
    if (!engine.planShots || !engine.resolve) throw new UserError('internal', 'This host cannot plan shots.');
    const req = await engine.resolve(spec);
    const planned = await engine.planShots(req);
    const planId = randomUUID();
    this.plans.set(planId, { spec, planned });
    while (this.plans.size > MAX_PLANS) this.plans.delete(this.plans.keys().next().value as string);
    return this.view(planId);
  }

  async choose(input: ChannelInput<'shots.choose'>): Promise<ShotPlanView> {
    const stored = this.stored(input.planId);
    const shots = stored.planned.plan.shots;
    const shot = shots[input.index];
    if (!shot) throw new UserError('usage', `The plan has no shot ${input.index + 1}.`, 'index');
    let candidate: Candidate | undefined;
    if (input.candidateId !== undefined) {
      candidate = stored.planned.candidates[input.index]?.find((c) => c.id === input.candidateId && c.path !== null || c.id === input.candidateId && c.kind === 'builtin');
      if (!candidate) throw new UserError('usage', 'That picture is not one of this shot\'s candidates: plan again.', 'candidateId');
    } else if (input.path !== undefined) {
      candidate = await this.fileCandidate(await this.o.guard.check(input.path, 'path'));
    } else {
      throw new UserError('usage', 'Choose a candidate or a file for the shot.', 'candidateId');
    }
    const next: Shot = reassignShot(shot, candidate, stored.planned.plan.seed, input.index);
    shots[input.index] = input.path !== undefined ? { ...next, source: 'user', reason: 'chosen by you' } : next;
    return this.view(input.planId);
  }

  async render(input: ChannelInput<'shots.render'>): Promise<ChannelResults['shots.render']> {
    const stored = this.stored(input.planId);
    const dir = path.join(this.o.dataDir, 'plans');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${input.planId}.shots.json`);
    await writeFile(file, `${JSON.stringify(stored.planned.plan, null, 2)}\n`, 'utf8');
    return this.o.queueJob({ ...stored.spec, shots: file }, stored.planned.title);
  }

  private stored(planId: string): StoredPlan {
    const s = this.plans.get(planId);
    if (!s) throw new UserError('usage', 'This shot plan has expired: plan the video again.', 'planId');
    return s;
  }

  /** A file the user picked for a shot: a clip (probed) or a still. */
  private async fileCandidate(file: string): Promise<Candidate> {
    const kind = footageKind(file);
    if (!kind) throw new UserError('input', `${path.basename(file)} is not a clip or a picture Reelforge can show.`, file);
    let durationSec = 0;
    if (kind === 'clip') durationSec = (await probeMedia(this.o.engine.ffmpeg.ffprobe ?? 'ffprobe', file)).durationSec;
    return {
      id: `user:${file}`, source: 'library', kind, tier: 0, score: 1, reason: 'chosen by you', durationSec, scenes: [],
      path: file, label: path.basename(file), thumbnail: null, credit: null,
    };
  }

  private candidateView(c: Candidate | Shot, source?: ShotCandidateView['source']): ShotCandidateView {
    const id = 'candidateId' in c ? c.candidateId : c.id;
    return {
      id, source: source ?? c.source, kind: c.kind, label: c.label, reason: c.reason, score: Math.round(c.score * 1000) / 1000,
      thumbnailUrl: c.thumbnail && !/^https?:/.test(c.thumbnail) ? this.o.fileUrl(c.thumbnail) : null,
    };
  }

  private view(planId: string): ShotPlanView {
    const { planned } = this.stored(planId);
    return {
      planId, title: planned.title, totalSec: planned.plan.totalSec, transition: planned.plan.transition, warnings: planned.warnings,
      shots: planned.plan.shots.map((s, index) => ({
        index, startSec: s.startSec, durationSec: s.durationSec, text: s.text,
        chosen: this.candidateView(s, s.source),
        // Pictures that can be put on the shot right away: files (library, downloaded) and the look.
        alternatives: (planned.candidates[index] ?? []).filter((c) => c.id !== s.candidateId && (c.path !== null || c.kind === 'builtin')).slice(0, 8).map((c) => this.candidateView(c)),
      })),
    };
  }
}
