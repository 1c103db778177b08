/**
 * The engine: one object that owns the cache, the worker pool, the AI provider, the voice
 * engines and the performance monitor, and renders videos through the pipeline. Every host
 * (CLI, browser host, Electron main) opens one Engine per data folder.
 */
import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Limiter } from './ai/resilience.js';
import { selectProvider } from './ai/provider-select.js';
import type { AiProvider, BackgroundIdeas, Script, ViralityScore } from './ai/types.js';
import { ToolMemo } from './binaries/tool-memo.js';
import { cacheDigestMemo } from './cache/content-digest.js';
import { CacheStore } from './cache/store.js';
import { UserError } from './errors.js';
import { locateFfmpeg } from './media/ffmpeg-locate.js';
import { fontsDigest, fontsDir } from './media/fonts.js';
import { requireAudioStream } from './media/probe.js';
import { dataPaths } from './paths.js';
import { PerformanceMonitor } from './perf/monitor.js';
import { childProcessSpawner, mediaWorkerEntry } from './pool/child-spawner.js';
import type { Spawner } from './pool/spawner.js';
import { WorkerPool } from './pool/worker-pool.js';
import { parseSize, resolveRequest, type RequestDefaults } from './pipeline/request.js';
import type { RenderDeps } from './pipeline/render.js';
import type { PlannedShots } from './pipeline/plan-shots.js';
import { cachedVideo } from './pipeline/video-hit.js';
import { CHUNK_GAP_MS, engineOptions, voiceIdentity } from './pipeline/stages/voice.js';
import { readPace } from './pipeline/pace-memo.js';
import { sizingPace } from './voice/pace.js';
import { chunkScript } from './media/captions/chunk.js';
import { LookLibrary } from './looks/library.js';
import { applyBrand, resolveLook } from './looks/look.js';
import type { JobSpec, RenderOptions, RenderRequest, RenderResult } from './pipeline/types.js';
import { checkVoice, listAllVoices, parseVoiceId, type VoiceEngines, type VoiceListing } from './voice/voices.js';
import { transcribeFor, voiceEnginesFor, type SoundOptions, type TranscribeOptions } from './voice/engines-config.js';
import type { OpenAiSpeechOptions } from './voice/types.js';
import { defaultModels } from './ai/provider-select.js';
import { mergePrices, type Price } from './ai/pricing.js';
import { openAppDb } from './batch/app-db.js';
import type { Db } from './db.js';
import { FootageLibrary } from './footage/library.js';
import { SceneAi } from './footage/scene-ai.js';
import { threadsPerEncode } from './pool/thread-budget.js';
import { StockLibrary } from './stock/stock-library.js';
import type { StockKeys, StockProvider } from './stock/types.js';

export interface EngineOptions {
  dataDir: string;
  /** Worker processes; default max(2, cores − 1). */
  workers?: number;
  provider?: 'auto' | 'openai' | 'offline';
  apiKey?: string;
  baseURL?: string;
  textModel?: string;
  speechModel?: string;
  /** Price overrides by model (USD per 1M tokens or characters) on top of the built-in table. */
  prices?: Record<string, Price>;
  ffmpegPath?: string;
  cacheMaxSizeBytes?: number;
  cacheMaxAgeMs?: number;
  aiConcurrency?: number;
  ttsConcurrency?: number;
  /** Voice engines besides the OpenAI key's: ElevenLabs, a local speech server, Edge's URL, transcription. */
  sound?: SoundOptions;
  /** Defaults for jobs that don't say (voice, preset, caption style, ...). */
  defaults?: Partial<RequestDefaults>;
  /** Worker spawner; default child_process.fork (Electron passes utilityProcess). */
  spawner?: Spawner;
  workerEntry?: string;
  /** Shots (#11): Pexels and Pixabay keys (PEXELS_API_KEY, PIXABAY_API_KEY or Settings); base URLs from PEXELS_BASE_URL / PIXABAY_BASE_URL. */
  stockKeys?: StockKeys;
  stockBaseUrls?: Partial<Record<StockProvider, string>>;
  log?: (line: string) => void;
  warn?: (line: string) => void;
}

