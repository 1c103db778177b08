import type { BackgroundIdeas, Script, ViralityScore } from '../ai/types.js';
import type { ErrorInfo } from '../errors.js';
import type { ShotPlan, StockCredit, Transition, VisualSource } from '../shots/types.js';
import type { Look } from '../looks/look.js';
import type { SyncReport } from '../media/captions/sync-check.js';

export type StageName = 'script' | 'ideas' | 'virality' | 'voice' | 'captions' | 'background' | 'shots' | 'compile';
export const STAGES: readonly StageName[] = ['script', 'ideas', 'virality', 'voice', 'captions', 'background', 'shots', 'compile'];

export type PresetName = 'shorts' | 'tiktok' | 'reels' | 'square' | 'landscape';

/** One video to make. Exactly one of topic / scriptText. */
export interface RenderRequest {
  topic?: string;
  /** Text to voice as-is (from --script-file or a CSV `script` column). */
  scriptText?: string;
  /** With scriptText: the title and hashtags the creator gave it (an edited preview). */
  scriptTitle?: string;
  scriptHashtags?: string[];
  genre: string;
  durationSec: number;
  language: string;
  /** A voice id, e.g. 'system:en-us' or 'openai:alloy'. */
  voice: string;
  /** The voice's speed for this job (absent: the engine's rate, 1). */
  voiceRate?: number;
  preset: PresetName;
  /** A file path, or 'builtin:NAME'. */
  background: string;
  /** The creator's music: one file, or a folder a track is picked from (mood and seed). */
  music?: string;
  /** 0..1: the music bed's level under the voice (default 0.5, about 12 LU under it). */
  musicVolume?: number;
  /** True when the length was asked for (a --script-file that cannot fit it gets a warning). */
  durationGiven?: boolean;
  /** The creator's own recording replaces the synthetic voice and sets the video's length. */
  voiceover?: { path: string; trimSilence: boolean };
  /** The pace to size the script at, when it was decided elsewhere (a farm worker gets the controller's). */
  pace?: { msPerUnit: number; wordsPerSecond: number };
  seed: number;
  captionStyle: string;
  /** Caption style, hook title, end card and logo, resolved (Engine.resolve sets it; absent: the named built-in style alone). */
  look?: Look;
  /** 'offline' | 'openai'. */
  provider: string;
  /** Test/draft override of the preset's resolution, e.g. { width: 270, height: 480 }. */
  size?: { width: number; height: number };
  /** 'final' (x264 veryfast) or 'draft' (ultrafast). */
  quality: 'final' | 'draft';
  noCache: boolean;
  /** Shots (#11): where each sentence's picture comes from, in order (default library, stock, builtin). */
  visuals?: VisualSource[];
  /** Shots (#11): a cut between shots (default) or a 0.25 s cross-dissolve. */
  transition?: Transition;
  /** Shots (#11): an edited plan (`--shots FILE`), rendered as written; `fit` as in the shots stage (a farm plan scales). */
  shots?: { file: string; plan: ShotPlan; fit?: 'last' | 'scale' };
}

export type StageStatus = 'pending' | 'running' | 'done' | 'cached' | 'failed' | 'skipped';

export interface StageReport {
  stage: StageName;
  status: StageStatus;
  ms: number;
  /** Time a cache hit saved (the original compute time). */
  savedMs?: number;
  costUsd?: number;
  costSavedUsd?: number;
  key?: string;
  /** Why an optional stage (ideas, virality) failed; the video was still delivered. */
  error?: string;
}

/** Events a render emits, in order; hosts forward them (CLI --json lines, IPC, WebSocket). */
export type RenderEvent =
  | { type: 'stage'; stage: StageName; status: StageStatus; fraction: number; overall: number; etaSec?: number }
  | { type: 'log'; message: string }
  /** The render's next step waits for a free worker (true), or got one (false). */
  | { type: 'waiting'; waiting: boolean };

