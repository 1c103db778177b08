/**
 * Hostile use of the built `reelforge` command (issue 10): what a user's folder, a dead provider or
 * a killed process does to it. Every case runs bin/reelforge.js over dist/ as a separate process,
 * renders tiny drafts and shares one data folder, so the cache keeps repeats cheap.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAudioOnly, makeClip, tempDir } from '../testing/media-fixtures.js';
import { closedPortUrl } from '../testing/openai-test-server.js';
import type { RenderManifest } from '../core/pipeline/types.js';
import { builtCliArgs, runBuiltCli } from './cli-harness.js';

const SMALL = ['--size', '180x320', '--draft', '--duration', '5'];
let dir: string;
let dataDir: string;
/** No key and no base URL from the developer's shell: offline and deterministic unless a test says otherwise. */
const env: NodeJS.ProcessEnv = { ...process.env };
delete env.OPENAI_API_KEY;
delete env.OPENAI_BASE_URL;

beforeAll(async () => {
  dir = await tempDir('reelforge-hostile-cli-');
  dataDir = path.join(dir, 'data');
});

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('the built CLI never overwrites a file Reelforge did not write', () => {
  it('picks a base name free across .mp4, .srt, .jpg and .json, and replaces only its own set', async () => {
    const out = path.join(dir, 'holiday-folder');
    await mkdir(out);
    // The user's own files, one of each kind a render writes, on the names a "Holiday" video would take.
    const mine = {
      'holiday.mp4': await makeClip(path.join(out, 'holiday.mp4'), { width: 160, height: 90, seconds: 1 }),
      'holiday.srt': path.join(out, 'holiday.srt'),
      'holiday-2.jpg': path.join(out, 'holiday-2.jpg'),
      'holiday-3.json': path.join(out, 'holiday-3.json'),
    };
    await writeFile(mine['holiday.srt'], '1\n00:00:00,000 --> 00:00:01,000\nmy subtitles\n');
    await writeFile(mine['holiday-2.jpg'], 'not even a jpeg');
    await writeFile(mine['holiday-3.json'], '{"my":"notes"}');
    const before = Object.fromEntries(Object.entries(mine).map(([k, f]) => [k, sha(f)]));

    const first = await runBuiltCli(['render', '--topic', 'Holiday', ...SMALL, '--out', out, '--data-dir', dataDir], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.split('\n')[0]).toBe(path.join(out, 'holiday-4.mp4'));
    for (const [name, file] of Object.entries(mine)) expect(sha(file), name).toBe(before[name]);
    const manifest = JSON.parse(readFileSync(path.join(out, 'holiday-4.json'), 'utf8')) as RenderManifest;
    expect(manifest.outputs.srt).toBe(path.join(out, 'holiday-4.srt'));

    // The same request again: its own set, replaced in place; nothing new, nothing of the user's touched.
    const again = await runBuiltCli(['render', '--topic', 'Holiday', ...SMALL, '--out', out, '--data-dir', dataDir], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.split('\n')[0]).toBe(path.join(out, 'holiday-4.mp4'));
    expect(readdirSync(out).sort()).toEqual([
      'holiday-2.jpg', 'holiday-3.json', 'holiday-4.jpg', 'holiday-4.json', 'holiday-4.mp4', 'holiday-4.shots.json', 'holiday-4.srt', 'holiday.mp4', 'holiday.srt',
    ]);
    for (const [name, file] of Object.entries(mine)) expect(sha(file), name).toBe(before[name]);
  });
});

describe('the built CLI with an OpenAI-compatible server that is down', () => {
  let downEnv: NodeJS.ProcessEnv;
  let scriptFile: string;

  beforeAll(async () => {
    downEnv = { ...env, OPENAI_API_KEY: 'sk-test-unreachable', OPENAI_BASE_URL: await closedPortUrl() };
    scriptFile = path.join(dir, 'short.txt');
    await writeFile(scriptFile, 'Cats purr when they are calm. Some purr when they heal.\n');
  });

  it('an openai: voice that cannot be reached fails the render with one line and exit 1, with no trace from the insights still pending', async () => {
    const res = await runBuiltCli(['render', '--script-file', scriptFile, '--voice', 'openai:nova', ...SMALL, '--out', path.join(dir, 'down-voice'), '--data-dir', dataDir], downEnv);
    expect(res.code, res.stderr).toBe(1);
    const lines = res.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('reelforge:'))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^reelforge: .*(speech|voice)/i);
    // What an uncaught rejection prints on its way out of the process.
    expect(res.stderr).not.toMatch(/Node\.js v\d|^\s+at /m);
  });

  it('a finished video whose ideas and virality failed is delivered: one warning line, exit 0, the manifest says why', async () => {
    const out = path.join(dir, 'down-insights');
    const res = await runBuiltCli(['render', '--script-file', scriptFile, '--voice', 'system:en-us', ...SMALL, '--out', out, '--data-dir', dataDir], downEnv);
    expect(res.code, res.stderr).toBe(0);
    const warnings = res.stderr.split('\n').filter((l) => l.startsWith('reelforge:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^reelforge: warning: .*ideas.*failed/i);
    const mp4 = res.stdout.split('\n')[0] ?? '';
    const manifest = JSON.parse(readFileSync(mp4.replace(/\.mp4$/, '.json'), 'utf8')) as RenderManifest;
    expect(manifest.ideas).toBeNull();
    expect(manifest.virality).toBeNull();
    expect(manifest.warnings).toHaveLength(2);
    expect(manifest.stages.filter((st) => st.status === 'failed').map((st) => st.stage).sort()).toEqual(['ideas', 'virality']);
  });
});

