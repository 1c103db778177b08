/**
 * The shot plan's vocabulary: timed text from the voice, the pictures that could illustrate it
 * (candidates, from the footage library, stock sites or the built-in looks), and the plan — one
 * picture per stretch of narration, with where it starts in its source and how it moves.
 */

/** Where pictures come from, in the order `--visuals` names them. */
export type VisualSource = 'library' | 'stock' | 'builtin';
export const VISUAL_SOURCES: readonly VisualSource[] = ['library', 'stock', 'builtin'];

/** A sentence of the narration with its time in the voice track. */
export interface TimedSentence {
  index: number;
  text: string;
  startSec: number;
  endSec: number;
}

/** A caption chunk (a few words) with its sentence and time: the places a long sentence may be cut. */
export interface TimedChunk {
  sentence: number;
  text: string;
  startSec: number;
  endSec: number;
}

/** A stretch of the video that one picture covers, before a picture is chosen. */
export interface Slot {
  index: number;
  startSec: number;
  endSec: number;
  /** Sentences this slot illustrates (a short one may share, a long one spans two slots). */
  sentences: number[];
  /** The words spoken during the slot: what its picture should show. */
  text: string;
  /** The whole sentence(s), for context when the slot's own words say little. */
  sentenceText: string;
}

export interface SceneSpan {
  startSec: number;
  endSec: number;
  /** How well this scene matches (from its own description), when known; else the candidate's score. */
  score?: number;
}

/** Author, site and licence of a stock picture: what a creator pastes under a post. */
export interface StockCredit {
  provider: 'pexels' | 'pixabay';
  author: string;
  authorUrl: string | null;
  pageUrl: string;
  licence: string;
}

/** A picture that could fill a slot, with how well it fits. */
export interface Candidate {
  /** Unique per picture: `library:<sha256>`, `stock:pexels:<id>`, `builtin:<name>`. */
  id: string;
  source: VisualSource;
  kind: 'clip' | 'still' | 'builtin';
  /** Lower tiers are used first (source order, then a weak library match after stock); score orders within a tier. */
  tier: number;
  /** 0..1 relevance to the slot's words. */
  score: number;
  /** Why it matched, for the strip and the manifest ("dog ← puppy"). */
  reason: string;
  /** Clip length in seconds (0 for stills and built-ins). */
  durationSec: number;
  /** Scene spans of a clip in its own time; empty means one scene, the whole clip. */
  scenes: SceneSpan[];
  /** The file (library), or null until a stock file is downloaded. */
  path: string | null;
  /** What the strip shows: a file name, "Pexels · Jane Doe", "aurora". */
  label: string;
  /** A small picture of it (footage thumbnail, stock preview), when there is one. */
  thumbnail: string | null;
  credit: StockCredit | null;
  /** Stock: the download to fetch when chosen. */
  download?: { url: string; width: number; height: number };
}

export type Treatment = 'cover' | 'push-in' | 'pull-out';

/** One shot of the finished plan. Times are seconds on the video's timeline. */
export interface Shot {
  startSec: number;
  durationSec: number;
  sentences: number[];
  text: string;
  candidateId: string;
  source: VisualSource | 'user';
  kind: 'clip' | 'still' | 'builtin';
  /** The file to open (clip or still); the look's name for a built-in. */
  path: string | null;
  builtin: string | null;
  /** Where playback starts in the clip, seconds. */
  inSec: number;
  /** Playback speed: 1, or slower (≥ 0.7) when a scene is a little short for its shot. */
  speed: number;
  /** A one-scene clip shorter than its shot plays again from its start. */
  loop: boolean;
  treatment: Treatment;
  score: number;
  reason: string;
  label: string;
  thumbnail: string | null;
  credit: StockCredit | null;
  /** Stock: the file it came from, so an edited plan can fetch it again if the cache let it go. */
  download?: { url: string; width: number; height: number };
}

export type Transition = 'cut' | 'fade';

/** The plan written to `<slug>.shots.json`: editable, and rendered as written with `--shots`. */
export interface ShotPlan {
  version: 1;
  seed: number;
  transition: Transition;
  totalSec: number;
  fps: number;
  shots: Shot[];
  /** The request that made it, so `render --shots FILE` alone renders the same video with the edited shots. */
  request?: PlanRequest;
}

/** The parts of a job a plan remembers (a JobSpec's fields; paths absolute). */
export interface PlanRequest {
  topic?: string;
  script?: string;
  genre?: string;
  duration?: number;
  voice?: string;
  preset?: 'shorts' | 'tiktok' | 'reels' | 'square' | 'landscape';
  music?: string;
  seed?: number;
  captionStyle?: string;
  provider?: string;
}

export interface SlotOptions {
  /** Shortest and longest shot, seconds (1.2 and 6 by default). */
  minSec: number;
  maxSec: number;
  fps: number;
}

export const DEFAULT_SLOT_OPTIONS: Readonly<SlotOptions> = { minSec: 1.2, maxSec: 6, fps: 30 };
