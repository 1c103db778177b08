/**
 * The one contract between the renderer and the privileged side (Electron main or the
 * browser host). Every request channel has a zod input schema, validated in the privileged
 * process before a handler runs, and a result type. Events flow back on named streams.
 * The renderer imports only types from this file.
 */
import { z } from 'zod';
import type { CacheStats, PruneReport } from './cache/types.js';
import type { VoiceInfo } from './voice/types.js';
import type { BackgroundIdeas, Script, ViralityScore } from './ai/types.js';
import type { RenderManifest, StageName, StageStatus } from './pipeline/types.js';
import type { ErrorInfo } from './errors.js';
import { brandKitSchema, endCardSchema, logoSchema, type BrandKit } from './looks/brand-schema.js';
import type { LooksList } from './looks/service.js';
import { captionStyleSchema, titleStyleSchema, type CaptionStyle, type TitleStyle } from './media/captions/style-schema.js';
import { SERVICE_KEYS, type ServiceKeysSet } from './settings/service-keys.js';
import { VOICE_RATE_MAX, VOICE_RATE_MIN } from './voice/rate.js';

const id = z.string().min(1).max(200);
const filePath = z.string().min(1).max(4096);
const presetName = z.enum(['shorts', 'tiktok', 'reels', 'square', 'landscape']);
/** A folder the user typed must not depend on where Reelforge happened to be started. */
const absoluteFolder = z.string().max(4096).refine(
  (p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p),
  'must be an absolute folder path, such as /home/you/Videos/Reelforge or C:\\Users\\you\\Videos (a relative path would land wherever Reelforge was started)',
);

export const jobSpecSchema = z.object({
  topic: z.string().max(500).optional(),
  script: z.string().max(20_000).optional(),
  genre: z.string().max(100).optional(),
  duration: z.number().min(5).max(180).optional(),
  voice: z.string().max(200).optional(),
  /** The voice's speed: 0.5–2, 1 is the voice's own pace (ElevenLabs keeps to its 0.7–1.2). */
  voiceRate: z.number().min(VOICE_RATE_MIN).max(VOICE_RATE_MAX).optional(),
  preset: presetName.optional(),
  background: z.string().max(4096).optional(),
  /** A music file, or a folder a track is picked from. */
  music: z.string().max(4096).optional(),
  /** Shots (#11): "library,stock,builtin" in the order tried, and the transition between shots. */
  visuals: z.string().max(100).optional(),
  transition: z.enum(['cut', 'fade']).optional(),
  musicVolume: z.number().min(0).max(1).optional(),
  /** The creator's own recording (any audio file, or a video's audio): replaces the synthetic voice. */
  voiceover: z.string().max(4096).optional(),
  /** Shorten pauses longer than 0.7 s in the voice-over. */
  trimSilence: z.boolean().optional(),
  /** A caption style's name, or a style file (FILE.json) the user chose. */
  captionStyle: z.string().max(4096).optional(),
  titleStyle: z.string().max(40).optional(),
  hookTitle: z.boolean().optional(),
  brand: z.string().max(40).optional(),
  seed: z.number().int().min(0).max(2 ** 31).optional(),
  quality: z.enum(['final', 'draft']).optional(),
  /** With `script`: the title and hashtags of an edited preview (otherwise taken from the script's first sentence). */
  title: z.string().max(200).optional(),
  hashtags: z.array(z.string().min(1).max(60)).max(30).optional(),
});
export type JobSpecInput = z.infer<typeof jobSpecSchema>;

/** USD per 1M tokens (text) or per 1M characters (speech); see main/core/ai/pricing.ts. */
const usdPerMillion = z.number().min(0).max(100_000).optional();
export const priceTableSchema = z
  .record(z.string().min(1).max(100), z.object({ inputPerM: usdPerMillion, outputPerM: usdPerMillion, charactersPerM: usdPerMillion }).strict())
  .refine((t) => Object.keys(t).length <= 500, 'at most 500 models');