export interface PreviewResult {
  script: Script;
  ideas: BackgroundIdeas;
  virality: ViralityScore;
  provider: string;
}

/** What configureAi() can change while the engine runs. */
export type AiOptions = Pick<EngineOptions, 'provider' | 'apiKey' | 'baseURL' | 'textModel' | 'speechModel' | 'prices' | 'aiConcurrency' | 'ttsConcurrency' | 'sound'>;

interface AiParts {
  ai: AiProvider;
  aiLimiter: Limiter;
  ttsLimiter: Limiter;
  openaiSpeech: OpenAiSpeechOptions | undefined;
  voiceEngines: VoiceEngines;
  transcribe: TranscribeOptions | undefined;
  apiKey: string | undefined;
  prices: Record<string, Price>;
}

/** `limiters`: the running engine's, resized rather than replaced so a limit holds across a switch. */
function buildAi(o: AiOptions, limiters?: { aiLimiter: Limiter; ttsLimiter: Limiter }): AiParts {
  const ai = selectProvider({
    provider: o.provider ?? 'auto',
    ...(o.apiKey ? { apiKey: o.apiKey } : {}),
    ...(o.baseURL ? { baseURL: o.baseURL } : {}),
    ...(o.textModel ? { textModel: o.textModel } : {}),
    ...(o.prices ? { prices: o.prices } : {}),
  });
  const aiLimiter = limiters?.aiLimiter ?? new Limiter(o.aiConcurrency ?? 4);
  const ttsLimiter = limiters?.ttsLimiter ?? new Limiter(o.ttsConcurrency ?? 2);
  if (limiters) {
    aiLimiter.setLimit(o.aiConcurrency ?? aiLimiter.size);
    ttsLimiter.setLimit(o.ttsConcurrency ?? ttsLimiter.size);
  }
  const openaiSpeech = o.apiKey ? { apiKey: o.apiKey, model: o.speechModel ?? defaultModels.speech, ...(o.baseURL ? { baseURL: o.baseURL } : {}) } : undefined;
  return {
    ai,
    aiLimiter,
    ttsLimiter,
    openaiSpeech,
    voiceEngines: voiceEnginesFor(o.sound ?? {}, openaiSpeech),
    transcribe: transcribeFor(o.sound ?? {}, o.apiKey, o.baseURL),
    apiKey: o.apiKey,
    prices: mergePrices(o.prices),
  };
}

export function defaultWorkerCount(): number {
  return Math.max(2, os.availableParallelism() - 1);
}

/** Test and draft overrides from the environment (used by e2e runs to keep renders tiny). */
function envDefaults(env: NodeJS.ProcessEnv): Partial<RequestDefaults> {
  const out: Partial<RequestDefaults> = {};
  if (env.REELFORGE_TEST_SIZE) out.size = parseSize(env.REELFORGE_TEST_SIZE, 'REELFORGE_TEST_SIZE');
  if (env.REELFORGE_TEST_QUALITY === 'draft') out.quality = 'draft';
  return out;
}

export class Engine {
  readonly dataDir: string;
  readonly cache: CacheStore;
  readonly pool: WorkerPool;
  readonly perf: PerformanceMonitor;
  readonly defaults: RequestDefaults;
  /** The creator's caption styles and brand kits (data folder) beside the built-ins. */
  readonly looks: LookLibrary;
  private aiParts: AiParts;
  private deps: RenderDeps;
  private readonly knownVoices = new Set<string>();
  private closed = false;
  /** Shots (#11): the footage library (its own connection to reelforge.db) and the stock sites. */
  private footageDb: Db | null = null;
  private footageLibrary: FootageLibrary | null = null;
  private stockLibrary: StockLibrary;
  private readonly stockBaseUrls: Partial<Record<StockProvider, string>> | undefined;
  private sceneAiOf: { parts: AiParts; ai: SceneAi | null } | null = null;

