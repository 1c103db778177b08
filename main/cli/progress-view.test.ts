import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../core/batch/types.js';
import type { BatchView } from '../core/contract.js';
import { parseBatchArgs } from './batch-command.js';
import { formatBatchLine, formatJobLine, formatSummary, ProgressView, renderFrame } from './progress-view.js';
import { parseRetryArgs } from './retry-command.js';

function job(p: Partial<JobRecord>): JobRecord {
  return {
    id: 'j1', batchId: 'b1', seq: 0, source: 'topics.csv:line 2', title: 'Why cats purr', spec: {}, status: 'running', attempts: 1,
    stages: {}, stage: 'voice', progress: 0.42, etaSec: 80, waiting: false, error: null, output: null, createdAt: 0, updatedAt: 0, startedAt: 0, finishedAt: null, ...p,
  };
}

const batch: BatchView = {
  id: 'b1', status: 'running', concurrency: 5, stopOnError: false, createdAt: 0, videosPerMinute: 2.5, etaSec: 185, label: 'topics.csv',
  counts: { queued: 3, running: 2, done: 4, failed: 1, cancelled: 0, interrupted: 0, paused: 0 },
};

describe('progress view formatting', () => {
  it('formats a job line with stage, percent and ETA within the width', () => {
    const line = formatJobLine(job({ title: 'A very long title about why cats purr at night and in the day' }), 60);
    expect(line.length).toBeLessThanOrEqual(60);
    expect(line).toMatch(/^ {2}▸ A very long.*… voice\s+42%\s+ETA 1m20s$/);
    expect(formatJobLine(job({ stage: null, progress: 0, etaSec: null }))).toMatch(/starting\s+0%$/);
    expect(formatJobLine(job({ waiting: true, etaSec: null }))).toMatch(/waiting\s+42%\s+for a worker$/);
  });

  it('formats the batch line with counts, rate and ETA', () => {
    expect(formatBatchLine(batch)).toBe('batch b1  4/10 done · 1 failed · 3 queued · 2 running · 2.5 videos/min · ETA 3m05s');
  });

  it('caps the frame at a number of job lines', () => {
    const running = Array.from({ length: 15 }, (_, i) => job({ id: `j${i}` }));
    const frame = renderFrame([batch], running, 80, 12);
    expect(frame).toHaveLength(1 + 12 + 1);
    expect(frame.at(-1)).toBe('  … and 3 more running');
  });

  it('summarises every job with its output or reason, and rejected rows', () => {
    const text = formatSummary([
      job({ status: 'done', output: { mp4: '/out/cats.mp4', thumbnail: '', durationSec: 20 } }),
      job({ status: 'failed', title: 'Bees', source: 'x.csv:line 3', error: { kind: 'input', message: 'Background clip /b.mp4 does not exist' } }),
    ], [{ source: 'x.csv:line 4', message: 'no topic or script' }]);
    expect(text).toBe([
      '✓ Why cats purr → /out/cats.mp4',
      '✗ Bees [x.csv:line 3]: Background clip /b.mp4 does not exist',
      '✗ x.csv:line 4: no topic or script',
      '',
      '1 done, 2 failed',
      '',
    ].join('\n'));
  });

  it('redraws in place on a TTY: cursor up and clear exactly the lines it drew', () => {
    const out = new PassThrough();
    let written = '';
    out.on('data', (d: Buffer) => (written += d.toString()));
    let now = 0;
    const view = new ProgressView(out, { tty: true, width: 80, now: () => now });
    view.batch(batch);
    view.job(job({}));
    now += 1000;
    view.job(job({ progress: 0.5 }));
    written = '';
    now += 1000;
    view.job(job({ progress: 0.6 }));
    expect(written.startsWith('\x1b[2A')).toBe(true); // batch line + one job line
    expect(written).toContain(' 60%');
    view.stop();
  });

  it('prints plain lines (no ANSI) when not a TTY, including finished jobs', () => {
    const out = new PassThrough();
    let written = '';
    out.on('data', (d: Buffer) => (written += d.toString()));
    const view = new ProgressView(out, { tty: false, now: () => 0 });
    view.batch(batch);
    view.job(job({}));
    view.job(job({ status: 'done', output: { mp4: '/o.mp4', thumbnail: '', durationSec: 1 } }));
    view.stop();
    expect(written).not.toContain('\x1b[');
    expect(written).toContain('✓ Why cats purr → /o.mp4');
    expect(written).toContain('batch b1  4/10 done');
  });
});

describe('CLI argument parsing', () => {
  it('batch: inputs, repeatable backgrounds, limits and flags', () => {
    const a = parseBatchArgs(['t.csv', 'clips', '--backgrounds', 'a', '--backgrounds', 'b', '--concurrency', '3', '--stop-on-error', '--json', '--no-cache', '--size', '180x320', '--draft']);
    expect(a).toMatchObject({ inputs: ['t.csv', 'clips'], backgrounds: ['a', 'b'], concurrency: 3, stopOnError: true, json: true, noCache: true, resume: null, size: { width: 180, height: 320 }, draft: true });
    expect(parseBatchArgs(['--resume'])?.resume).toBe('');
    expect(parseBatchArgs(['--resume', 'b12'])?.resume).toBe('b12');
    expect(parseBatchArgs(['--help'])).toBeNull();
  });

  it('batch: usage errors for nonsense', () => {
    expect(() => parseBatchArgs([])).toThrow(/Give a .txt/);
    expect(() => parseBatchArgs(['t.txt', '--concurrency', '11'])).toThrow(/--concurrency must be a number from 1 to 10/);
    expect(() => parseBatchArgs(['t.txt', '--concurrency', '2.5'])).toThrow(/whole number/);
    expect(() => parseBatchArgs(['t.txt', '--bogus'])).toThrow(/bogus/);
  });

  it('retry: ids or --failed [batch]', () => {
    expect(parseRetryArgs(['j1', 'j2'])).toMatchObject({ jobIds: ['j1', 'j2'], failed: false });
    expect(parseRetryArgs(['--failed', 'b1'])).toMatchObject({ jobIds: [], failed: true, batchId: 'b1' });
    expect(() => parseRetryArgs([])).toThrow(/--failed/);
  });
});
