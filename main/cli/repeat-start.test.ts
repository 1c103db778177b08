/**
 * Fast start (issue 15): a repeat `reelforge render` served whole from the cache loads only what
 * the lookup needs — no pipeline stage, no zod, no caption layout — so a start costs little
 * more than Node itself (the time is measured in `npm run bench -- startup`, never here). The
 * built CLI runs as its own process under a loader hook that lists every module it loads.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderManifest } from '../core/pipeline/types.js';
import { tempDir } from '../testing/media-fixtures.js';
import { builtCliArgs } from './cli-harness.js';

let dir: string;
const env: NodeJS.ProcessEnv = { ...process.env };
delete env.OPENAI_API_KEY;
delete env.OPENAI_BASE_URL;

beforeAll(async () => {
  dir = await tempDir('reelforge-repeat-start-');
  // A module hook (it runs on the loader's thread) appending each module's URL to a file.
  writeFileSync(path.join(dir, 'hooks.mjs'), [
    "import { appendFileSync } from 'node:fs';",
    'export async function load(url, context, next) { appendFileSync(process.env.MODULE_LOG, url + "\\n"); return next(url, context); }',
  ].join('\n'));
  writeFileSync(path.join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});\n`);
});

function render(extraNodeArgs: string[], moduleLog: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const args = ['render', '--topic', 'Why cats purr', '--size', '180x320', '--draft', '--duration', '5', '--json', '--out', path.join(dir, 'out'), '--data-dir', path.join(dir, 'data')];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...extraNodeArgs, ...builtCliArgs(args)], { env: { ...env, MODULE_LOG: moduleLog }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a repeat render from the cache', () => {
  it('loads no stage of the pipeline, no zod and no caption layout, and serves the same video', async () => {
    const cold = await render([], path.join(dir, 'cold.log'));
    expect(cold.code, cold.stderr).toBe(0);
    const moduleLog = path.join(dir, 'repeat.log');
    writeFileSync(moduleLog, '');
    const repeat = await render(['--import', pathToFileURL(path.join(dir, 'register.mjs')).href], moduleLog);
    expect(repeat.code, repeat.stderr).toBe(0);
    const done = JSON.parse(repeat.stdout.trim().split('\n').at(-1) ?? '{}') as { outputs: { json: string } };
    expect((JSON.parse(readFileSync(done.outputs.json, 'utf8')) as RenderManifest).cache.videoHit).toBe(true);

    const loaded = readFileSync(moduleLog, 'utf8').split('\n').filter(Boolean);
    const ours = loaded.filter((u) => u.includes('/dist/main/')).map((u) => u.slice(u.indexOf('/dist/main/') + '/dist/main/'.length));
    // The hook saw the command itself: the list is real, not empty.
    expect(ours).toContain('core/pipeline/video-hit.js');
    expect(ours).toContain('core/cache/store.js');
    // What only making a video needs.
    const notNeeded = [/^core\/pipeline\/render\.js$/, /^core\/pipeline\/plan-shots\.js$/, /^core\/pipeline\/stages\/(?!background|voice)/, /^core\/media\/compile\//,
      /^core\/media\/captions\/(pages|track|ass-document|layout|style-schema)\.js$/, /^core\/looks\/brand-schema\.js$/, /^core\/shots\/plan-file\.js$/, /^core\/contract\.js$/];
    expect(ours.filter((m) => notNeeded.some((re) => re.test(m)))).toEqual([]);
    expect(loaded.filter((u) => /node_modules\/zod\//.test(u))).toEqual([]);
  });
});
