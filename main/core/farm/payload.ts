/**
 * What travels through Redis, validated on both ends with zod (a worker never trusts job data
 * blindly, the controller never trusts a result blindly). Job data carries content digests,
 * never a local path, a key or a secret: Redis holds it in clear text.
 */
import { z } from 'zod';
import type { ErrorInfo, UserErrorKind } from '../errors.js';
import { renderPayloadSchema, renderResultSchema } from './render-payload.js';

/** The bench's stand-in: a real ffmpeg paced in real time (`-re`), so dispatch overhead shows, not CPU. */
const pacedJob = z.object({ v: z.literal(1), kind: z.literal('paced'), title: z.string().max(500), seconds: z.number().min(0.1).max(3600) });
const renderJob = z.object({ v: z.literal(1), kind: z.literal('render'), title: z.string().max(500), render: renderPayloadSchema });

export const farmJobDataSchema = z.discriminatedUnion('kind', [pacedJob, renderJob]);
export type FarmJobData = z.infer<typeof farmJobDataSchema>;

const stageStatus = z.enum(['pending', 'running', 'done', 'cached', 'failed', 'skipped']);
export const farmProgressSchema = z.object({
  stages: z.record(z.string().max(40), stageStatus),
  stage: z.string().max(40).nullable(),
  fraction: z.number().min(0).max(1),
  overall: z.number().min(0).max(1),
  etaSec: z.number().min(0).optional(),
  /** Which worker runs it (its registry id). */
  worker: z.string().max(200),
});
export type FarmProgress = z.infer<typeof farmProgressSchema>;

const workerRef = z.object({ id: z.string().max(200), name: z.string().max(200) });
export const farmJobResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('paced'), worker: workerRef, elapsedMs: z.number().min(0) }),
  z.object({ kind: z.literal('render'), worker: workerRef, render: renderResultSchema }),
]);
export type FarmJobResult = z.infer<typeof farmJobResultSchema>;

// ── errors across Redis ──────────────────────────────────────────────────────
// BullMQ keeps only an error's message (failedReason). The farm writes the whole ErrorInfo into
// it so the controller shows the same sentence, kind and subject a local render would.

const ERROR_TAG = 'RFERR1 ';
const KINDS: readonly UserErrorKind[] = ['usage', 'config', 'input', 'io', 'cancelled', 'provider', 'internal'];

export function encodeError(info: ErrorInfo): string {
  return `${ERROR_TAG}${JSON.stringify(info)}`;
}

/** Back from failedReason; BullMQ's own reasons (a stalled job, a lost lock) become internal errors with a hint. */
export function decodeError(reason: string | undefined): ErrorInfo {
  const text = reason ?? '';
  if (text.startsWith(ERROR_TAG)) {
    try {
      const v = JSON.parse(text.slice(ERROR_TAG.length)) as Partial<ErrorInfo>;
      if (typeof v.message === 'string' && KINDS.includes(v.kind as UserErrorKind)) {
        return { message: v.message, kind: v.kind as UserErrorKind, ...(typeof v.subject === 'string' ? { subject: v.subject } : {}) };
      }
    } catch {
      // fall through: shown as it is
    }
  }
  if (/stalled more than allowable limit/i.test(text)) {
    return { kind: 'internal', message: 'The video was lost by farm workers too many times (each stopped answering mid-job): check the workers\' logs, then retry it.' };
  }
  return { kind: 'internal', message: text === '' ? 'The farm job failed without a reason.' : `The farm job failed: ${text}` };
}

/** Kinds a retry on another worker cannot fix: the job's own input, its settings, a cancel. */
export function isPermanent(kind: UserErrorKind): boolean {
  return kind === 'usage' || kind === 'config' || kind === 'input' || kind === 'cancelled' || kind === 'provider';
}