  private constructor(opts: EngineOptions, private readonly parts: { ffmpeg: { ffmpeg: string; ffprobe: string; version: string }; cache: CacheStore; fontsDigest: string; toolMemo: ToolMemo }) {
    this.dataDir = opts.dataDir;
    this.cache = parts.cache;
    this.perf = new PerformanceMonitor();
    this.looks = new LookLibrary(opts.dataDir);
    this.aiParts = buildAi(opts);
    this.pool = new WorkerPool({
      size: opts.workers ?? defaultWorkerCount(),
      spawner: opts.spawner ?? childProcessSpawner,
      entry: opts.workerEntry ?? mediaWorkerEntry(),
      env: { FFMPEG_PATH: parts.ffmpeg.ffmpeg, FFPROBE_PATH: parts.ffmpeg.ffprobe },
      ...(opts.log ? { log: opts.log } : {}),
    });
    this.pool.onStatsChange((s) => this.perf.setPool({ size: s.size, busy: s.busy }));
    this.stockBaseUrls = opts.stockBaseUrls;
    this.stockLibrary = this.buildStock(opts.stockKeys ?? {});
    this.defaults = {
      voice: 'system:en-us', preset: 'shorts', background: 'builtin:aurora', captionStyle: 'bold',
      provider: this.aiParts.ai.identity.id, genre: 'explainer', durationSec: 30, language: 'en', quality: 'final', noCache: false,
      ...opts.defaults,
      ...envDefaults(process.env),
    };
    this.deps = this.composeDeps();
  }

  /** The renders started from now on use these; a render already running keeps what it started with. */
  private composeDeps(): RenderDeps {
    const a = this.aiParts;
    return {
      cache: this.cache, pool: this.pool, ai: a.ai, aiLimiter: a.aiLimiter, ttsLimiter: a.ttsLimiter,
      ffmpeg: this.parts.ffmpeg, fontsDir: fontsDir(), fontsDigest: this.parts.fontsDigest, perf: this.perf,
      workRoot: path.join(dataPaths(this.dataDir).cacheDir, 'tmp'), voiceRate: 1, prices: a.prices, toolMemo: this.parts.toolMemo,
      // Opened on first use: an engine that only lists voices never touches the library.
      footage: { version: () => this.footage.version(), shotsSource: () => this.footage.shotsSource(), hasFootage: () => this.footage.hasFootage() },
      stock: this.stockLibrary,
      voiceEngines: a.voiceEngines,
      // An online voice that fails falls back to the default voice, or the system's if that is online too.
      fallbackVoice: this.defaults.voice.startsWith('edge:') ? 'system:en-us' : this.defaults.voice,
      ...(a.transcribe ? { transcribe: a.transcribe } : {}),
    };
  }

  get ai(): AiProvider {
    return this.aiParts.ai;
  }

  /** The creator's footage library, indexed on this engine's worker pool (opened on first use). */
  get footage(): FootageLibrary {
    if (!this.footageLibrary) {
      this.footageDb = openAppDb(this.dataDir);
      const size = this.pool.stats().size;
      this.footageLibrary = new FootageLibrary({
        db: this.footageDb, pool: this.pool, dataDir: this.dataDir, concurrency: size,
        threads: threadsPerEncode(os.availableParallelism(), size),
        ai: () => this.sceneAi(),
        digests: cacheDigestMemo(this.cache),
      });
    }
    return this.footageLibrary;
  }

  /** Scene descriptions and embeddings go through the configured OpenAI(-compatible) provider, when it has a key. */
  private sceneAi(): SceneAi | null {
    const parts = this.aiParts;
    if (this.sceneAiOf?.parts !== parts) {
      const { apiKey } = parts;
      const usable = apiKey !== undefined && parts.ai.identity.id === 'openai';
      const baseURL = parts.ai.identity.baseURL;
      this.sceneAiOf = {
        parts,
        ai: usable ? new SceneAi({ apiKey, ...(baseURL ? { baseURL } : {}), cache: this.cache, prices: parts.prices }) : null,
      };
    }
    return this.sceneAiOf.ai;
  }

