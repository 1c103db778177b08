/**
 * Shots: the narration's timing and the available pictures → the shot plan and the picture
 * track. Pure planning (slots, then the choice of pictures) around two impure steps: finding
 * candidates (library search, cached stock searches) and making the chosen ones real (a stock
 * download, a check that a library clip is still where it was indexed). A chosen picture that
 * cannot be used — a download cut off, a clip deleted since indexing, a stock answer with no
 * usable file — is excluded and the plan made again, so that shot falls back to its next
 * candidate; the manifest says why. An edited plan (`--shots FILE`) is rendered as written.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError, isUserError } from '../../errors.js';
import type { CompileShot } from '../../media/compile/video-track.js';
import { assignShots } from '../../shots/assign.js';
import { gatherCandidates, type CandidateSources } from '../../shots/candidates.js';
import type { ShotsLibrary } from '../../footage/library.js';
import { planSlots } from '../../shots/slots.js';
import type { Candidate, Shot, ShotPlan, TimedChunk, TimedSentence, Transition, VisualSource } from '../../shots/types.js';
import { uniqueCredits } from '../../stock/credits.js';
import type { StockLibrary } from '../../stock/stock-library.js';
import type { StockVideo } from '../../stock/types.js';
import type { RelatedWords } from '../../words/related-words.js';
import { FADE_SEC } from '../../media/compile/video-track.js';
import { fileIdentity } from './background.js';
import { stageKey, type StageCacheContext } from '../stage-cache.js';
import type { StageReport } from '../types.js';
import type { TrackChunk } from '../../media/captions/timing.js';
import type { StockCredit } from '../../shots/types.js';

const VERSION = 1;
/** Plans made again after a chosen picture turned out unusable, before giving those shots the built-in look. */
const MAX_REPLANS = 6;

export interface ShotsInputs {
  chunks: readonly TrackChunk[];
  totalSec: number;
  order: readonly VisualSource[];
  transition: Transition;
  seed: number;
  /** The built-in look for shots nothing matches. */
  builtin: string;
  fps: number;
  size: { width: number; height: number };
  /** Search terms for the whole video (from the ideas stage), for stock when a slot's words find nothing. */
  fallbackTerms: readonly string[];
  /** An edited plan to render as written. */
  plan?: ShotPlan;
  planFile?: string;
  /**
   * How a plan written for a voice of another length is made to fit: the last shot takes up the
   * difference (a creator's edit, the default), or every shot is scaled (a plan a farm controller
   * timed to its voice, rendered on a machine whose voice engine speaks at another pace).
   */
  fit?: 'last' | 'scale';
}

export interface ShotsDeps {
  library: ShotsLibrary | null;
  stock: StockLibrary | null;
  related: RelatedWords;
  signal: AbortSignal;
  onFraction: (f: number) => void;
}

export interface ShotsOutput {
  plan: ShotPlan;
  /** Every slot's candidates, best first (null for a plan rendered as written): the strip's alternatives. */
  candidates: Candidate[][] | null;
  shots: CompileShot[];
  /** What the picture track shows, for the compile's key: sources' identities, in-points, lengths, moves. */
  key: string;
  credits: StockCredit[];
  warnings: string[];
  /** Every file the plan shows → its identity (library and edited: `sha256:<hex>`; stock: its cache key). */
  sources: ReadonlyMap<string, string>;
  report: StageReport;
}

/** Sentences and caption chunks in seconds, from the voice track. */
export function timedText(chunks: readonly TrackChunk[]): { sentences: TimedSentence[]; chunks: TimedChunk[] } {
  const timed: TimedChunk[] = chunks.map((c) => ({ sentence: c.sentence, text: c.text, startSec: c.startMs / 1000, endSec: c.endMs / 1000 }));
  const bySentence = new Map<number, TimedChunk[]>();
  for (const c of timed) {
    const list = bySentence.get(c.sentence) ?? [];
    list.push(c);
    bySentence.set(c.sentence, list);
  }
  const sentences = [...bySentence.entries()].map(([index, list]) => ({
    index, text: list.map((c) => c.text).join(' '), startSec: Math.min(...list.map((c) => c.startSec)), endSec: Math.max(...list.map((c) => c.endSec)),
  }));
  return { sentences, chunks: timed };
}

export function compileShotOf(s: Shot): CompileShot {
  if (s.kind === 'builtin') return { source: { kind: 'builtin', name: s.builtin ?? 'aurora' }, durationSec: s.durationSec };
  if (s.kind === 'still') return { source: { kind: 'still', path: s.path as string, move: s.treatment === 'pull-out' ? 'pull-out' : 'push-in' }, durationSec: s.durationSec };
  return {
    source: { kind: 'file', path: s.path as string, startSec: s.inSec, loop: s.loop, ...(s.speed < 1 ? { speed: s.speed } : {}) },
    durationSec: s.durationSec,
  };
}

