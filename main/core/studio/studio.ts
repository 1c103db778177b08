/**
 * The Studio: every contract channel, implemented once over the engine, the queue and the
 * settings, for the desktop app (ipcMain) and the browser host (WebSocket). Hosts validate
 * input with the contract's schemas before calling a handler (main/host/dispatch.ts) and
 * subscribe to events with `on`. Nothing here imports electron: host powers (open a file,
 * reveal it, map a path to a URL, keep the key safe) are injected.
 */
import { roundRate } from '../voice/rate.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { readBatchInput } from '../batch/input.js';
import { assignBackgrounds } from '../batch/assign-backgrounds.js';
import { checkSpec } from '../batch/spec-check.js';
import type { InputJob, RunJob } from '../batch/types.js';
import type {
  AddFilesResult, AppInfo, FarmStatus, ChannelInput, ChannelResults, ContractHandlers, EventName, EventPayloads, LibraryItem, PerfSnapshot, Settings,
} from '../contract.js';
import type { CacheLimits, CacheStats, PruneReport } from '../cache/types.js';
import type { Db } from '../db.js';
import { UserError, type ErrorInfo } from '../errors.js';
import { VideoDeletions } from '../library/video-deletions.js';
import { listBuiltinBackgrounds } from '../media/backgrounds.js';
import { projectRoot } from '../paths.js';
import type { JobSpec, RenderOptions } from '../pipeline/types.js';
import type { RequestDefaults } from '../pipeline/request.js';
import type { AiOptions, PreviewResult } from '../engine.js';
import { chooseApiKey, type KeyChoice, type SavedKey } from '../settings/api-key.js';
import { effectiveBaseURL, usableEngineOptions } from '../settings/engine-options.js';
import { SERVICE_KEYS, type ServiceKeyName, type ServiceKeysSet } from '../settings/service-keys.js';
import type { SettingsView } from '../settings/store.js';
import { fileLabel } from '../text/file-label.js';
import { listVoices, type VoiceListing } from '../voice/voices.js';
import { probeRecording } from '../voiceover/probe-audio.js';
import { outsideJobs } from '../batch/job-scope.js';
import type { ToolMemo } from '../binaries/tool-memo.js';
import { locateFfmpeg } from '../media/ffmpeg-locate.js';
import { EventBus } from './event-bus.js';
import { isInside, PathGuard, realLocation } from './path-guard.js';
import { LooksService } from '../looks/service.js';
import { fontsDir } from '../media/fonts.js';
import type { RenderingEngine } from './run-job.js';
import { openRuntime, type Runtime } from './runtime.js';
import { toJobView, type FileUrl } from './views.js';
import { ShotsDesk, type ShotsEngine } from './shots-desk.js';
import { engineRunJob } from './run-job.js';
import { FarmHost, type FarmHostOptions } from '../farm/farm-host.js';
import { FARM_DEFAULT_CONCURRENCY, FARM_MAX_CONCURRENCY } from '../farm/farm-options.js';
import type { FarmRenderingEngine } from '../farm/farm-run-job.js';
import { requestDefaultsFrom } from '../settings/engine-options.js';

/** What the Studio needs of the Engine: an interface, so tests can pass a fake one. */
export interface StudioEngine extends RenderingEngine, Omit<ShotsEngine, 'ffmpeg' | 'resolve'> {
  preview(spec: { topic: string; genre?: string; duration?: number }, opts?: RenderOptions): Promise<PreviewResult>;
  voicePreview(text: string, voice: string, outPath: string, rate?: number): Promise<{ durationMs: number }>;
  /** Every configured engine's voices; an engine without it lists the system's and Edge's. */
  listVoices?(): Promise<VoiceListing>;
  readonly cache: { stats(): CacheStats; prune(): PruneReport; clear(): number; setLimits(limits: Partial<CacheLimits>): void };
  readonly perf: { snapshot(): PerfSnapshot };
  readonly ffmpeg: { ffmpeg: string; version: string; ffprobe?: string };
  readonly ai: { identity: { id: string } };
  readonly pool?: { resize?(n: number): void };
  /** Applies AI settings without a restart; an engine without it gets a restart notice. */
  configureAi?(opts: AiOptions): void;
  /** Shots (#11): new stock keys for renders from now on. */
  configureStock?(keys: { pexels?: string; pixabay?: string }): void;
  /** Remembered voice lists (main/core/binaries/tool-memo.ts); without it voices are listed afresh. */
  readonly toolMemo?: ToolMemo;
  /** Throws a usage error when this machine has no such voice (checked when saved or queued, not when it runs). */
  checkVoice?(id: string): Promise<void>;
}

/** Where the host keeps the API key, with the base URL it was saved for (host/key-file.ts, electron/secrets.ts). */
/** A plain key with no base URL (a service's: settings/service-keys.ts): saved, else the host's environment. */
export interface KeyStore {
  get(): string | null;
  set(key: string | null): void;
}