describe('the built CLI with bad music', () => {
  it('a music file with no audio stream fails before any stage runs, naming the file', async () => {
    const silentClip = await makeClip(path.join(dir, 'two-seconds.mp4'), { width: 160, height: 90, seconds: 2 });
    const res = await runBuiltCli(['render', '--topic', 'Quiet music', '--music', silentClip, ...SMALL, '--out', path.join(dir, 'bad-music'), '--data-dir', dataDir], env);
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n')).toEqual([`reelforge: Music ${silentClip} has no audio stream: pick a track with sound (mp3, m4a, wav…).`]);
    // A real track still works, and the captions file carries no override tags.
    const track = await makeAudioOnly(path.join(dir, 'track.m4a'), 3);
    const scriptFile = path.join(dir, 'tags.txt');
    await writeFile(scriptFile, 'This is {\\fs200\\c&H0000FF&} literal. Cats purr.\n');
    const ok = await runBuiltCli(['render', '--script-file', scriptFile, '--music', track, ...SMALL, '--out', path.join(dir, 'good-music'), '--data-dir', dataDir, '--json'], env);
    expect(ok.code, ok.stderr).toBe(0);
    const done = JSON.parse(ok.stdout.trim().split('\n').at(-1) ?? '{}') as { outputs: { srt: string } };
    const srt = readFileSync(done.outputs.srt, 'utf8');
    expect(srt).not.toMatch(/\{\\/);
    expect(srt).toMatch(/This is/);
    expect(srt).toMatch(/literal\./);
  });
});

describe('the built CLI and a stale queue.lock', () => {
  it.skipIf(process.platform === 'win32')('a lock naming the pid of another live program does not keep the queue locked', async () => {
    const data = path.join(dir, 'locked-data');
    await mkdir(data, { recursive: true });
    const stranger = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await writeFile(path.join(data, 'queue.lock'), String(stranger.pid));
      const res = await runBuiltCli(['retry', '--failed', '--data-dir', data], env);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toMatch(/Nothing to retry/);
    } finally {
      stranger.kill('SIGKILL');
    }
  });
});

describe('the built CLI when its reader goes away', () => {
  it('`render … | head` finishes the video and exits, instead of failing on the closed pipe forever', async () => {
    const out = path.join(dir, 'piped-out');
    const child = spawn(process.execPath, builtCliArgs(['render', '--topic', 'Holiday', ...SMALL, '--out', out, '--data-dir', dataDir]), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader closes both pipes before the first line arrives.
    child.stdout.destroy();
    child.stderr.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(readdirSync(out)).toContain('holiday.mp4');
  });
});

describe('the built CLI on a full disk', () => {
  it('a voice that does not fit names the folder and the space it needs', async (ctx) => {
    const small = path.join(dir, 'small-disk');
    await mkdir(small);
    try {
      // A 900 KiB filesystem: the databases fit, a voice does not. Needs root (mount).
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=900k', 'tmpfs', small], { stdio: 'ignore' });
    } catch {
      ctx.skip('mounting a small tmpfs needs root; not available here');
    }
    try {
      const scriptFile = path.join(dir, 'full.txt');
      await writeFile(scriptFile, 'Cats purr when they are calm. Some purr when they heal.\n');
      const res = await runBuiltCli(['render', '--script-file', scriptFile, ...SMALL, '--out', path.join(dir, 'full-out'), '--data-dir', path.join(small, 'data')], env);
      expect(res.code).toBe(1);
      expect(res.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`^reelforge: Not enough free disk in ${path.join(small, 'data', 'cache')}: the voice needs about \\d+ MB, \\d+ MB free\\. Free space`));
    } finally {
      execFileSync('umount', [small], { stdio: 'ignore' });
    }
  });
});
