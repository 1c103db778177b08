/** Footage indexing jobs (run on the worker pool) and what they return. */
import type { SceneSpan } from '../shots/types.js';
import type { FootageKind } from './media-kinds.js';

/** Full-content SHA-256 of a file: its identity, so a moved or copied file keeps its analysis. */
export interface FootageHashJob {
  op: 'hash';
  path: string;
}

/** Probe, scene cuts and one thumbnail per scene. */
export interface FootageAnalyzeJob {
  op: 'analyze';
  path: string;
  kind: FootageKind;
  /** Folder the thumbnails go in, and their base name (the content hash): `<base>-<n>.jpg`. */
  thumbsDir: string;
  thumbBase: string;
  /** Decoder threads for the scene pass (the pool's share of the cores). */
  threads?: number;
}

export type FootageJob = FootageHashJob | FootageAnalyzeJob;

export interface FootageHashResult {
  op: 'hash';
  sha256: string;
  size: number;
  mtimeMs: number;
  /** With size and mtime, what the digest is remembered for (cache/content-digest.ts). */
  ino: number;
}

/** What the analysis learns about a file's picture and sound, and the index keeps. */
export interface MediaFacts {
  /** Usable length in seconds (where decoding really stops, for a damaged clip); 0 for a still. */
  durationSec: number;
  width: number;
  height: number;
  rotation: number;
  fps: number;
  hasAudio: boolean;
  codec: string | null;
  /** Something the creator should know, e.g. "decodes only to 12.3 s of 30 s". */
  note: string | null;
}

export interface FootageAnalysis extends MediaFacts {
  op: 'analyze';
  scenes: SceneSpan[];
  /** One per scene, in order (a still has one). */
  thumbs: string[];
  keyframesOnly: boolean;
}

export type FootageResult = FootageHashResult | FootageAnalysis;
