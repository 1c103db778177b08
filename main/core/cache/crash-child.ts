/**
 * Child process for crash.test.ts (not used in production): stores entries of every kind in a
 * tight loop until the parent SIGKILLs it, printing each key only after put returned.
 * Usage: node --import tsx crash-child.ts <cacheDir> <seed>
 */
import fs from 'node:fs';
import { cacheKey } from './key.js';
import { CacheStore } from './store.js';

function say(line: string): void {
  const buf = Buffer.from(`${line}\n`);
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(1, buf, off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    }
  }
}

const [dir, seedText] = process.argv.slice(2);
if (dir === undefined || seedText === undefined) throw new Error('usage: crash-child.ts <cacheDir> <seed>');
const store = CacheStore.open(dir, { limits: { maxSize: 1e12 } });
say('ready');
const stored: string[] = [];
for (let i = 0; ; i++) {
  const key = cacheKey('test', 1, { seed: seedText, i });
  const size = 1000 + ((i * 7919) % 150_000);
  switch (i % 3) {
    case 0:
      store.putJson(key, 'script', { i, text: 's'.repeat(size % 20_000) }, { computeMs: i });
      break;
    case 1:
      store.putJson(key, 'captions', { i, text: 'j'.repeat(33_000 + size) }, { computeMs: i }); // a JSON blob
      break;
    default: {
      const tmp = store.tmpPath('.mp4');
      fs.writeFileSync(tmp, Buffer.alloc(size, (i % 255) + 1)); // never all zeros: a zeroed blob counts as damaged
      store.putFile(key, 'compile', tmp, { computeMs: i });
    }
  }
  say(`stored ${i % 3 === 2 ? 'file' : 'json'} ${key}`);
  stored.push(key);
  // Hits too, so the kill can also land inside a hit update.
  const earlier = stored[(i * 31) % stored.length] as string;
  if (store.has(earlier)) {
    if (stored.indexOf(earlier) % 3 === 2) store.getFile(earlier);
    else store.getJson(earlier);
  }
}
