import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/media-fixtures.js';
import { chooseBaseName } from './outputs.js';

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);

describe('chooseBaseName', () => {
  it('gives two videos rendering at once on one topic two names, and claims each before any copy', async () => {
    const dir = await tempDir('reelforge-outputs-');
    const [a, b] = await Promise.all([chooseBaseName(dir, 'cats', KEY_A), chooseBaseName(dir, 'cats', KEY_B)]);
    expect([a.base, b.base].sort()).toEqual(['cats', 'cats-2']);
    const claimA = JSON.parse(await readFile(path.join(dir, `${a.base}.json`), 'utf8')) as { key: string };
    expect(claimA.key).toBe(KEY_A);
    // The same video finds its own claim (or manifest) and keeps its name.
    expect(await chooseBaseName(dir, 'cats', KEY_A)).toEqual({ base: a.base, reserved: false });
  });

  it('treats a JSON that is not this video\'s manifest, or is not JSON at all, as taken', async () => {
    const dir = await tempDir('reelforge-outputs-');
    await writeFile(path.join(dir, 'cats.json'), JSON.stringify({ version: 1, key: KEY_B }));
    await writeFile(path.join(dir, 'cats-2.json'), '{ not json');
    expect((await chooseBaseName(dir, 'cats', KEY_A)).base).toBe('cats-3');
  });
});
