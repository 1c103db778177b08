/**
 * The worker's part of one video, as data. The controller has already written the script, ideas
 * and virality, done any online voice and any transcription (keys never leave it), planned the
 * shots when it has footage or stock to plan with, and stored it all in the farm's cache; the
 * worker renders the rest with the same pipeline, finding those stages as cache hits.
 * Inputs are named by content digest; the AI identity is only what the stage keys hash (provider,
 * model, prompt digests), never a key.
 */
import { z } from 'zod';
import { endCardSchema, logoSchema } from '../looks/brand-schema.js';
import { captionStyleSchema, titleStyleSchema } from '../media/captions/style-schema.js';
import { digestRefSchema as digestRef, SHA256_HEX } from './blob-protocol.js';
import { farmShotsSchema } from './farm-shots.js';

export const renderPayloadSchema = z.object({
  request: z.object({
    topic: z.string().max(500).nullable(),
    scriptText: z.string().max(20_000).nullable(),
    genre: z.string().max(100),
    durationSec: z.number().min(1).max(600),
    language: z.string().max(20),
    voice: z.string().max(200),
    preset: z.enum(['shorts', 'tiktok', 'reels', 'square', 'landscape']),
    background: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('builtin'), name: z.string().max(100) }),
      z.object({ kind: z.literal('blob'), ...digestRef.shape }),
    ]),
    music: digestRef.nullable(),
    seed: z.number().int(),
    captionStyle: z.string().max(50),
    /** The resolved look (styles as data); its logo by digest, like every input. */
    look: z.object({
      brand: z.string().max(100).nullable(),
      caption: captionStyleSchema,
      title: titleStyleSchema.nullable(),
      endCard: endCardSchema.nullable(),
      logo: logoSchema.omit({ path: true }).extend(digestRef.shape).nullable(),
    }).nullable(),
    provider: z.string().max(50),
    size: z.object({ width: z.number().int().min(16).max(8192), height: z.number().int().min(16).max(8192) }).nullable(),
    quality: z.enum(['final', 'draft']),
    noCache: z.boolean(),
    /** The creator's recording by digest, instead of a synthetic voice. */
    voiceover: digestRef.extend({ trimSilence: z.boolean() }).nullable().optional(),
    transition: z.enum(['cut', 'fade']).optional(),
    durationGiven: z.boolean().optional(),
  }),
  /**
   * The shot plan the controller made (its library, its stock keys), files by digest: the worker
   * renders it as written. Absent when only built-in looks could be shown: the worker plans those.
   */
  shots: farmShotsSchema.nullable().optional(),
  /** The transcription model and server a voice-over was placed with on the controller (never its key). */
  transcribe: z.object({ model: z.string().max(200), baseURL: z.string().max(500).nullable() }).nullable().optional(),
  /** What the AI stage keys hash: the controller's provider identity (never its key). */
  ai: z.object({
    id: z.string().max(50),
    model: z.string().max(200),
    promptDigest: z.record(z.string().max(40), z.string().max(128)),
    baseURL: z.string().max(500).nullable(),
  }),
  /** The online speech model and server, for an `openai:` voice's key (the controller synthesised it). */
  speech: z.object({ model: z.string().max(200), baseURL: z.string().max(500).nullable() }).nullable(),
  voiceRate: z.number().min(0.25).max(4),
  /** The pace the controller sized the script at: the worker sizes the same way, so the script is a hit. */
  pace: z.object({ msPerUnit: z.number().min(20).max(2000), wordsPerSecond: z.number().min(0.1).max(20) }).nullable().optional(),
  /** The other online engines' model and server (never a key), for those voices' keys. */
  voiceEngines: z.object({
    elevenlabs: z.object({ model: z.string().max(200), baseURL: z.string().max(500).nullable() }).nullable(),
    local: z.object({ model: z.string().max(200), baseURL: z.string().max(500) }).nullable(),
    edge: z.object({ baseURL: z.string().max(500) }).nullable(),
  }).partial().optional(),
  musicVolume: z.number().min(0).max(1).nullable().optional(),
});
export type RenderPayload = z.infer<typeof renderPayloadSchema>;

const contentRef = z.object({ sha256: z.string().regex(SHA256_HEX), size: z.number().int().min(0) });

/**
 * What the worker made: the video and thumbnail by digest (both are in the controller's cache by
 * the time the job completes), the SRT text and the manifest with no local paths in it.
 */
export const renderResultSchema = z.object({
  video: contentRef,
  thumbnail: contentRef,
  srt: z.string().max(4_000_000),
  /** A RenderManifest (pipeline/types.ts) whose background, music and outputs name no local path. */
  /** What this job moved between worker and controller, and the time it took. */
  transfer: z.object({ downloadedBytes: z.number().min(0), uploadedBytes: z.number().min(0), ms: z.number().min(0), requests: z.number().int().min(0) }),
  manifest: z.looseObject({ key: z.string(), title: z.string(), slug: z.string(), stages: z.array(z.looseObject({ stage: z.string(), status: z.string() })) }),
});
export type RenderResult = z.infer<typeof renderResultSchema>;