export interface SecretStore {
  get(): SavedKey | null;
  set(saved: SavedKey | null): void;
}

export interface StudioOptions {
  engine: StudioEngine;
  dataDir: string;
  host: 'electron' | 'web';
  /** Maps a file to a URL the renderer may load, or null when the host cannot serve it. */
  fileUrl: FileUrl;
  openPath?: (absPath: string) => Promise<void> | void;
  revealPath?: (absPath: string) => Promise<void> | void;
  secrets: SecretStore;
  /** OPENAI_API_KEY from the host's environment: used when no key is saved. */
  envApiKey?: string;
  /** Where the services' keys are kept — Pexels, Pixabay (#11), ElevenLabs (#12) — each falling back to its environment variable. */
  serviceKeys?: Record<ServiceKeyName, KeyStore>;
  /** Tests: an open app database and a fake renderer. */
  db?: Db;
  runJob?: RunJob;
  /** The render farm as set on the command line (`reelforge farm --redis …`); otherwise Settings → Render farm. */
  farm?: FarmHostOptions['fixed'];
  now?: () => number;
  /** How often cache stats and perf are pushed while a batch runs (ms). */
  statsIntervalMs?: number;
}

/** Audio a creator can pick as a music bed (what ffmpeg reads; the render checks the file itself). */
const MUSIC_EXTENSIONS = new Set(['.mp3', '.m4a', '.aac', '.wav', '.ogg', '.opus', '.flac']);

/** Settings the engine's AI side is built from: a change rebuilds it (configureAi). */
const AI_SETTINGS: (keyof Settings)[] = ['provider', 'baseURL', 'textModel', 'speechModel', 'aiConcurrency', 'ttsConcurrency', 'prices'];