const httpUrlOrEmpty = z.string().max(500).refine((u) => u === '' || /^https?:\/\/\S+$/i.test(u), 'must be empty or an http(s) URL such as http://127.0.0.1:8880/v1');

export const settingsSchema = z.object({
  provider: z.enum(['auto', 'openai', 'offline']),
  /** Empty means OpenAI; otherwise an http(s) URL with no spaces (what the provider accepts). */
  baseURL: z.string().max(500).refine((u) => u === '' || /^https?:\/\/\S+$/i.test(u), 'must be empty or an http(s) URL such as http://127.0.0.1:11434/v1'),
  textModel: z.string().max(100),
  speechModel: z.string().max(100),
  defaultVoice: z.string().max(200),
  defaultPreset: presetName,
  /** A caption style the looks library lists (built-in or saved); the Studio checks it on save. */
  captionStyle: z.string().min(1).max(50),
  cacheMaxSizeBytes: z.number().int().min(64 * 1024 * 1024).max(2 ** 50),
  cacheMaxAgeDays: z.number().min(0.01).max(3650),
  concurrency: z.number().int().min(1).max(10),
  workers: z.number().int().min(1).max(32),
  aiConcurrency: z.number().int().min(1).max(16),
  ttsConcurrency: z.number().int().min(1).max(16),
  stopOnError: z.boolean(),
  outputDir: absoluteFolder,
  /** Models listed here replace their built-in price; the rest of the built-in table stays. */
  prices: priceTableSchema,
  /** A local OpenAI-compatible speech server (Kokoro-FastAPI, LocalAI, Speaches, openedai-speech) for local: voices. */
  speechBaseURL: httpUrlOrEmpty,
  /** The model name that server expects. */
  speechServerModel: z.string().max(200),
  elevenlabsModel: z.string().max(100),
  /** An OpenAI-compatible /audio/transcriptions server (faster-whisper); empty: OpenAI's, with the key. */
  transcribeBaseURL: httpUrlOrEmpty,
  transcribeModel: z.string().max(100),
  /** A folder of the creator's music; a track is picked per video. Empty: no music unless a job names one. */
  musicDir: z.literal('').or(absoluteFolder),
  /** 0..1: the music bed's level under the voice (1: 6 LU under it; 0.5: 12 LU). */
  musicVolume: z.number().min(0).max(1),
  /** The browser host's cap on one uploaded file, in bytes. */
  uploadMaxBytes: z.number().int().min(1024 * 1024).max(2 ** 50),
  /** Empty: ffmpeg-static's binary or the ffmpeg on PATH. Read at start-up (FFMPEG_PATH comes after it). */
  ffmpegPath: z.string().max(4096),
});
export type Settings = z.infer<typeof settingsSchema>;