export async function shotsStage(ctx: StageCacheContext, inp: ShotsInputs, deps: ShotsDeps): Promise<ShotsOutput> {
  const started = performance.now();
  const warnings: string[] = [];
  const identities = new Map<string, string>();
  let shots: Shot[];
  let candidates: Candidate[][] | null = null;
  if (inp.plan) {
    shots = await asWritten(ctx, inp, deps, inp.plan, inp.planFile ?? 'the shot plan', warnings, identities);
  } else {
    ({ shots, candidates } = await planAndFetch(ctx, inp, deps, warnings, identities));
  }
  deps.onFraction(1);
  const plan: ShotPlan = { version: 1, seed: inp.seed, transition: inp.transition, totalSec: inp.totalSec, fps: inp.fps, shots };
  const key = stageKey('shots', VERSION, {
    transition: inp.transition,
    shots: shots.map((s) => ({
      d: s.durationSec, kind: s.kind, id: s.path ? identities.get(s.path) ?? s.path : s.builtin, in: s.inSec, speed: s.speed, loop: s.loop, move: s.treatment,
    })),
  });
  return {
    plan, candidates, shots: shots.map(compileShotOf), key, credits: uniqueCredits(shots.map((s) => s.credit)), warnings, sources: identities,
    report: { stage: 'shots', status: 'done', ms: performance.now() - started, key },
  };
}

/**
 * An edited plan: checked, its files identified, lengths made to fit the voice. A stock shot
 * whose file the cache has since let go is fetched again from the address the plan kept.
 */
async function asWritten(
  ctx: StageCacheContext, inp: ShotsInputs, deps: ShotsDeps, plan: ShotPlan, file: string, warnings: string[], identities: Map<string, string>,
): Promise<Shot[]> {
  const { totalSec } = inp;
  const shots = plan.shots.map((s) => ({ ...s }));
  const sum = shots.reduce((a, s) => a + s.durationSec, 0);
  const last = shots.at(-1) as Shot;
  if (inp.fit === 'scale' && Math.abs(sum - totalSec) > 1 / plan.fps) {
    scaleShots(shots, totalSec, plan.fps);
    warnings.push(`The shot plan was timed to a voice of ${sum.toFixed(2)} s; the voice here lasts ${totalSec.toFixed(2)} s (another engine or version): every shot was scaled to fit.`);
  } else if (Math.abs(sum - totalSec) > 1 / plan.fps) {
    const fitted = totalSec - (sum - last.durationSec);
    if (fitted < 0.5) {
      throw new UserError('input', `Shot plan ${file}: the shots add up to ${sum.toFixed(2)} s but the voice and its tail last ${totalSec.toFixed(2)} s: shorten the shots so they fit.`, file);
    }
    warnings.push(`Shot plan ${path.basename(file)}: the shots added up to ${sum.toFixed(2)} s, the voice lasts ${totalSec.toFixed(2)} s: the last shot was made ${fitted.toFixed(2)} s long.`);
    last.durationSec = Math.round(fitted * 1e6) / 1e6;
  }
  let start = 0;
  for (const [i, s] of shots.entries()) {
    s.startSec = start;
    start += s.durationSec;
    if (s.kind === 'builtin' || s.path === null) continue;
    const refetch = s.source === 'stock' && s.download && s.credit && deps.stock ? await stat(s.path).then(() => false, () => true) : false;
    if (refetch && s.download && s.credit && deps.stock) {
      const id = s.candidateId.split(':').pop() ?? s.candidateId;
      const video: StockVideo = {
        provider: s.credit.provider, id, durationSec: 0, width: s.download.width, height: s.download.height, tags: [], thumbnail: null,
        renditions: [s.download], credit: s.credit,
      };
      try {
        const got = await deps.stock.download(ctx, video, inp.size, deps.signal);
        s.path = got.path;
        identities.set(got.path, got.key);
        continue;
      } catch (err) {
        throw new UserError('input', `Shot plan ${file}: shot ${i + 1}'s stock video could not be fetched again (${isUserError(err) ? err.message : String(err)}): pick another file for it.`, file);
      }
    }
    try {
      identities.set(s.path, await fileIdentity(s.path, ctx.cache));
    } catch {
      throw new UserError('input', `Shot plan ${file}: shot ${i + 1} shows ${s.path}, which does not exist: fix its "path" (or render without --shots for a new plan).`, s.path);
    }
  }
  return shots;
}

/** Every shot's length scaled so they add up to `totalSec`, cuts kept on frames (the last shot takes the rounding). */
export function scaleShots(shots: Shot[], totalSec: number, fps: number): void {
  const sum = shots.reduce((a, s) => a + s.durationSec, 0);
  let at = 0;
  let before = 0;
  for (const [i, s] of shots.entries()) {
    before += s.durationSec;
    const left = shots.length - 1 - i;
    const end = left === 0 ? totalSec : Math.min(totalSec - left / fps, Math.max(at + 1 / fps, Math.round((before / sum) * totalSec * fps) / fps));
    s.durationSec = Math.round((end - at) * 1e6) / 1e6;
    at = end;
  }
}

