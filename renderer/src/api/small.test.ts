import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';
import { chunk, filesFromEntries, mergeAddResults } from './dropFiles';
import { errorMessage, stripIpcPrefix } from './errors';
import { readToken, socketUrl } from './token';

describe('backoffDelay', () => {
  it('grows exponentially to the cap with jitter in the upper half', () => {
    const lo = () => 0;
    const hi = () => 1;
    expect(backoffDelay(0, { baseMs: 250, maxMs: 10_000 }, lo)).toBe(125);
    expect(backoffDelay(0, { baseMs: 250, maxMs: 10_000 }, hi)).toBe(250);
    expect(backoffDelay(3, { baseMs: 250, maxMs: 10_000 }, hi)).toBe(2000);
    expect(backoffDelay(20, { baseMs: 250, maxMs: 10_000 }, hi)).toBe(10_000);
    expect(backoffDelay(20, { baseMs: 250, maxMs: 10_000 }, lo)).toBe(5000);
  });
});

describe('token and socket URL', () => {
  it('reads the token from the query string', () => {
    expect(readToken('?token=abc%2B1&x=1')).toBe('abc+1');
    expect(readToken('')).toBe('');
  });
  it('builds ws:// or wss:// to /ws with the token', () => {
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:5173' }, 'a b')).toBe('ws://127.0.0.1:5173/ws?token=a%20b');
    expect(socketUrl({ protocol: 'https:', host: 'box' }, 't')).toBe('wss://box/ws?token=t');
  });
});

describe('errors', () => {
  it('strips the Electron IPC prefix', () => {
    expect(stripIpcPrefix("Error invoking remote method 'rf:invoke': Error: Topic is empty")).toBe('Topic is empty');
    expect(errorMessage(new Error('plain'))).toBe('plain');
    expect(errorMessage({ message: 'obj' })).toBe('obj');
    expect(errorMessage(42)).toBe('42');
  });
});

describe('drop helpers', () => {
  it('chunks paths to the contract limit', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 2)).toEqual([]);
  });

  it('merges several addFiles results into one message', () => {
    const r = mergeAddResults([
      { batchId: 'b1', jobsAdded: 2, backgroundsAdded: ['x'], errors: [] },
      { batchId: null, jobsAdded: 1, backgroundsAdded: [], errors: [{ message: 'bad', kind: 'input' }] },
    ]);
    expect(r).toEqual({ batchId: 'b1', jobsAdded: 3, backgroundsAdded: ['x'], errors: [{ message: 'bad', kind: 'input' }] });
  });

  it('walks dropped folders (reading until empty) and skips hidden files', async () => {
    const file = (name: string) => ({ name, isFile: true, isDirectory: false, file: (ok: (f: File) => void) => ok({ name } as File) });
    const dir = (name: string, pages: unknown[][]) => ({
      name,
      isFile: false,
      isDirectory: true,
      createReader: () => {
        const left = [...pages, []];
        return { readEntries: (ok: (e: unknown[]) => void) => ok(left.shift() ?? []) };
      },
    });
    const root = dir('clips', [[file('a.mp4'), file('.DS_Store')], [dir('more', [[file('b.txt')]])]]);
    const files = await filesFromEntries([root, file('top.csv')] as unknown as FileSystemEntry[]);
    expect(files.map((f) => f.name)).toEqual(['a.mp4', 'b.txt', 'top.csv']);
  });
});