/** Every request channel: input schema. Results are typed in ChannelResults. */
export const channels = {
  'app.info': z.object({}),
  'settings.get': z.object({}),
  'settings.set': settingsSchema.partial(),
  /** Write-only: the key never comes back; null clears it. */
  'settings.setApiKey': z.object({ key: z.string().max(400).nullable() }),
  'voices.list': z.object({}),
  'backgrounds.list': z.object({}),
  'create.preview': z.object({
    topic: z.string().min(1).max(500),
    genre: z.string().max(100).optional(),
    duration: z.number().min(5).max(180).optional(),
  }),
  'create.voicePreview': z.object({ text: z.string().min(1).max(500), voice: z.string().max(200), rate: z.number().min(VOICE_RATE_MIN).max(VOICE_RATE_MAX).optional() }),
  /** "Use my recording": a voice-over the user picked (desktop path) or uploaded (browser): checked and allowed. */
  'create.recording': z.object({ path: filePath }),
  /** Paths the user dropped or picked: clips join the background library, .txt/.csv/.json become jobs. */
  'queue.addFiles': z.object({ paths: z.array(filePath).min(1).max(1000) }),
  'queue.addJobs': z.object({ jobs: z.array(jobSpecSchema).min(1).max(1000) }),
  'queue.list': z.object({}),
  /** Done, failed and cancelled jobs leave the Queue (finished videos stay in the Library). */
  'queue.clearFinished': z.object({ batchId: id.optional() }),
  'batch.start': z.object({ batchId: id.optional() }),
  'batch.pause': z.object({ batchId: id }),
  'batch.resume': z.object({ batchId: id }),
  'batch.cancel': z.object({ batchId: id }),
  /** Failed jobs; with includeCancelled (the Queue's default), cancelled ones too. */
  'batch.retryFailed': z.object({ batchId: id, includeCancelled: z.boolean().optional() }),
  'batch.setOptions': z.object({
    batchId: id.optional(),
    concurrency: z.number().int().min(1).max(10).optional(),
    stopOnError: z.boolean().optional(),
  }),
  'job.cancel': z.object({ jobId: id }),
  'job.retry': z.object({ jobId: id }),
  'job.rerender': z.object({ jobId: id, changes: jobSpecSchema }),
  'job.open': z.object({ jobId: id }),
  'job.reveal': z.object({ jobId: id }),
  'library.list': z.object({}),
  /** Deletes a finished video and its files after a short undo window (library.restore). */
  'library.delete': z.object({ jobId: id }),
  'library.restore': z.object({ jobId: id }),
  'cache.stats': z.object({}),
  'cache.prune': z.object({}),
  'cache.clear': z.object({}),
  'perf.snapshot': z.object({}),
  // Shots (#11): the footage library, the shot plan before a render, stock keys (write-only).
  'footage.list': z.object({}),
  /** Folders or files the user dropped or picked: indexed on the worker pool (progress on the `footage` event). */
  'footage.add': z.object({ paths: z.array(filePath).min(1).max(1000) }),
  'footage.remove': z.object({ path: filePath }),
  'footage.search': z.object({ text: z.string().min(1).max(500) }),
  /** Script, voice and shot plan for a job, without rendering it: the strip in Create. */
  'shots.plan': z.object({ spec: jobSpecSchema }),
  /** Put another picture on one shot: one of its candidates, or a file the user picked. */
  'shots.choose': z.object({ planId: id, index: z.number().int().min(0).max(499), candidateId: z.string().max(300).optional(), path: filePath.optional() }),
  /** Render a plan as it now stands (queued like any job). */
  'shots.render': z.object({ planId: id }),
  /** The services' keys (stock sites, ElevenLabs): write-only; the answer says only which are set. */
  'settings.serviceKeys': z.object({}),
  'settings.setServiceKey': z.object({ service: z.enum(SERVICE_KEYS), key: z.string().max(400).nullable() }),
  /** Render farm (Settings → Render farm): state, workers, and the controller's settings. */
  'farm.status': z.object({}),
  /** Write-only Redis URL (it may carry a password); null turns the farm off. */
  'farm.configure': z.object({
    redisUrl: z.string().max(500).refine((u) => /^rediss?:\/\/\S+$/i.test(u), 'must be a Redis URL such as redis://:PASSWORD@192.168.1.10:6379').nullable(),
    listen: z.string().max(100).regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/, 'must be HOST:PORT, e.g. 127.0.0.1:7420').optional(),
  }),
  'farm.resumeWorker': z.object({ workerId: id }),
  /** Caption and title styles (built-in and saved) and brand kits. */
  'looks.list': z.object({}),
  'looks.saveStyle': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('caption'), style: captionStyleSchema }),
    z.object({ kind: z.literal('title'), style: titleStyleSchema }),
  ]),
  /** Logo and music folder paths must have been chosen by the user (drop or dialog). */
  'looks.saveBrand': z.object({ brand: brandKitSchema }),
  /** One frame of the real pipeline for the style editor. */
  'looks.preview': z.object({
    style: captionStyleSchema,
    title: z.object({ style: titleStyleSchema, text: z.string().max(300) }).nullable(),
    endCard: endCardSchema.nullable(),
    logo: logoSchema.nullable(),
    preset: presetName,
    text: z.string().min(1).max(1000),
    atSec: z.number().min(0).max(600),
    background: z.string().min(1).max(4096),
    width: z.number().int().min(120).max(1080),
  }),
} as const;