  get stock(): StockLibrary {
    return this.stockLibrary;
  }

  private buildStock(keys: StockKeys): StockLibrary {
    const env = process.env;
    const baseUrls = this.stockBaseUrls;
    return new StockLibrary({
      cache: this.cache, keys, ffprobe: this.parts.ffmpeg.ffprobe,
      baseUrls: { ...(env.PEXELS_BASE_URL ? { pexels: env.PEXELS_BASE_URL } : {}), ...(env.PIXABAY_BASE_URL ? { pixabay: env.PIXABAY_BASE_URL } : {}), ...baseUrls },
    });
  }

  /** New stock keys (Settings) apply to renders started from now on. */
  configureStock(keys: StockKeys): void {
    this.stockLibrary = this.buildStock(keys);
    this.deps = this.composeDeps();
  }

  /** What renders started now use (the farm runs the pipeline's stages with them). */
  get renderDeps(): RenderDeps {
    return this.deps;
  }

  /**
   * Switch provider, key, base URL, models, prices or AI/TTS limits without a restart (the
   * Settings panel saves them). Throws, changing nothing, when the new choice cannot work.
   */
  configureAi(opts: AiOptions): void {
    // buildAi throws before it touches the limiters when the provider cannot be built.
    const next = buildAi(opts, this.aiParts);
    this.aiParts = next;
    this.defaults.provider = next.ai.identity.id;
    // Voices checked under the old key may not exist under the new one.
    this.knownVoices.clear();
    this.deps = this.composeDeps();
  }

  static async open(opts: EngineOptions): Promise<Engine> {
    const paths = dataPaths(opts.dataDir);
    const toolMemo = new ToolMemo(paths.toolMemo);
    const ffmpeg = await locateFfmpeg({ ...(opts.ffmpegPath !== undefined ? { setting: opts.ffmpegPath } : {}), memo: toolMemo });
    const cache = CacheStore.open(paths.cacheDir, {
      limits: {
        ...(opts.cacheMaxSizeBytes !== undefined ? { maxSize: opts.cacheMaxSizeBytes } : {}),
        ...(opts.cacheMaxAgeMs !== undefined ? { maxAgeMs: opts.cacheMaxAgeMs } : {}),
      },
      ...(opts.warn ? { warn: opts.warn } : {}),
    });
    return new Engine(opts, { ffmpeg: { ffmpeg: ffmpeg.ffmpeg, ffprobe: ffmpeg.ffprobe, version: ffmpeg.version }, cache, fontsDigest: await fontsDigest(), toolMemo });
  }

  /** Remembered answers of ffmpeg and the voice engine, in the data folder. */
  get toolMemo(): ToolMemo {
    return this.parts.toolMemo;
  }

  get ffmpeg(): { ffmpeg: string; ffprobe: string; version: string } {
    return this.deps.ffmpeg;
  }

  /** The voice engines this engine can use now (the ones with a key or a server configured). */
  private voiceEngines(): VoiceEngines {
    return this.aiParts.voiceEngines;
  }

  /** Every engine's voices, with a note for each engine that could not list them. */
  listVoices(): Promise<VoiceListing> {
    return listAllVoices(this.voiceEngines(), this.toolMemo);
  }

  /** Voices are checked once per id: listing them spawns the engine or asks a server. Throws a usage error naming the voice. */
  async checkVoice(id: string): Promise<void> {
    if (this.knownVoices.has(id)) return;
    await checkVoice(id, this.voiceEngines(), this.toolMemo);
    this.knownVoices.add(id);
  }

