/**
 * `npm run bench`: every benchmark in one run, a table on the terminal and bench/results.json.
 * Speed lives here, never in tests.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchBatch } from './batch.js';
import { benchCacheIndex } from './cache-index.js';
import { benchCaptions } from './captions.js';
import { benchFarm } from './farm.js';
import { benchQueue } from './queue.js';
import { benchRender } from './render.js';
import { benchShots } from './shots.js';
import { benchSound } from './sound.js';
import { benchResponsiveness } from './responsiveness.js';
import { benchStartup } from './startup.js';
import { formatTable, type BenchRow } from './table.js';

const only = process.argv.slice(2);
const want = (name: string): boolean => only.length === 0 || only.includes(name);

const rows: BenchRow[] = [];
const started = Date.now();
if (want('render')) rows.push(...(await benchRender({ seconds: 30 })));
if (want('cache')) {
  for (const r of await benchCacheIndex({ entries: 100_000 })) rows.push({ group: 'cache index 100k', ...r });
}
if (want('batch')) rows.push(...(await benchBatch({ videos: 8, seconds: 10 })));
if (want('shots')) rows.push(...(await benchShots({ seconds: 30, memoryShots: 20 })));
if (want('sound')) rows.push(...(await benchSound({ targets: [10, 30, 60] })));
if (want('captions')) rows.push(...(await benchCaptions({ seconds: 30 })));
if (want('hostile')) rows.push(...(await benchResponsiveness({ jobs: 5000 })));
if (want('startup')) rows.push(...(await benchStartup({ runs: 9 })));
if (want('farm')) {
  // REELFORGE_BENCH_FARM=small: a quick run that proves the group works (not the numbers to report).
  const small = process.env.REELFORGE_BENCH_FARM === 'small';
  rows.push(...(await benchFarm(small
    ? { workers: [1, 2], pacedSec: 2, rounds: 2, encodeWorkers: [1, 2], videos: 2, transfer: { seconds: 8, size: { width: 270, height: 480 }, clip: { width: 640, height: 360 } } }
    : { workers: [1, 2, 4, 8, 16], pacedSec: 5, rounds: 3, encodeWorkers: [1, 2, 4], videos: 6, transfer: { seconds: 30, clip: { width: 1920, height: 1080 } } })));
}
if (want('queue')) rows.push(...(await benchQueue({ jobs: 1000 })));

process.stdout.write(`${formatTable(rows)}\n`);
const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'results.json');
await writeFile(file, `${JSON.stringify({
  at: new Date().toISOString(), durationSec: (Date.now() - started) / 1000,
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? null, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  rows,
}, null, 2)}\n`);
process.stdout.write(`wrote ${file}\n`);
