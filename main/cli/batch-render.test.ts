/**
 * `reelforge batch` end to end with real renders (issue 4): settled failures, stop-on-error,
 * a messy CSV, and a SIGKILL of the built command mid-batch that leaves no process behind and
 * resumes with the batch's own size and quality, without rendering a finished video again.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeClip, makeTruncated, probeSummary, tempDir } from '../testing/media-fixtures.js';
import { builtCliArgs, runBuiltCli, runCli } from './cli-harness.js';

const SMALL = ['--size', '180x320', '--draft', '--json'];

interface JobLine {
  id: string;
  status: string;
  source: string;
  title: string;
  output: { mp4: string } | null;
  error: { message: string } | null;
}
interface DoneLine {
  type: string;
  jobs: JobLine[];
  inputErrors?: { source: string; message: string }[];
}

function lastLine(stdout: string): DoneLine {
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as DoneLine;
}

let dir: string;
let good: string;
let bad: string;

beforeAll(async () => {
  dir = await tempDir('reelforge-batch-');
  good = await makeClip(path.join(dir, 'good.mp4'), { width: 320, height: 180, seconds: 3 });
  const big = await makeClip(path.join(dir, 'big.mp4'), { width: 320, height: 180, seconds: 4 });
  bad = await makeTruncated(big, path.join(dir, 'broken clip.mp4'));
});

describe('reelforge batch with real renders', () => {
  it('a bad clip fails its own job only; the others finish; exit 1 names the file', async () => {
    const csv = path.join(dir, 'three.csv');
    await writeFile(csv, `topic,background,duration\nCats,${good},6\nDogs,${bad},6\nBirds,${good},6\n`);
    const res = await runCli(['batch', csv, '--out', path.join(dir, 'out1'), '--data-dir', path.join(dir, 'd1'), ...SMALL]);
    expect(res.code).toBe(1);
    const done = lastLine(res.stdout);
    expect(done.type).toBe('done');
    const byTitle = Object.fromEntries(done.jobs.map((j) => [j.title, j]));
    expect(byTitle.Cats?.status).toBe('done');
    expect(byTitle.Birds?.status).toBe('done');
    expect(byTitle.Dogs?.status).toBe('failed');
    expect(byTitle.Dogs?.error?.message).toContain('broken clip.mp4');
    expect(statSync(byTitle.Cats!.output!.mp4).size).toBeGreaterThan(1000);
  });

  it('--stop-on-error starts no new job after the first failure', async () => {
    const csv = path.join(dir, 'stop.csv');
    await writeFile(csv, `topic,background,duration\nFirst fails,${bad},6\nSecond,${good},6\nThird,${good},6\n`);
    const res = await runCli(['batch', csv, '--concurrency', '1', '--stop-on-error', '--out', path.join(dir, 'out2'), '--data-dir', path.join(dir, 'd2'), ...SMALL]);
    expect(res.code).toBe(1);
    const jobs = lastLine(res.stdout).jobs;
    expect(jobs.find((j) => j.title === 'First fails')?.status).toBe('failed');
    expect(jobs.filter((j) => j.status === 'done')).toEqual([]);
    // nothing new started: the later jobs never rendered
    expect(readdirSync(path.join(dir, 'out2')).filter((f) => f.endsWith('.mp4'))).toEqual([]);
  });

  it('a messy CSV: valid rows render, bad rows are reported by line number', async () => {
    const csv = path.join(dir, 'messy.csv');
    const rows = [
      'Topic,Duration,Genre',
      '"Why cats purr, really",6,facts',
      'Bad duration,abc,facts',
      ',6,facts',
      '"Quoted ""owls""",6,facts',
    ];
    await writeFile(csv, `\uFEFF${rows.join('\r\n')}\r\n`);
    const res = await runCli(['batch', csv, '--backgrounds', good, '--out', path.join(dir, 'out3'), '--data-dir', path.join(dir, 'd3'), ...SMALL]);
    expect(res.code).toBe(1);
    const done = lastLine(res.stdout);
    expect(done.jobs.filter((j) => j.status === 'done').map((j) => j.title).sort()).toEqual(['Quoted "owls"', 'Why cats purr, really']);
    const errs = (done.inputErrors ?? []).map((e) => `${e.source}: ${e.message}`).join('\n');
    expect(errs).toMatch(/messy\.csv:line 3.*duration/i);
    expect(errs).toMatch(/messy\.csv:line 4/);
  });

  it('SIGKILL mid-batch leaves no worker or ffmpeg; --resume finishes at the batch\'s size and quality without re-rendering finished videos', async () => {
    const list = path.join(dir, 'four.txt');
    await writeFile(list, 'Topic one\nTopic two\nTopic three\nTopic four\n');
    const data = path.join(dir, 'd4');
    const out = path.join(dir, 'out4');
    const tag = randomUUID();
    const child = spawn(process.execPath, builtCliArgs(['batch', list, '--backgrounds', good, '--concurrency', '1', '--out', out, '--data-dir', data, '--size', '180x320', '--draft', '--json']), {
      env: { ...process.env, REELFORGE_TEST_TAG: tag }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Kill it once the first video is done and the second is running.
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const done = buf.split('\n').filter((l) => l.includes('"type":"job"') && l.includes('"status":"done"')).length;
        if (done >= 1) resolve();
      });
      child.on('exit', () => reject(new Error(`batch exited before a job finished: ${buf.slice(-500)}`)));
    });
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));
    const finishedBefore = readdirSync(out).filter((f) => f.endsWith('.mp4')).map((f) => [f, statSync(path.join(out, f)).mtimeMs] as const);
    expect(finishedBefore.length).toBeGreaterThanOrEqual(1);

    // No process carrying our tag survives (workers and their ffmpeg inherit the environment).
    const survivors = async (): Promise<number[]> => {
      const pids: number[] = [];
      for (const p of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
        try {
          const env = readFileSync(`/proc/${p}/environ`, 'latin1');
          const stat = readFileSync(`/proc/${p}/stat`, 'latin1');
          if (env.includes(tag) && !/\) Z /.test(stat)) pids.push(Number(p));
        } catch {
          // gone already
        }
      }
      return pids;
    };
    const deadline = Date.now() + 10_000;
    let left = await survivors();
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      left = await survivors();
    }
    expect(left).toEqual([]);

    // No --size or --draft here: the batch kept the ones it started with.
    const res = await runBuiltCli(['batch', '--resume', '--data-dir', data, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const done = lastLine(res.stdout);
    expect(done.jobs.filter((j) => j.status === 'done')).toHaveLength(4);
    for (const [f, mtime] of finishedBefore) expect(statSync(path.join(out, f)).mtimeMs).toBe(mtime);
    const videos = readdirSync(out).filter((f) => f.endsWith('.mp4'));
    expect(videos).toHaveLength(4);
    for (const f of videos) expect(await probeSummary(path.join(out, f)), f).toMatchObject({ width: 180, height: 320 });
    const again = await runBuiltCli(['batch', '--resume', '--draft', '--data-dir', data]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/kept with the batch/);
  });
});
