/**
 * The live terminal view of `reelforge batch` / `retry`: one line per running job (title,
 * stage, percent, ETA) under one batch line (done, failed, queued, videos/min, ETA).
 * On a TTY it redraws in place with ANSI (cursor up + clear line) at most 10 times a
 * second; elsewhere (CI logs, pipes) it prints a plain batch line every few seconds and a
 * line whenever a job finishes, so logs stay readable. It writes to stderr: stdout is kept
 * for the summary (and --json), so `reelforge batch x.csv > report.txt` works.
 * The formatting functions are pure and tested; ProgressView only decides when to draw.
 */
import type { BatchView } from '../core/contract.js';
import type { JobRecord } from '../core/batch/types.js';
import { formatEta } from './render-line.js';

export function truncate(text: string, width: number): string {
  if (width <= 1) return text.slice(0, Math.max(0, width));
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

export function percent(p: number): string {
  return `${String(Math.floor(Math.min(1, Math.max(0, p)) * 100)).padStart(3)}%`;
}

/** "  ▸ Why cats purr              voice      42%  ETA 1m20s" */
export function formatJobLine(job: JobRecord, width = 80): string {
  const stage = (job.waiting ? 'waiting' : job.stage ?? 'starting').padEnd(10);
  const eta = job.waiting ? '  for a worker' : job.etaSec !== null && job.etaSec > 0 ? `  ETA ${formatEta(job.etaSec)}` : '';
  const tail = ` ${stage} ${percent(job.progress)}${eta}`;
  const titleWidth = Math.max(8, width - 4 - tail.length);
  return truncate(`  ▸ ${truncate(job.title, titleWidth).padEnd(titleWidth)}${tail}`, width);
}

/** "batch b1f3…  4/10 done · 1 failed · 3 queued · 2 running · 2.5 videos/min · ETA 3m05s" */
export function formatBatchLine(b: BatchView, width = 120): string {
  const c = b.counts;
  const total = Object.values(c).reduce((a, n) => a + n, 0);
  const parts = [`${c.done}/${total} done`];
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.cancelled) parts.push(`${c.cancelled} cancelled`);
  if (c.queued) parts.push(`${c.queued} queued`);
  if (c.running) parts.push(`${c.running} running`);
  if (c.paused) parts.push(`${c.paused} paused`);
  if (c.interrupted) parts.push(`${c.interrupted} interrupted`);
  parts.push(`${b.videosPerMinute.toFixed(1)} videos/min`);
  if (b.etaSec !== null && b.etaSec > 0) parts.push(`ETA ${formatEta(b.etaSec)}`);
  return truncate(`batch ${b.id}  ${parts.join(' · ')}`, width);
}

/** The whole TTY frame: batch lines, then running jobs (at most `maxJobs`, then "+N more"). */
export function renderFrame(batches: readonly BatchView[], running: readonly JobRecord[], width = 80, maxJobs = 12): string[] {
  const lines = batches.map((b) => formatBatchLine(b, width));
  for (const j of running.slice(0, maxJobs)) lines.push(formatJobLine(j, width));
  if (running.length > maxJobs) lines.push(`  … and ${running.length - maxJobs} more running`);
  return lines;
}

/** One line for a job that has settled, for logs and the final summary. */
export function formatOutcome(job: JobRecord): string {
  switch (job.status) {
    case 'done':
      return `✓ ${job.title} → ${job.output?.mp4 ?? '(no file)'}`;
    case 'failed':
      return `✗ ${job.title} [${job.source}]: ${job.error?.message ?? 'failed'}`;
    case 'cancelled':
      return `– ${job.title}: ${job.error?.message ?? 'cancelled'}`;
    default:
      return `… ${job.title}: ${job.status}`;
  }
}

/** The final report: every job with its output or reason, then the input rows that never became jobs. */
export function formatSummary(jobs: readonly JobRecord[], inputErrors: readonly { source: string; message: string }[] = []): string {
  const lines = jobs.map(formatOutcome);
  for (const e of inputErrors) lines.push(`✗ ${e.source}: ${e.message}`);
  const done = jobs.filter((j) => j.status === 'done').length;
  const failed = jobs.filter((j) => j.status === 'failed').length + inputErrors.length;
  const other = jobs.length - done - jobs.filter((j) => j.status === 'failed').length;
  lines.push('', `${done} done, ${failed} failed${other > 0 ? `, ${other} not finished` : ''}`);
  return `${lines.join('\n')}\n`;
}

const ESC = '\x1b[';

export interface ProgressViewOptions {
  tty: boolean;
  width?: number;
  /** Plain mode: how often the batch line is printed (ms). */
  plainEveryMs?: number;
  now?: () => number;
}

export class ProgressView {
  private readonly batches = new Map<string, BatchView>();
  private readonly running = new Map<string, JobRecord>();
  private drawnLines = 0;
  private lastDrawAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => number;

  constructor(private readonly out: NodeJS.WritableStream, private readonly o: ProgressViewOptions) {
    this.now = o.now ?? Date.now;
  }

  job(job: JobRecord): void {
    if (job.status === 'running') {
      this.running.set(job.id, job);
    } else {
      const wasRunning = this.running.delete(job.id);
      // Settled jobs scroll up above the live frame (TTY) or print as a log line.
      if (wasRunning || job.status === 'failed' || job.status === 'done') this.printAbove(formatOutcome(job));
    }
    this.schedule();
  }

  batch(view: BatchView): void {
    this.batches.set(view.id, view);
    this.schedule();
  }

  /** Clears the live frame (TTY) so the summary starts on a clean screen. */
  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.o.tty) this.clearFrame();
    else for (const b of this.batches.values()) this.out.write(`${formatBatchLine(b)}\n`);
  }

  private printAbove(line: string): void {
    if (this.o.tty) {
      this.clearFrame();
      this.out.write(`${line}\n`);
      this.draw();
    } else {
      this.out.write(`${line}\n`);
    }
  }

  private schedule(): void {
    const every = this.o.tty ? 100 : (this.o.plainEveryMs ?? 5000);
    const wait = this.lastDrawAt + every - this.now();
    if (wait <= 0) {
      this.draw();
      return;
    }
    if (this.timer === null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.draw();
      }, wait);
      this.timer.unref?.();
    }
  }

  private draw(): void {
    this.lastDrawAt = this.now();
    if (!this.o.tty) {
      for (const b of this.batches.values()) this.out.write(`${formatBatchLine(b)}\n`);
      return;
    }
    const lines = renderFrame([...this.batches.values()], [...this.running.values()], this.o.width ?? 80);
    this.clearFrame();
    this.out.write(lines.map((l) => `${l}\n`).join(''));
    this.drawnLines = lines.length;
  }

  private clearFrame(): void {
    if (this.drawnLines === 0) return;
    this.out.write(`${ESC}${this.drawnLines}A${`${ESC}2K\n`.repeat(this.drawnLines)}${ESC}${this.drawnLines}A`);
    this.drawnLines = 0;
  }
}