  /** A job → a request: its brand applied, every cheap check done (a music track must have sound), its look resolved (styles, title, logo). */
  async resolve(spec: JobSpec, defaults: Partial<RequestDefaults> = {}): Promise<RenderRequest> {
    const { spec: branded, brand } = await applyBrand(spec, this.looks);
    const req = await resolveRequest(branded, { ...this.defaults, ...defaults }, (id) => this.checkVoice(id));
    // A music folder is checked track by track when one is picked (music/library.ts); a file, and a voice-over, now.
    if (req.music !== undefined && !(await stat(req.music)).isDirectory()) await requireAudioStream(this.parts.ffmpeg.ffprobe, req.music);
    if (req.voiceover) await requireAudioStream(this.parts.ffmpeg.ffprobe, req.voiceover.path, 'The voice-over');
    req.look = await resolveLook(branded, brand, this.looks, req.captionStyle);
    if (req.voiceover && req.scriptText === undefined && !this.aiParts.transcribe) {
      throw new UserError('config', `The voice-over ${req.voiceover.path} needs its script (--script-file) or a transcription server (an OpenAI key, or reelforge config set transcribeBaseURL http://127.0.0.1:8000/v1 for a local faster-whisper server).`, 'transcribeBaseURL');
    }
    return req;
  }

  async render(req: RenderRequest, outDir: string, opts: RenderOptions = {}): Promise<RenderResult> {
    if (this.closed) throw new UserError('internal', 'The engine is closed.');
    const end = this.perf.start('render', req.topic ?? 'script');
    try {
      const deps = this.deps;
      // A repeated request is one lookup: the pipeline and its stages load only when the video must be made.
      const found = await cachedVideo(req, outDir, deps, opts);
      const result = 'result' in found ? found.result : await (await import('./pipeline/render.js')).renderVideo(req, outDir, deps, opts, found.key);
      this.perf.videoFinished();
      return result;
    } finally {
      this.perf.record('video', end());
    }
  }

  /** Shots (#11): the shot plan for a job before it renders (the strip in Create); its stages are the render's, cached. */
  async planShots(req: RenderRequest, opts: { signal?: AbortSignal } = {}): Promise<PlannedShots> {
    if (this.closed) throw new UserError('internal', 'The engine is closed.');
    return (await import('./pipeline/plan-shots.js')).planShots(req, this.deps, opts);
  }

  /** Script, ideas and virality for the Create panel: the same cached stages a render uses. */
  async preview(spec: { topic: string; genre?: string; duration?: number }, opts: RenderOptions = {}): Promise<PreviewResult> {
    const signal = opts.signal ?? new AbortController().signal;
    // One provider for the whole preview, even if the settings switch it meanwhile.
    const { ai, aiLimiter } = this.aiParts;
    // Sized like a render's: at the default voice's pace.
    const pace = sizingPace(readPace(this.cache, voiceIdentity(this.defaults.voice, 1, this.aiParts.voiceEngines)), parseVoiceId(this.defaults.voice).engine);
    const { DEFAULT_TAIL_SEC } = await import('./media/compile/compile-graph.js');
    const req = {
      topic: spec.topic, genre: spec.genre ?? this.defaults.genre, targetSeconds: spec.duration ?? this.defaults.durationSec, language: this.defaults.language,
      pace: { msPerUnit: pace.msPerUnit, wordsPerSecond: pace.wordsPerSecond, gapMs: CHUNK_GAP_MS, tailMs: DEFAULT_TAIL_SEC * 1000 },
    };
    const script = (await aiLimiter.run(() => ai.writeScript(req, { signal }), signal)).value;
    const [ideas, virality] = await Promise.all([
      aiLimiter.run(() => ai.backgroundIdeas(script, req.genre, { signal }), signal),
      aiLimiter.run(() => ai.virality(script, null, { signal }), signal),
    ]);
    return { script, ideas: ideas.value, virality: virality.value, provider: ai.identity.id };
  }

  async voicePreview(text: string, voice: string, outPath: string, rate = 1): Promise<{ durationMs: number }> {
    await this.checkVoice(voice);
    const chunks = chunkScript([text]).map((c) => c.text);
    const res = await this.pool.run({
      kind: 'tts',
      tts: { voice, rate, chunks, outPath, gapMs: CHUNK_GAP_MS, ...engineOptions(voice, this.aiParts.voiceEngines) },
    });
    return { durationMs: (res as { durationMs: number }).durationMs };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.close();
    this.cache.close();
    this.footageDb?.close();
  }
}