async function planAndFetch(ctx: StageCacheContext, inp: ShotsInputs, deps: ShotsDeps, warnings: string[], identities: Map<string, string>): Promise<{ shots: Shot[]; candidates: Candidate[][] }> {
  const { sentences, chunks } = timedText(inp.chunks);
  const slots = planSlots(sentences, chunks, inp.totalSec, { fps: inp.fps });
  const sources: CandidateSources = {
    order: inp.order, library: deps.library, stock: deps.stock, builtin: inp.builtin,
    portrait: inp.size.height > inp.size.width, related: deps.related, fallbackTerms: inp.fallbackTerms, signal: deps.signal,
  };
  // With embeddings in the library, each slot's words are embedded too (cached) and ranking goes by meaning.
  if (deps.library?.embedQueries) {
    try {
      sources.embeddings = await deps.library.embedQueries(slots.map((s) => (s.text === s.sentenceText ? s.text : `${s.text} (${s.sentenceText})`)), deps.signal);
    } catch (err) {
      if (deps.signal.aborted) throw err;
      warnings.push(`Matching by meaning was skipped (${isUserError(err) ? err.message : String(err)}): shots were matched by words.`);
    }
  }
  const gathered = await gatherCandidates(slots, sources);
  warnings.push(...gathered.warnings);
  deps.onFraction(0.3);

  const excluded = new Set<string>();
  const fetched = new Map<string, Fetched>();
  // With a fade each shot shows a little longer than its slot: in-points keep that inside the scene.
  const padSec = inp.transition === 'fade' ? FADE_SEC : 0;
  for (let round = 0; ; round++) {
    const candidates = gathered.candidates.map((list) => list.filter((c) => !excluded.has(c.id) || c.source === 'builtin'));
    const shots = assignShots(slots, candidates, { seed: inp.seed, padSec });
    const failed = await materialise(ctx, shots, inp, deps, gathered.stock, fetched, identities);
    if (failed.length === 0 || round >= MAX_REPLANS) {
      for (const f of failed) warnings.push(f.why);
      return { shots, candidates };
    }
    for (const f of failed) {
      excluded.add(f.id);
      warnings.push(`${f.why}: the next candidate was used.`);
    }
  }
}

interface Fetched {
  path: string;
  key: string;
  download: { url: string; width: number; height: number };
}

interface Failure {
  id: string;
  why: string;
}

/** Downloads the chosen stock files and checks the chosen library files; returns what could not be used. */
async function materialise(
  ctx: StageCacheContext, shots: Shot[], inp: ShotsInputs, deps: ShotsDeps, stock: Map<string, StockVideo>,
  fetched: Map<string, Fetched>, identities: Map<string, string>,
): Promise<Failure[]> {
  const failed: Failure[] = [];
  const stockShots = shots.filter((s) => s.source === 'stock').length;
  let done = 0;
  for (const [i, s] of shots.entries()) {
    if (deps.signal.aborted) throw new UserError('cancelled', 'The render was cancelled.');
    if (s.source === 'stock') {
      const video = stock.get(s.candidateId);
      let got = fetched.get(s.candidateId);
      if (!got && video) {
        try {
          const d = await (deps.stock as StockLibrary).download(ctx, video, inp.size, deps.signal);
          got = { path: d.path, key: d.key, download: { url: d.url, width: d.width, height: d.height } };
          fetched.set(s.candidateId, got);
        } catch (err) {
          if (deps.signal.aborted) throw err;
          failed.push({ id: s.candidateId, why: `Shot ${i + 1}: ${s.label} could not be used (${isUserError(err) ? err.message : String(err)})` });
          continue;
        }
      }
      if (!got) {
        failed.push({ id: s.candidateId, why: `Shot ${i + 1}: ${s.label} is no longer offered` });
        continue;
      }
      s.path = got.path;
      s.download = got.download;
      identities.set(got.path, got.key);
      deps.onFraction(0.3 + (0.7 * ++done) / Math.max(1, stockShots));
    } else if (s.source === 'library' && s.path) {
      // Indexed earlier; the file may have been moved, deleted or re-exported since.
      const known = deps.library?.identityOf(s.path) ?? null;
      const st = await stat(s.path).catch(() => null);
      if (!known || !st || st.size !== known.size || Math.round(st.mtimeMs) !== known.mtimeMs) {
        failed.push({ id: s.candidateId, why: `Shot ${i + 1}: ${path.basename(s.path)} ${st ? 'changed' : 'was moved or deleted'} since it was indexed` });
        continue;
      }
      identities.set(s.path, `sha256:${known.sha256}`);
    }
  }
  return failed;
}