export type { BrandKit, CaptionStyle, LooksList, TitleStyle };

export type Channel = keyof typeof channels;
export type ChannelInput<C extends Channel> = z.input<(typeof channels)[C]>;

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted' | 'paused';
export type BatchStatus = 'queued' | 'running' | 'paused' | 'done' | 'cancelled' | 'interrupted';

export interface JobView {
  id: string;
  batchId: string;
  title: string;
  status: JobStatus;
  stages: Partial<Record<StageName, StageStatus>>;
  stage: StageName | null;
  /** 0..1 overall. */
  progress: number;
  etaSec: number | null;
  error: ErrorInfo | null;
  /** Set when done; `warnings` are the manifest's (a caption drift, a failed insight). */
  output: { mp4: string; thumbnail: string; durationSec: number; warnings?: string[] } | null;
  /** A URL the renderer may load (file in the data folder served by the host). */
  thumbnailUrl: string | null;
  videoUrl: string | null;
  attempts: number;
  createdAt: number;
  updatedAt: number;
  /** Its place in the batch (file order). */
  seq: number;
  /** Running, but its current step waits for a free worker. */
  waiting: boolean;
}

export interface BatchView {
  id: string;
  status: BatchStatus;
  concurrency: number;
  stopOnError: boolean;
  counts: Record<JobStatus, number>;
  videosPerMinute: number;
  etaSec: number | null;
  createdAt: number;
  /** What it was made from: file names, a topic, "re-render of …". */
  label: string;
}

export interface QueueSnapshot {
  batches: BatchView[];
  jobs: JobView[];
}

export interface LibraryItem {
  jobId: string;
  batchId: string;
  batchLabel: string;
  /** "re-render of <title>: voice → system:en-gb" for a re-render; otherwise where the job came from. */
  source: string;
  title: string;
  mp4: string;
  videoUrl: string;
  thumbnailUrl: string;
  durationSec: number;
  createdAt: number;
  manifest: RenderManifest | null;
}