export interface RenderManifest {
  version: 1;
  /** The whole-video cache key: the same request gives the same key (and file name). */
  key: string;
  title: string;
  slug: string;
  topic: string | null;
  offlineDraft: boolean;
  provider: { id: string; model: string };
  voice: string;
  preset: PresetName;
  width: number;
  height: number;
  durationSec: number;
  background: { source: string; kind: 'file' | 'builtin'; startSec: number; looped: boolean };
  music: string | null;
  /** Loudness, gains and word-timing source; absent in manifests from before it existed. */
  sound?: SoundManifest;
  script: Script;
  /** Null when the optional ideas stage failed (its stage report says why). */
  ideas: BackgroundIdeas | null;
  /** Null when the optional virality stage failed (its stage report says why). */
  virality: ViralityScore | null;
  /** What the creator should know about this video: a failed insight, a fallback that was taken. */
  warnings: string[];
  /** The brand kit the look came from, if any. */
  brand?: string | null;
  /** The caption sync check (DESIGN §10): words whose highlight drifts from the voice by more than a frame. */
  captionSync?: SyncReport | null;
  stages: StageReport[];
  cache: { videoHit: boolean; hits: number; misses: number; savedMs: number };
  costUsd: number;
  costSavedUsd: number;
  totalMs: number;
  outputs: { mp4: string; srt: string; json: string; thumbnail: string; shots?: string; credits?: string };
  createdAt: string;
  /** Shots (#11): the picture of every stretch of narration (null when one background fills the video). */
  shots?: ShotPlan | null;
  /** Shots (#11): author, site, page and licence of every stock video shown. */
  credits?: StockCredit[];
}

/** The sound of a rendered video: measured before the compile (pipeline/stages/sound.ts). */
export interface SoundManifest {
  /** Integrated loudness and true peak of the mastered mix before the AAC encode (which moves them by about 0.1). */
  integratedLufs: number;
  truePeakDb: number;
  /** The voice and music as they came, LUFS. */
  voiceLufs: number;
  musicLufs: number | null;
  /** The gains and limiter ceiling applied in the compile. */
  voiceGainDb: number;
  musicGainDb: number | null;
  gainDb: number;
  limitDb: number;
  /** The music track used (picked from the folder when a folder was given). */
  music: string | null;
  /** Where the caption word times came from: the voice engine, estimates, a transcription, or the recording's pauses. */
  wordTiming: 'engine' | 'estimated' | 'transcript' | 'aligned';
}

export interface RenderResult {
  manifest: RenderManifest;
}

export type RenderOutcome = { ok: true; result: RenderResult } | { ok: false; error: ErrorInfo };

/** A job as a user writes it (CLI flags, CSV row, JSON entry, Create panel); defaults fill the rest. */
export interface JobSpec {
  topic?: string;
  script?: string;
  genre?: string;
  duration?: number;
  voice?: string;
  /** The voice's speed, 0.5–2 (1 = the voice's own pace). */
  voiceRate?: number;
  preset?: PresetName;
  background?: string;
  /** A music file, or a folder to pick a track from. */
  music?: string;
  musicVolume?: number;
  /** The creator's own recording instead of a synthetic voice. */
  voiceover?: string;
  trimSilence?: boolean;
  seed?: number;
  captionStyle?: string;
  provider?: string;
  /** Shots (#11): "library,stock,builtin" or a list, in order. */
  visuals?: string | VisualSource[];
  transition?: Transition;
  /** Shots (#11): an edited `<slug>.shots.json` to render as written. */
  shots?: string;
  /** A brand kit's name: its look and defaults fill what the job leaves open. */
  brand?: string;
  /** The script's hook as a title over the first seconds (default: on for topics, off for scripts). */
  hookTitle?: boolean;
  titleStyle?: string;
  quality?: 'final' | 'draft';
  /** With `script`: title and hashtags (an edited Create preview). */
  title?: string;
  hashtags?: string[];
}

export interface RenderOptions {
  signal?: AbortSignal;
  onEvent?: (e: RenderEvent) => void;
}
