/**
 * Issue 15's start-up benchmark: a repeat `reelforge render` as a whole process, every stage and
 * the whole video already in the cache, so what is measured is start-up plus one lookup plus the
 * copy out.
 *
 * The floor is a Node process that copies the same MP4 into the same folder the way Reelforge
 * does (temporary name, fsync, rename): any command-line tool written in Node has to start Node
 * and hand the file over durably, so that part cannot be optimised away; everything above it is
 * Reelforge's own start-up. Runs alternate (floor, reelforge, …) so
 * a busy machine slows both alike, and each figure is a median.
 *
 * Context rows: the same repeat render with a saved setting (checked against the schema once, then
 * remembered: settings/saved-settings.ts), with the tool memo deleted before each run (what
 * spawning `ffmpeg -version`, listing voices and checking settings cost), `ffmpeg -version` alone,
 * and how many modules a repeat render loads (each costs start-up time: a hit must load no stage,
 * no zod; main/cli/repeat-start.test.ts checks which).
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataPaths } from '../main/core/paths.js';
import { locateFfmpeg } from '../main/core/media/ffmpeg-locate.js';
import { tempDir } from '../main/testing/media-fixtures.js';
import type { BenchRow } from './table.js';
import { median, timeProcess } from './time-process.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'main', 'cli', 'index.js');

export async function benchStartup(opts: { runs: number }): Promise<BenchRow[]> {
  const dir = await tempDir('reelforge-bench-startup-');
  const dataDir = path.join(dir, 'data');
  const out = path.join(dir, 'out');
  const g = 'startup';
  const args = [CLI, 'render', '--topic', 'Why cats purr', '--duration', '10', '--draft', '--out', out, '--data-dir', dataDir];
  const env = { ...process.env, OPENAI_API_KEY: '' };

  // The cold render fills the cache; its output is the file every later run hands out.
  await timeProcess(process.execPath, args, env);
  const mp4 = path.join(out, 'why-cats-purr.mp4');
  // The floor hands the file over with the same guarantee reelforge gives (DESIGN §4, cache/export.ts):
  // a copy (reflink where possible) under a temporary name, fsync, rename.
  const floorCopy = [
    "const fs = require('node:fs');",
    `const src = ${JSON.stringify(mp4)}, dst = ${JSON.stringify(path.join(out, 'floor.mp4'))}, tmp = dst + '.part';`,
    'fs.copyFileSync(src, tmp, fs.constants.COPYFILE_FICLONE);',
    "const fd = fs.openSync(tmp, 'r+'); fs.fsyncSync(fd); fs.closeSync(fd);",
    'fs.renameSync(tmp, dst);',
  ].join(' ');
  const floorArgs = ['-e', floorCopy];

  const floor: number[] = [];
  const repeat: number[] = [];
  const withoutMemo: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    floor.push(await timeProcess(process.execPath, floorArgs, env));
    repeat.push(await timeProcess(process.execPath, args, env));
    await rm(dataPaths(dataDir).toolMemo, { force: true });
    withoutMemo.push(await timeProcess(process.execPath, args, env));
  }
  // The same render with one setting saved that does not change the video.
  await timeProcess(process.execPath, args, env);
  await timeProcess(process.execPath, [CLI, 'config', 'set', 'defaultPreset', 'shorts', '--data-dir', dataDir], env);
  const withSettings: number[] = [];
  for (let i = 0; i < opts.runs; i++) withSettings.push(await timeProcess(process.execPath, args, env));

  const modules = await modulesLoaded(dir, args, env);

  const { ffmpeg } = await locateFfmpeg();
  const ffmpegVersion: number[] = [];
  for (let i = 0; i < opts.runs; i++) ffmpegVersion.push(await timeProcess(ffmpeg, ['-version']));

  const repeatMs = median(repeat);
  const floorMs = median(floor);
  const rows: BenchRow[] = [
    { group: g, name: `repeat render, whole process (median of ${opts.runs})`, value: repeatMs, unit: 'ms', target: '≤ 150', ok: repeatMs <= 150 },
    { group: g, name: 'floor: node copying the same MP4 (temp, fsync, rename)', value: floorMs, unit: 'ms' },
    { group: g, name: 'repeat render / floor', value: repeatMs / floorMs, unit: '×' },
    { group: g, name: 'repeat render with a saved setting', value: median(withSettings), unit: 'ms' },
    { group: g, name: 'repeat render without the tool memo', value: median(withoutMemo), unit: 'ms' },
    { group: g, name: 'ffmpeg -version alone', value: median(ffmpegVersion), unit: 'ms' },
    { group: g, name: 'modules a repeat render loads (ES modules)', value: modules.all, unit: '' },
    { group: g, name: '  of them Reelforge\'s own', value: modules.ours, unit: '' },
    { group: g, name: '  of them zod\'s (none needed for a hit)', value: modules.zod, unit: '', target: '0', ok: modules.zod === 0 },
  ];
  await rm(dir, { recursive: true, force: true });
  return rows;
}

/** The ES modules one repeat render loads, listed by a loader hook (it runs on the loader's thread). */
async function modulesLoaded(dir: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ all: number; ours: number; zod: number }> {
  const hooks = path.join(dir, 'module-hooks.mjs');
  const register = path.join(dir, 'module-register.mjs');
  const log = path.join(dir, 'modules.log');
  await writeFile(hooks, "import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(process.env.MODULE_LOG, url + '\\n'); return next(url, context); }\n");
  await writeFile(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  await writeFile(log, '');
  await timeProcess(process.execPath, ['--import', pathToFileURL(register).href, ...args], { ...env, MODULE_LOG: log });
  const urls = new Set((await readFile(log, 'utf8')).split('\n').filter((u) => u.startsWith('file:')));
  const list = [...urls];
  return { all: list.length, ours: list.filter((u) => u.includes('/dist/main/')).length, zod: list.filter((u) => u.includes('/node_modules/zod/')).length };
}
