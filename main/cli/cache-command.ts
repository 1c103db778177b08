import { CacheStore } from '../core/cache/store.js';
import type { CacheStats } from '../core/cache/types.js';
import { UserError } from '../core/errors.js';
import { dataPaths, defaultDataDir } from '../core/paths.js';
import { parseCli } from './args.js';
import { EXIT_FAILED, EXIT_OK, errorLine, exitCodeFor, writeJsonLine, type CliIo } from './io.js';

const USAGE = 'usage: reelforge cache stats|prune|clear|verify [--data-dir DIR] [--json]';

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

/** Pure: the readable table `reelforge cache stats` prints. */
export function formatStats(s: CacheStats): string {
  const date = (t: number | null): string => (t === null ? '—' : new Date(t).toISOString().replace('T', ' ').slice(0, 19));
  const lines = [
    `entries      ${s.entries}`,
    `size         ${formatBytes(s.totalSize)} of ${formatBytes(s.maxSize)} (${((s.totalSize / Math.max(1, s.maxSize)) * 100).toFixed(1)} %)`,
    `hits         ${s.totalHits}`,
    `misses       ${s.misses}`,
    `hit rate     ${(s.hitRate * 100).toFixed(1)} %`,
    `oldest       ${date(s.oldestEntry)}`,
    `newest       ${date(s.newestEntry)}`,
    `time saved   ${(s.timeSavedMs / 1000).toFixed(1)} s`,
    `cost saved   $${s.costSaved.toFixed(4)}`,
    '',
    'type         entries        size     hits',
  ];
  for (const [type, t] of Object.entries(s.byType).sort()) {
    lines.push(`${type.padEnd(12)} ${String(t.entries).padStart(7)} ${formatBytes(t.size).padStart(11)} ${String(t.hits).padStart(8)}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  let store: CacheStore | undefined;
  try {
    const { values, positionals } = parseCli(argv, {
      'data-dir': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    } as const, USAGE);
    const action = positionals[0];
    if (values.help || action === undefined) {
      io.stdout.write(`${USAGE}\n`);
      return values.help ? EXIT_OK : 2;
    }
    if (!['stats', 'prune', 'clear', 'verify'].includes(action)) throw new UserError('usage', `Unknown cache action "${action}".\n${USAGE}`);
    const dir = dataPaths(values['data-dir'] ?? defaultDataDir()).cacheDir;
    store = CacheStore.open(dir, { warn: (m) => io.stderr.write(`reelforge: warning: ${m}\n`) });
    const out = (obj: unknown, text: string): void => {
      if (values.json) writeJsonLine(io, obj);
      else io.stdout.write(text);
    };
    switch (action) {
      case 'stats': {
        const s = store.stats();
        out(s, formatStats(s));
        return EXIT_OK;
      }
      case 'prune': {
        const r = store.prune();
        out(r, `expired ${r.expired}, evicted ${r.evicted}, freed ${formatBytes(r.bytesFreed)}\n`);
        return EXIT_OK;
      }
      case 'clear': {
        const removed = store.clear();
        out({ removed }, `removed ${String(removed)} entries\n`);
        return EXIT_OK;
      }
      default: {
        const r = store.verify();
        const damaged = r.removed.length + r.orphanBlobsRemoved;
        const lines = [`checked ${r.checked} entries`, ...r.removed.map((x) => `removed ${x.type} ${x.key.slice(0, 16)}…: ${x.reason}`), `orphan blobs removed: ${r.orphanBlobsRemoved}`, `temp files removed: ${r.tempFilesRemoved}`];
        out(r, `${lines.join('\n')}\n${damaged === 0 ? 'the cache is consistent' : `found and removed ${damaged} damaged item(s)`}\n`);
        return damaged === 0 ? EXIT_OK : EXIT_FAILED;
      }
    }
  } catch (err) {
    io.stderr.write(`${errorLine(err)}\n`);
    return exitCodeFor(err);
  } finally {
    store?.close();
  }
}