export interface StageTiming {
  name: string;
  count: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface PerfSnapshot {
  at: number;
  active: { id: string; name: string; startedAt: number; detail?: string }[];
  stages: StageTiming[];
  /** Videos finished per minute, sampled over time (for the chart). */
  throughput: { at: number; videosPerMinute: number }[];
  pool: { size: number; busy: number; utilisation: number };
}

export interface AppInfo {
  version: string;
  dataDir: string;
  ffmpeg: { path: string; version: string } | null;
  host: 'electron' | 'web';
  apiKeySet: boolean;
  /** True when OPENAI_API_KEY came with the host's environment (used when no key is saved). */
  envApiKey: boolean;
  providerInUse: 'openai' | 'offline';
}

/** One machine of the render farm, as Settings → Render farm shows it. */
export interface FarmWorkerView {
  id: string;
  name: string;
  host: string;
  platform: string;
  /** Jobs it runs at once. */
  slots: number;
  tags: string[];
  ffmpeg: string;
  /** Voice engines it can run locally (system voices). */
  voices: string[];
  /** Titles of the videos it renders now. */
  running: string[];
  done: number;
  failed: number;
  /** Why it stopped taking jobs (3 failures in a row), or null. */
  paused: string | null;
  health: 'idle' | 'busy' | 'paused' | 'stale';
  seenSecAgo: number;
}

export interface FarmStatus {
  /** off: no Redis URL; connecting; on: this app is the farm's controller; error: see `error`. */
  state: 'off' | 'connecting' | 'on' | 'error';
  error: string | null;
  /** The Redis URL without its password. */
  redis: string | null;
  listen: string;
  /** Set by the command line (`reelforge farm`): not changeable from the app. */
  fixed: boolean;
  /** What workers pass as --controller, and the whole command to start one (with the farm token). */
  controllerUrl: string | null;
  workerCommand: string | null;
  workers: FarmWorkerView[];
  queue: { waiting: number; active: number; delayed: number; failed: number } | null;
}

export interface AddFilesResult {
  batchId: string | null;
  jobsAdded: number;
  backgroundsAdded: string[];
  /** Audio files given with the drop or pick: music tracks a job may now name. */
  musicAdded?: string[];
  errors: ErrorInfo[];
}

/** Shots (#11): the footage library as the Footage view shows it. */
export interface FootageItemView {
  path: string;
  name: string;
  folder: string;
  kind: 'clip' | 'still';
  durationSec: number;
  width: number;
  height: number;
  /** Something to know, e.g. a damaged clip used only up to where it decodes. */
  note: string | null;
  tags: string[];
  scenes: { startSec: number; endSec: number; thumbnailUrl: string | null; description: string | null }[];
}

export interface FootageProgress {
  phase: 'scanning' | 'indexing' | 'done';
  done: number;
  total: number;
  current: string | null;
  broken: number;
}

export interface FootageSnapshot {
  folders: { path: string; files: number; ready: number; pending: number; broken: number; scannedAt: number | null }[];
  items: FootageItemView[];
  /** Files not ready: pending, or broken with the reason. */
  problems: { path: string; status: 'pending' | 'broken'; error: string | null }[];
  /** Set while indexing runs. */
  indexing: FootageProgress | null;
  /** Scenes are described by a vision model (an AI provider with a key is configured). */
  describes: boolean;
  /** Which stock sites have a key (never the keys). */
  stockKeys: { pexels: boolean; pixabay: boolean };
}

/** One picture a shot could show. */
export interface ShotCandidateView {
  id: string;
  source: 'library' | 'stock' | 'builtin' | 'user';
  kind: 'clip' | 'still' | 'builtin';
  label: string;
  reason: string;
  score: number;
  thumbnailUrl: string | null;
}

export interface ShotView {
  index: number;
  startSec: number;
  durationSec: number;
  /** The words this shot illustrates. */
  text: string;
  chosen: ShotCandidateView;
  /** The next candidates, best first (the current one excluded). */
  alternatives: ShotCandidateView[];
}

export interface ShotPlanView {
  planId: string;
  title: string;
  totalSec: number;
  transition: 'cut' | 'fade';
  shots: ShotView[];
  warnings: string[];
}

export interface ChannelResults {
  'app.info': AppInfo;
  /** apiKeyNote: why a key that is set is not sent (the base URL changed since it was saved), or null. */
  'settings.get': Settings & { apiKeySet: boolean; apiKeyNote?: string | null };
  'settings.set': Settings & { apiKeySet: boolean; apiKeyNote?: string | null };
  'settings.setApiKey': { apiKeySet: boolean };
  'voices.list': VoiceInfo[];
  'backgrounds.list': { id: string; name: string; kind: 'builtin' | 'file'; thumbnailUrl: string | null }[];
  'create.preview': { script: Script; ideas: BackgroundIdeas; virality: ViralityScore; provider: string };
  'create.voicePreview': { audioUrl: string; durationMs: number };
  'create.recording': { path: string; name: string; durationSec: number };
  'queue.addFiles': AddFilesResult;
  'queue.addJobs': AddFilesResult;
  'queue.list': QueueSnapshot;
  'batch.start': { batchId: string };
  'batch.pause': { ok: true };
  'batch.resume': { ok: true };
  'batch.cancel': { ok: true };
  'batch.retryFailed': { retried: number };
  'queue.clearFinished': { cleared: number };
  'library.delete': { jobId: string; undoMs: number };
  'library.restore': { ok: true };
  'batch.setOptions': { ok: true };
  'job.cancel': { ok: true };
  'job.retry': { ok: true };
  'job.rerender': { jobId: string };
  'job.open': { ok: true };
  'job.reveal': { ok: true };
  'library.list': LibraryItem[];
  'cache.stats': CacheStats;
  'cache.prune': PruneReport;
  'cache.clear': { removed: number };
  'perf.snapshot': PerfSnapshot;
  'footage.list': FootageSnapshot;
  'footage.add': { added: string[]; errors: ErrorInfo[] };
  'footage.remove': { ok: true };
  'footage.search': { results: { path: string; name: string; score: number; reason: string; thumbnailUrl: string | null }[]; related: string[] };
  'shots.plan': ShotPlanView;
  'shots.choose': ShotPlanView;
  'shots.render': { jobId: string; batchId: string };
  'settings.serviceKeys': ServiceKeysSet;
  'settings.setServiceKey': ServiceKeysSet;
  'farm.status': FarmStatus;
  'farm.configure': FarmStatus;
  'farm.resumeWorker': { ok: true };
  'looks.list': LooksList;
  'looks.saveStyle': { style: CaptionStyle | TitleStyle };
  'looks.saveBrand': { brand: BrandKit };
  'looks.preview': { imageUrl: string; ms: number };
}

/** Event streams the privileged side pushes (coalesced: at most a few per second). */
export interface EventPayloads {
  /** Changed jobs only; `removed`: jobs that left the list (cleared, deleted). */
  jobs: { jobs: JobView[]; removed?: string[] };
  batches: { batches: BatchView[] };
  cache: CacheStats;
  perf: PerfSnapshot;
  notice: { level: 'info' | 'warning' | 'error'; message: string };
  /** Shots (#11): footage indexing progress (coalesced like the others). */
  footage: FootageProgress;
}
export type EventName = keyof EventPayloads;

/** What window.reelforge exposes (desktop) and the WebSocket client implements (browser). */
export interface ReelforgeApi {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelResults[C]>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
  /** Desktop: the path of a dropped File (webUtils.getPathForFile). Browser: null (files are uploaded). */
  pathForFile(file: File): string | null;
}

/** One request's outcome as a value: what the desktop preload hands the page. */
export type InvokeReply<C extends Channel = Channel> = { ok: true; result: ChannelResults[C] } | { ok: false; error: ErrorInfo };

/**
 * `window.reelforge` in the desktop app. Replies come back as values, not thrown errors: an Error
 * crossing contextBridge keeps only its message, so `kind` and `subject` would be lost
 * (desktop-review D9). The renderer turns a failed reply into the same ApiError the browser host's
 * client throws.
 */
export interface DesktopBridge {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<InvokeReply<C>>;
  on: ReelforgeApi['on'];
  pathForFile: ReelforgeApi['pathForFile'];
}

/** The handler side: one function per channel, called after validation. */
export type ContractHandlers = {
  [C in Channel]: (input: z.output<(typeof channels)[C]>) => Promise<ChannelResults[C]>;
};

/** Validate a request; throws a ZodError with the field and problem. */
export function parseRequest<C extends Channel>(channel: C, input: unknown): z.output<(typeof channels)[C]> {
  const schema = channels[channel];
  return schema.parse(input) as z.output<(typeof channels)[C]>;
}

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}

/**
 * Browser host wire protocol (reelforge serve). The page is served at `/?token=T`;
 * the renderer connects to `ws(s)://<host>/ws?token=T`. Uploads: `POST /upload?token=T&name=<file name>`
 * with the raw bytes → `{ path }` (a file in the data folder's uploads/). Files in the data folder
 * are served at `/files/<path relative to the data folder>?token=T` (with Range support for video).
 */
export interface WsRequest {
  id: number;
  channel: string;
  input: unknown;
}
export type WsServerMessage =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: ErrorInfo }
  | { event: EventName; payload: unknown };