function sameSetting(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export class Studio implements ContractHandlers {
  private readonly engine: StudioEngine;
  private readonly runtime: Runtime;
  private readonly bus: EventBus;
  private readonly guard: PathGuard;
  private readonly looks: LooksService;
  private readonly version = readVersion();
  private ticker: ReturnType<typeof setInterval> | null = null;
  private readonly offs: (() => void)[] = [];
  /** Voice previews made this session: file → duration (a replay costs nothing). */
  private readonly voicePreviews = new Map<string, number>();
  private readonly heldNotices: EventPayloads['notice'][] = [];
  private readonly deletions: VideoDeletions;

  private readonly shots: ShotsDesk;
  /** The render farm, when the engine can run one (a real Engine, not a test fake). */
  private readonly farm: FarmHost | null;
  private readonly farmStarted: Promise<void>;

  constructor(private readonly o: StudioOptions) {
    this.engine = o.engine;
    this.bus = new EventBus(200, o.now);
    // Jobs go to the render farm while it is on, to the local pool otherwise. Both read the
    // current settings through the runtime opened just below.
    const settingsNow = (): Partial<RequestDefaults> => (this.runtime ? requestDefaultsFrom(this.runtime.settings.get()) : {});
    const local = o.runJob ?? engineRunJob(o.engine, settingsNow);
    this.runtime = openRuntime({
      dataDir: o.dataDir, engine: o.engine, apiKeySet: () => o.secrets.get() !== null,
      runJob: (spec, ctx) => (this.farm ? this.farm.route(local) : local)(spec, ctx), maxConcurrency: FARM_MAX_CONCURRENCY,
      ...(o.db ? { db: o.db } : {}), ...(o.now ? { now: o.now } : {}),
      warn: (message) => this.bus.emit('notice', { level: 'warning', message }),
    });
    this.farm = isFarmEngine(o.engine) && !o.runJob ? new FarmHost({
      engine: o.engine, db: this.runtime.db, dataDir: o.dataDir, defaults: settingsNow,
      ...(o.farm ? { fixed: o.farm } : {}),
      log: (line) => process.stderr.write(`${line}\n`),
      onState: (state, message) => this.onFarmState(state, message),
    }) : null;
    this.farmStarted = this.farm?.start() ?? Promise.resolve();
    // What may be read: the data folder (where the browser host's uploads land) and what the
    // desktop user chose: this session's drops and dialogs (grant) and the clips of earlier ones.
    this.guard = new PathGuard([o.dataDir], o.host === 'web'
      ? 'drop it on the queue to upload it (the browser host reads only uploaded files and its data folder)'
      : 'drop it on the queue or pick it with File → Add Files…');
    if (o.host === 'electron') for (const clip of this.runtime.library.list()) this.guard.grant(clip);
    this.looks = new LooksService({ dataDir: o.dataDir, fontsDir: fontsDir(), ffmpeg: () => this.engine.ffmpeg.ffmpeg, check: (p, field) => this.guard.check(p, field) });

    this.shots = new ShotsDesk({
      engine: o.engine, dataDir: o.dataDir, guard: this.guard, fileUrl: o.fileUrl,
      emit: (p) => this.bus.emit('footage', p),
      queueJob: (spec, label) => {
        const batchId = this.createBatch([{ spec, source: 'shot plan' }], label);
        return { batchId, jobId: this.runtime.queue.jobs().find((j) => j.batchId === batchId)?.id ?? '' };
      },
      describes: () => o.engine.ai.identity.id === 'openai',
      stockKeys: () => ({ pexels: Boolean(o.serviceKeys?.pexels.get()), pixabay: Boolean(o.serviceKeys?.pixabay.get()) }),
      notice: (level, message) => this.bus.emit('notice', { level, message }),
    });
    this.shots.resumeIndexing();

    const { queue } = this.runtime;
    this.offs.push(queue.onJob((job) => {
      this.bus.jobChanged(toJobView(job, o.fileUrl));
      if (job.status === 'running') this.startTicker();
    }));
    this.offs.push(queue.onBatch((batch) => this.bus.batchChanged(batch)));
    this.offs.push(queue.onJobsRemoved((ids) => this.bus.jobsRemoved(ids)));
    this.deletions = new VideoDeletions({ queue, ...(o.now ? { now: o.now } : {}), warn: (message) => this.bus.emit('notice', { level: 'warning', message }) });
    this.deletions.resume();
    if (queue.interruptedAtOpen > 0) {
      // Nobody listens yet at construction: held until the first notice subscriber arrives.
      this.heldNotices.push({ level: 'info', message: `${queue.interruptedAtOpen} video(s) were interrupted when Reelforge last closed: resume the batch to finish them.` });
    }
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    const off = this.bus.on(event, listener);
    if (event === 'notice' && this.heldNotices.length > 0) {
      const held = this.heldNotices.splice(0);
      queueMicrotask(() => {
        for (const n of held) (listener as (p: EventPayloads['notice']) => void)(n);
      });
    }
    return off;
  }

  /** Interrupts running jobs (resumable next time), stops timers and closes the database. */
  async close(): Promise<void> {
    this.stopTicker();
    for (const off of this.offs) off();
    await this.deletions.close();
    await this.runtime.close();
    // After the queue: interrupted farm jobs were detached (they carry on; the next start re-attaches).
    await this.farm?.close();
    this.bus.flush();
    this.bus.dispose();
  }

  /** The queue, for hosts that drive it directly (the CLI) and for tests. */
  get queue(): Runtime['queue'] {
    return this.runtime.queue;
  }

  // ── app and settings ──────────────────────────────────────────────────────

  async 'app.info'(): Promise<AppInfo> {
    const ffmpeg = this.engine.ffmpeg;
    return {
      version: this.version,
      dataDir: this.o.dataDir,
      ffmpeg: ffmpeg ? { path: ffmpeg.ffmpeg, version: ffmpeg.version } : null,
      host: this.o.host,
      apiKeySet: this.o.secrets.get() !== null,
      envApiKey: Boolean(this.o.envApiKey),
      providerInUse: this.engine.ai.identity.id === 'openai' ? 'openai' : 'offline',
    };
  }

  async 'settings.get'(): Promise<ChannelResults['settings.get']> {
    return this.withKeyNote(this.runtime.settings.get());
  }

  async 'settings.set'(input: Partial<Settings>): Promise<ChannelResults['settings.set']> {
    if (input.outputDir !== undefined && this.o.host === 'web') input = { ...input, outputDir: await this.webOutputDir(input.outputDir) };
    // An ffmpeg that does not run is refused here, with why, rather than at the next start.
    if (input.ffmpegPath?.trim()) await locateFfmpeg({ setting: input.ffmpegPath });
    // A voice this machine lacks would fail every later job: refuse it now, naming the field.
    if (input.defaultVoice !== undefined && input.defaultVoice !== this.runtime.settings.get().defaultVoice) {
      await this.checkVoiceFor(input.defaultVoice, 'defaultVoice');
    }
    // Only a style the looks library lists (built-in or saved): a typo would fail every later job.
    if (input.captionStyle !== undefined) await this.looks.library.assertCaptionStyle(input.captionStyle);
    const before = this.runtime.settings.get();
    const after = this.runtime.settings.set(input);
    this.applySettings(before, after);
    return this.withKeyNote(after);
  }

  async 'settings.setApiKey'(input: { key: string | null }): Promise<{ apiKeySet: boolean }> {
    const key = input.key?.trim() || null;
    const s = this.runtime.settings.get();
    // Bound to where requests go now: after a base URL change it is not sent until saved again.
    this.o.secrets.set(key === null ? null : { key, baseURL: effectiveBaseURL(s) });
    this.applyAi(s);
    return { apiKeySet: this.o.secrets.get() !== null };
  }

  async 'voices.list'(): Promise<ChannelResults['voices.list']> {
    if (this.engine.listVoices) return (await this.engine.listVoices()).voices;
    const { key } = this.keyChoice(this.runtime.settings.get());
    return listVoices(key ? { openai: { apiKey: key, model: this.runtime.settings.get().speechModel } } : {}, this.o.engine.toolMemo);
  }

  async 'backgrounds.list'(): Promise<ChannelResults['backgrounds.list']> {
    const builtin = listBuiltinBackgrounds().map((b) => ({ id: b.id, name: b.name, kind: 'builtin' as const, thumbnailUrl: null }));
    const files = this.runtime.library.list().map((p) => ({ id: p, name: path.basename(p), kind: 'file' as const, thumbnailUrl: null }));
    return [...builtin, ...files];
  }

  // ── create panel ──────────────────────────────────────────────────────────

  async 'create.preview'(input: ChannelInput<'create.preview'>): Promise<ChannelResults['create.preview']> {
    return this.engine.preview(input);
  }

  async 'create.voicePreview'(input: ChannelInput<'create.voicePreview'>): Promise<ChannelResults['create.voicePreview']> {
    // Same text, voice and rate → same file: replaying a preview costs nothing.
    const rate = roundRate(input.rate ?? 1);
    const hash = createHash('sha256').update(`${input.voice}\n${rate === 1 ? '' : `${rate}\n`}${input.text}`).digest('hex').slice(0, 20);
    const dir = path.join(this.o.dataDir, 'previews');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `voice-${hash}.wav`);
    let durationMs = this.voicePreviews.get(file);
    if (durationMs === undefined || !existsSync(file)) {
      durationMs = (await this.engine.voicePreview(input.text, input.voice, file, rate)).durationMs;
      this.voicePreviews.set(file, durationMs);
    }
    const audioUrl = this.o.fileUrl(file);
    if (audioUrl === null) throw new UserError('internal', 'This host cannot play files from the data folder.');
    return { audioUrl, durationMs };
  }

  async 'create.recording'(input: { path: string }): Promise<ChannelResults['create.recording']> {
    // Only a file the user chose: picked in the desktop app (the preload reports it) or uploaded into the data folder.
    const chosen = await this.guard.check(input.path, 'voiceover');
    return probeRecording(this.engine.ffmpeg.ffprobe ?? 'ffprobe', chosen);
  }

  // ── queue and batches ─────────────────────────────────────────────────────

  /**
   * Files or folders the user chose through the host itself (a dialog the desktop main process
   * opened, a drop whose path the preload read): from now on they, and what is inside a folder,
   * may be read. Hosts call this; no contract channel leads here, so a page cannot widen it.
   */
  grant(paths: readonly string[]): void {
    for (const p of paths) this.guard.grant(p);
  }

  async 'queue.addFiles'(input: { paths: string[] }): Promise<AddFilesResult> {
    // Only what the user chose: a path the page merely names is refused, the whole request with it.
    const chosen: string[] = [];
    for (const p of input.paths) chosen.push(await this.guard.check(p, 'paths'));
    // Audio files are music the user picked (Create's Music field), not job lists.
    const musicAdded = chosen.filter((p) => MUSIC_EXTENSIONS.has(path.extname(p).toLowerCase()));
    const lists = chosen.filter((p) => !musicAdded.includes(p));
    if (lists.length === 0) return { batchId: null, jobsAdded: 0, backgroundsAdded: [], musicAdded, errors: [] };
    const read = await readBatchInput(lists, { assign: false });
    const backgroundsAdded = this.runtime.library.add(read.backgrounds);
    // Clips dropped together with a job list are its pool; otherwise the whole library is.
    const pool = read.backgrounds.length > 0 ? read.backgrounds : this.runtime.library.list();
    const errors: ErrorInfo[] = read.errors.map((e) => ({ kind: 'input', message: `${e.source}: ${e.message}`, subject: e.source }));
    // A list may name clips and music only where the user could have chosen them itself; a row
    // that names anything else fails alone.
    const jobs: InputJob[] = [];
    for (const j of read.jobs) {
      try {
        jobs.push({ ...j, spec: await this.guardSpec(j.spec) });
      } catch (err) {
        errors.push({ kind: 'usage', message: `${j.source}: ${err instanceof Error ? err.message : String(err)}`, subject: j.source });
      }
    }
    if (jobs.length === 0) return { batchId: null, jobsAdded: 0, backgroundsAdded, musicAdded, errors };
    const label = lists.map(fileLabel).join(', ').slice(0, 200);
    const batch = this.createBatch(assignBackgrounds(jobs, pool), label);
    return { batchId: batch, jobsAdded: jobs.length, backgroundsAdded, musicAdded, errors };
  }

  async 'queue.addJobs'(input: { jobs: JobSpec[] }): Promise<AddFilesResult> {
    const jobs: InputJob[] = [];
    const errors: ErrorInfo[] = [];
    for (const [i, raw] of input.jobs.entries()) {
      const source = `job ${i + 1}`;
      try {
        const spec = await this.guardSpec(raw);
        const problem = checkSpec(spec);
        // An unknown voice is caught here, not minutes later when the job reaches the voice stage.
        if (!problem && spec.voice !== undefined) await this.checkVoiceFor(spec.voice, 'voice');
        if (problem) errors.push({ kind: 'input', message: `${source}: ${problem}`, subject: source });
        else jobs.push({ spec, source });
      } catch (err) {
        errors.push({ kind: 'usage', message: `${source}: ${err instanceof Error ? err.message : String(err)}`, subject: source });
      }
    }
    if (jobs.length === 0) return { batchId: null, jobsAdded: 0, backgroundsAdded: [], errors };
    // A job that names neither a background nor where its shots come from takes a clip from the
    // creator's dropped clips, as a dropped list does; one that names its sources is planned shot by shot.
    const label = jobs.length === 1 ? (jobs[0]?.spec.title ?? jobs[0]?.spec.topic ?? 'script') : `${jobs.length} videos`;
    const open = jobs.filter((j) => j.spec.visuals === undefined);
    const assigned = new Map(assignBackgrounds(open, this.runtime.library.list()).map((j, i) => [open[i], j]));
    const batchId = this.createBatch(jobs.map((j) => assigned.get(j) ?? j), label);
    return { batchId, jobsAdded: jobs.length, backgroundsAdded: [], errors };
  }

  async 'queue.list'(): Promise<ChannelResults['queue.list']> {
    const { queue } = this.runtime;
    const jobs = queue.jobs().map((j) => toJobView(j, this.o.fileUrl));
    // A batch whose every job was cleared has nothing left to show.
    const listed = new Set(jobs.map((j) => j.batchId));
    return { batches: queue.batches().filter((b) => listed.has(b.id)), jobs };
  }

  async 'queue.clearFinished'(input: { batchId?: string }): Promise<{ cleared: number }> {
    return { cleared: this.runtime.queue.clearFinished(input.batchId) };
  }

  async 'batch.start'(input: { batchId?: string }): Promise<{ batchId: string }> {
    const { queue } = this.runtime;
    queue.start(input.batchId);
    return { batchId: input.batchId ?? queue.batches().at(-1)?.id ?? '' };
  }

  async 'batch.pause'(input: { batchId: string }): Promise<{ ok: true }> {
    this.runtime.queue.pauseBatch(input.batchId);
    return { ok: true };
  }

  async 'batch.resume'(input: { batchId: string }): Promise<{ ok: true }> {
    const { queue } = this.runtime;
    const b = queue.getBatch(input.batchId);
    if (b?.status === 'interrupted') queue.resume(input.batchId);
    else queue.resumeBatch(input.batchId);
    return { ok: true };
  }

  async 'batch.cancel'(input: { batchId: string }): Promise<{ ok: true }> {
    this.runtime.queue.cancelBatch(input.batchId);
    return { ok: true };
  }

  async 'batch.retryFailed'(input: { batchId: string; includeCancelled?: boolean }): Promise<{ retried: number }> {
    return { retried: this.runtime.queue.retryFailed(input.batchId, { cancelled: input.includeCancelled ?? true }) };
  }

  async 'batch.setOptions'(input: { batchId?: string; concurrency?: number; stopOnError?: boolean }): Promise<{ ok: true }> {
    const opts = {
      ...(input.concurrency !== undefined ? { concurrency: input.concurrency } : {}),
      ...(input.stopOnError !== undefined ? { stopOnError: input.stopOnError } : {}),
    };
    // With a batch: that batch only. Without: the setting (new batches, the global cap) and
    // every batch still open, so the Queue panel's slider speeds up what is running now.
    const { queue } = this.runtime;
    if (input.batchId !== undefined) {
      queue.setBatchOptions(input.batchId, opts);
    } else {
      await this['settings.set'](opts);
      for (const b of queue.batches()) if (b.status !== 'done' && b.status !== 'cancelled') queue.setBatchOptions(b.id, opts);
    }
    return { ok: true };
  }

  // ── jobs ──────────────────────────────────────────────────────────────────

  async 'job.cancel'(input: { jobId: string }): Promise<{ ok: true }> {
    this.runtime.queue.cancelJob(input.jobId);
    return { ok: true };
  }

  async 'job.retry'(input: { jobId: string }): Promise<{ ok: true }> {
    this.runtime.queue.retryJob(input.jobId);
    return { ok: true };
  }

  async 'job.rerender'(input: { jobId: string; changes: JobSpec }): Promise<{ jobId: string }> {
    const { queue } = this.runtime;
    const job = queue.getJob(input.jobId);
    if (!job) throw new UserError('usage', `No job with id "${input.jobId}".`, 'jobId');
    const changes = await this.guardSpec(input.changes);
    const spec: JobSpec = { ...job.spec };
    for (const [k, v] of Object.entries(changes)) if (v !== undefined) (spec as Record<string, unknown>)[k] = v;
    const problem = checkSpec(spec);
    if (problem) throw new UserError('usage', `Cannot re-render: ${problem}.`, 'changes');
    // Its own batch, so it lists at the top of the Queue (newest first) and says what changed.
    const source = `re-render of "${job.title}": ${describeChanges(job.spec, changes)}`.slice(0, 300);
    const s = this.runtime.settings.get();
    const batch = queue.createBatch([{ spec, source }], { outDir: s.outputDir, concurrency: s.concurrency, stopOnError: false, label: source.slice(0, 200) });
    return { jobId: queue.jobs(batch.id)[0]?.id ?? '' };
  }

  async 'job.open'(input: { jobId: string }): Promise<{ ok: true }> {
    await this.withOutput(input.jobId, this.o.openPath, 'open');
    return { ok: true };
  }

  async 'job.reveal'(input: { jobId: string }): Promise<{ ok: true }> {
    await this.withOutput(input.jobId, this.o.revealPath, 'reveal');
    return { ok: true };
  }

  async 'library.list'(): Promise<LibraryItem[]> {
    const seen = new Set<string>();
    // A repeated request writes the same files: one card per video, the newest job's.
    return this.runtime.queue.repo.library(5000).filter((r) => !seen.has(r.output.mp4) && seen.add(r.output.mp4)).map((r) => ({
      jobId: r.id,
      batchId: r.batchId,
      batchLabel: r.batchLabel,
      source: r.source,
      title: r.manifest?.title ?? r.title,
      mp4: r.output.mp4,
      videoUrl: this.o.fileUrl(r.output.mp4) ?? '',
      thumbnailUrl: this.o.fileUrl(r.output.thumbnail) ?? '',
      durationSec: r.output.durationSec,
      createdAt: r.finishedAt,
      manifest: r.manifest,
    }));
  }

  async 'library.delete'(input: { jobId: string }): Promise<ChannelResults['library.delete']> {
    return this.deletions.delete(input.jobId);
  }

  async 'library.restore'(input: { jobId: string }): Promise<{ ok: true }> {
    this.deletions.restore(input.jobId);
    return { ok: true };
  }

  // ── cache and performance ─────────────────────────────────────────────────

  async 'cache.stats'(): Promise<CacheStats> {
    return this.engine.cache.stats();
  }

  async 'cache.prune'(): Promise<PruneReport> {
    const report = this.engine.cache.prune();
    this.bus.emit('cache', this.engine.cache.stats());
    return report;
  }

  async 'cache.clear'(): Promise<{ removed: number }> {
    const removed = this.engine.cache.clear();
    this.bus.emit('cache', this.engine.cache.stats());
    return { removed };
  }

  // ── looks: caption styles, brand kits, the style editor's still ─────────────

  async 'looks.list'(): Promise<ChannelResults['looks.list']> {
    return this.looks.list();
  }

  async 'looks.saveStyle'(input: ChannelInput<'looks.saveStyle'>): Promise<ChannelResults['looks.saveStyle']> {
    return { style: await this.looks.saveStyle(input.kind, input.style) };
  }

  async 'looks.saveBrand'(input: ChannelInput<'looks.saveBrand'>): Promise<ChannelResults['looks.saveBrand']> {
    return { brand: await this.looks.saveBrand(input.brand) };
  }

  async 'looks.preview'(input: ChannelInput<'looks.preview'>): Promise<ChannelResults['looks.preview']> {
    const still = await this.looks.preview(input);
    const imageUrl = this.o.fileUrl(still.path);
    if (imageUrl === null) throw new UserError('internal', 'This host cannot show files from the data folder.');
    return { imageUrl, ms: Math.round(still.ms) };
  }

  async 'perf.snapshot'(): Promise<PerfSnapshot> {
    return this.engine.perf.snapshot();
  }

  // ── footage and shots (#11) ───────────────────────────────────────────────

  async 'footage.list'(): Promise<ChannelResults['footage.list']> {
    return this.shots.list();
  }

  async 'footage.add'(input: ChannelInput<'footage.add'>): Promise<ChannelResults['footage.add']> {
    return this.shots.add(input);
  }

  async 'footage.remove'(input: ChannelInput<'footage.remove'>): Promise<ChannelResults['footage.remove']> {
    return this.shots.remove(input);
  }

  async 'footage.search'(input: ChannelInput<'footage.search'>): Promise<ChannelResults['footage.search']> {
    return this.shots.search(input);
  }

  async 'shots.plan'(input: ChannelInput<'shots.plan'>): Promise<ChannelResults['shots.plan']> {
    return this.shots.plan(await this.guardSpec(input.spec));
  }

  async 'shots.choose'(input: ChannelInput<'shots.choose'>): Promise<ChannelResults['shots.choose']> {
    return this.shots.choose(input);
  }

  async 'shots.render'(input: ChannelInput<'shots.render'>): Promise<ChannelResults['shots.render']> {
    return this.shots.render(input);
  }

  async 'settings.serviceKeys'(): Promise<ServiceKeysSet> {
    const stores = this.o.serviceKeys;
    return Object.fromEntries(SERVICE_KEYS.map((name) => [name, Boolean(stores?.[name].get())])) as ServiceKeysSet;
  }

  /** Saves or clears a service's key; renders and voice lists from now on use it (or its environment variable). */
  async 'settings.setServiceKey'(input: ChannelInput<'settings.setServiceKey'>): Promise<ServiceKeysSet> {
    const stores = this.o.serviceKeys;
    if (!stores) throw new UserError('internal', 'This host cannot keep keys: set PEXELS_API_KEY, PIXABAY_API_KEY or ELEVENLABS_API_KEY in its environment.');
    stores[input.service].set(input.key?.trim() || null);
    if (input.service === 'elevenlabs') this.applyAi(this.runtime.settings.get());
    else {
      const pexels = stores.pexels.get();
      const pixabay = stores.pixabay.get();
      this.engine.configureStock?.({ ...(pexels ? { pexels } : {}), ...(pixabay ? { pixabay } : {}) });
    }
    return this['settings.serviceKeys']();
  }

  // ── render farm ───────────────────────────────────────────────────────────

  /** Resolves once the farm configured at start is connected (or has failed to). */
  farmReady(): Promise<void> {
    return this.farmStarted;
  }

  async 'farm.status'(): Promise<FarmStatus> {
    if (!this.farm) return { state: 'off', error: 'This host cannot run a render farm.', redis: null, listen: '', fixed: false, controllerUrl: null, workerCommand: null, workers: [], queue: null };
    return this.farm.status();
  }

  async 'farm.configure'(input: { redisUrl: string | null; listen?: string }): Promise<FarmStatus> {
    if (!this.farm) throw new UserError('usage', 'This host cannot run a render farm.', 'redisUrl');
    return this.farm.configure(input);
  }

  async 'farm.resumeWorker'(input: { workerId: string }): Promise<{ ok: true }> {
    if (!this.farm) throw new UserError('usage', 'This host cannot run a render farm.', 'workerId');
    await this.farm.resumeWorker(input.workerId);
    return { ok: true };
  }

  private onFarmState(state: FarmStatus['state'], message: string): void {
    // A farm takes many videos at once (its workers bound them); locally the setting does.
    this.runtime.queue.setConcurrency(state === 'on' ? Math.max(FARM_DEFAULT_CONCURRENCY, this.runtime.settings.get().concurrency) : this.runtime.settings.get().concurrency);
    this.bus.emit('notice', { level: state === 'error' ? 'error' : 'info', message });
  }

  // ── internals ─────────────────────────────────────────────────────────────

  private createBatch(jobs: InputJob[], label: string): string {
    const s = this.runtime.settings.get();
    const concurrency = this.farm?.active ? Math.max(FARM_DEFAULT_CONCURRENCY, s.concurrency) : s.concurrency;
    return this.runtime.queue.createBatch(jobs, { outDir: s.outputDir, concurrency, stopOnError: s.stopOnError, label }).id;
  }

  private async checkVoiceFor(voice: string, field: string): Promise<void> {
    try {
      await this.engine.checkVoice?.(voice);
    } catch (err) {
      const reason = err instanceof Error ? err.message.replace(/: run "reelforge voices" to list them/, '') : String(err);
      throw new UserError('usage', `${reason} Pick one from the voice list.`, field);
    }
  }

  /**
   * The browser host writes only inside its data folder: a page that could name any folder could
   * drop files into any folder the user can write (a `.ssh`, say). Links are followed; the answer
   * is the same whether the folder exists or not.
   */
  private async webOutputDir(dir: string): Promise<string> {
    const real = await realLocation(dir);
    if (!isInside(real, await realLocation(this.o.dataDir))) {
      throw new UserError('usage', `The browser host writes videos only inside its data folder: choose a folder in ${this.o.dataDir}, such as ${path.join(this.o.dataDir, 'videos')}.`, 'outputDir');
    }
    return real;
  }

  /** Checks every path in a spec against the guard (DESIGN §7); the spec keeps the checked real paths. */
  private async guardSpec(spec: JobSpec): Promise<JobSpec> {
    const out = { ...spec };
    if (out.background !== undefined) out.background = await this.guard.check(out.background, 'background');
    if (out.music !== undefined) out.music = await this.guard.check(out.music, 'music');
    if (out.voiceover !== undefined) out.voiceover = await this.guard.check(out.voiceover, 'voiceover');
    if (out.captionStyle?.endsWith('.json')) out.captionStyle = await this.guard.check(out.captionStyle, 'captionStyle');
    return out;
  }

  private async withOutput(jobId: string, action: ((p: string) => Promise<void> | void) | undefined, verb: string): Promise<void> {
    const job = this.runtime.queue.getJob(jobId);
    if (!job?.output) throw new UserError('usage', 'This video is not finished yet.', 'jobId');
    // No server path in these messages: the browser host's page must not learn the folder layout.
    if (!action) throw new UserError('usage', `This host cannot ${verb} files: use Download, or find "${path.basename(job.output.mp4)}" in the output folder.`, 'jobId');
    if (!existsSync(job.output.mp4)) throw new UserError('io', `"${path.basename(job.output.mp4)}" is gone (moved or deleted): re-render the video.`, 'jobId');
    await action(job.output.mp4);
  }

  private applySettings(before: Settings, after: Settings): void {
    if (after.concurrency !== before.concurrency) this.runtime.queue.setConcurrency(this.farm?.active ? Math.max(FARM_DEFAULT_CONCURRENCY, after.concurrency) : after.concurrency);
    if (after.cacheMaxSizeBytes !== before.cacheMaxSizeBytes || after.cacheMaxAgeDays !== before.cacheMaxAgeDays) {
      this.engine.cache.setLimits({ maxSize: after.cacheMaxSizeBytes, maxAgeMs: after.cacheMaxAgeDays * 86_400_000 });
    }
    if (after.workers !== before.workers) this.engine.pool?.resize?.(after.workers);
    if (AI_SETTINGS.some((k) => !sameSetting(after[k], before[k]))) this.applyAi(after);
    if (after.ffmpegPath !== before.ffmpegPath) this.bus.emit('notice', { level: 'info', message: 'Restart Reelforge to render with the new ffmpeg.' });
  }

  /**
   * Rebuild the engine's AI side from the settings and the key, and say what writes from now
   * on. A saved provider of "openai" without a key writes offline until a key is saved, rather
   * than leaving the app unable to render.
   */
  private applyAi(s: Settings): void {
    if (!this.engine.configureAi) {
      this.bus.emit('notice', { level: 'info', message: 'Restart Reelforge to apply the new provider settings.' });
      return;
    }
    const { key, note } = this.keyChoice(s);
    if (note !== null) this.bus.emit('notice', { level: 'warning', message: note });
    // The same no-key fallback the hosts use at start-up.
    const elevenlabsKey = this.o.serviceKeys?.elevenlabs.get();
    const options = usableEngineOptions(s, { apiKeySet: key !== null, ...(elevenlabsKey !== undefined ? { elevenlabsKey } : {}) });
    const before = this.engine.ai.identity.id;
    try {
      this.engine.configureAi({ ...options, ...(key !== null ? { apiKey: key } : {}) });
    } catch (err) {
      this.bus.emit('notice', { level: 'error', message: `The provider settings were saved but cannot be used: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    const now = this.engine.ai.identity.id;
    if (options.provider !== s.provider) {
      this.bus.emit('notice', { level: 'warning', message: 'OpenAI needs an API key: scripts are written offline until you save one.' });
    } else if (now !== before) {
      this.bus.emit('notice', { level: 'info', message: now === 'openai' ? 'Scripts, ideas and scores now come from OpenAI.' : 'Scripts are now written offline.' });
    }
  }

  /** The key requests may carry now: the saved one only to the base URL it was saved for, the environment's only with its own (api-key.ts). */
  private keyChoice(s: Settings): KeyChoice {
    return chooseApiKey({ baseURL: effectiveBaseURL(s), saved: this.o.secrets.get(), env: { OPENAI_API_KEY: this.o.envApiKey, OPENAI_BASE_URL: process.env.OPENAI_BASE_URL } });
  }

  /** Settings as the page sees them: plus why a key that exists is not sent, when it is not. */
  private withKeyNote(view: SettingsView): ChannelResults['settings.get'] {
    return { ...view, apiKeyNote: this.keyChoice(view).note };
  }

  /** Cache stats and perf every second while anything renders; stops itself when idle. */
  private startTicker(): void {
    if (this.ticker !== null) return;
    // Started by a job's progress, but serves every job: not that job's (job-scope.ts).
    this.ticker = outsideJobs(() => setInterval(() => {
      if (this.bus.hasListeners('cache')) this.bus.emit('cache', this.engine.cache.stats());
      if (this.bus.hasListeners('perf')) this.bus.emit('perf', this.engine.perf.snapshot());
      if (this.runtime.queue.inFlight === 0) this.stopTicker();
    }, this.o.statsIntervalMs ?? 1000));
    this.ticker.unref?.();
  }

  private stopTicker(): void {
    if (this.ticker !== null) clearInterval(this.ticker);
    this.ticker = null;
  }
}

/** "voice → system:en-gb, preset → square": what a re-render changed, for its Queue and Library label. */
export function describeChanges(before: JobSpec, changes: JobSpec): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) continue;
    const was = (before as Record<string, unknown>)[k];
    if (JSON.stringify(was) === JSON.stringify(v)) continue;
    const shown = k === 'background' || k === 'music' ? fileLabel(String(v)) : Array.isArray(v) ? v.join(' ') : String(v);
    parts.push(k === 'script' ? 'script edited' : `${k} → ${shown.length > 40 ? `${shown.slice(0, 39)}…` : shown}`);
  }
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}

function isFarmEngine(engine: StudioEngine): engine is StudioEngine & FarmRenderingEngine {
  return (engine as Partial<FarmRenderingEngine>).renderDeps !== undefined;
}
