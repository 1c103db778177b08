import { chmodSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binaryIdentity, parseMemoFile, recall, remember, ToolMemo, type BinaryIdentity } from './tool-memo.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rf-memo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const isString = (v: unknown): v is string => typeof v === 'string';
const id: BinaryIdentity = { path: '/usr/bin/ffmpeg', size: 100, mtimeMs: 5 };

describe('recall / remember (pure)', () => {
  it('answers only for the same path, size and mtime', () => {
    const t = remember({}, 'q', id, 'v1', 1000);
    expect(recall(t, 'q', id, 2000, { accept: isString })).toBe('v1');
    expect(recall(t, 'q', { ...id, size: 101 }, 2000, { accept: isString })).toBeUndefined();
    expect(recall(t, 'q', { ...id, mtimeMs: 6 }, 2000, { accept: isString })).toBeUndefined();
    expect(recall(t, 'q', { ...id, path: '/opt/ffmpeg' }, 2000, { accept: isString })).toBeUndefined();
    expect(recall(t, 'other', id, 2000, { accept: isString })).toBeUndefined();
  });

  it('drops answers past their age, from the future, or of the wrong shape', () => {
    const t = remember({}, 'q', id, 'v1', 1000);
    expect(recall(t, 'q', id, 1500, { accept: isString, maxAgeMs: 600 })).toBe('v1');
    expect(recall(t, 'q', id, 1700, { accept: isString, maxAgeMs: 600 })).toBeUndefined();
    expect(recall(t, 'q', id, 900, { accept: isString })).toBeUndefined();
    expect(recall(remember({}, 'q', id, 42, 1000), 'q', id, 2000, { accept: isString })).toBeUndefined();
  });

  it('reads garbage, other versions and arrays as an empty table', () => {
    expect(parseMemoFile('not json')).toEqual({});
    expect(parseMemoFile('{"version":2,"entries":{}}')).toEqual({});
    expect(parseMemoFile('{"version":1,"entries":[]}')).toEqual({});
    expect(parseMemoFile('{"version":1,"entries":{"q":{"identity":"nope","value":"x","at":1}}}').q).toBeDefined();
    // …and a malformed entry is then refused by recall rather than trusted.
    expect(recall(parseMemoFile('{"version":1,"entries":{"q":{"identity":"nope","value":"x","at":1}}}'), 'q', id, 2, { accept: isString })).toBeUndefined();
  });
});

describe('ToolMemo', () => {
  const bin = path.join(dir, 'fake-tool');
  writeFileSync(bin, '#!/bin/sh\necho hi\n');
  chmodSync(bin, 0o755);

  it('asks once per binary identity, across instances (processes) sharing the file', async () => {
    const file = path.join(dir, 'memo-a.json');
    let asked = 0;
    const ask = async () => `answer ${++asked}`;
    expect(await new ToolMemo(file).answer('q', bin, ask, { accept: isString })).toBe('answer 1');
    expect(await new ToolMemo(file).answer('q', bin, ask, { accept: isString })).toBe('answer 1');
    expect(asked).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8')).entries.q.identity.path).toBe(bin);

    // The binary is replaced (a new mtime): asked again.
    utimesSync(bin, new Date(), new Date(Date.now() + 60_000));
    expect(await new ToolMemo(file).answer('q', bin, ask, { accept: isString })).toBe('answer 2');
  });

  it('refreshing() asks again and replaces what was remembered', async () => {
    const file = path.join(dir, 'memo-b.json');
    let asked = 0;
    const ask = async () => `answer ${++asked}`;
    const memo = new ToolMemo(file);
    await memo.answer('q', bin, ask, { accept: isString });
    expect(await memo.refreshing().answer('q', bin, ask, { accept: isString })).toBe('answer 2');
    expect(await new ToolMemo(file).answer('q', bin, ask, { accept: isString })).toBe('answer 2');
  });

  it('never remembers a failure, and a missing binary is just asked', async () => {
    const file = path.join(dir, 'memo-c.json');
    const memo = new ToolMemo(file);
    await expect(memo.answer('q', bin, () => Promise.reject(new Error('boom')), { accept: isString })).rejects.toThrow('boom');
    expect(await memo.answer('q', bin, async () => 'ok', { accept: isString })).toBe('ok');
    let asked = 0;
    const missing = path.join(dir, 'no-such-tool');
    await memo.answer('m', missing, async () => ++asked, { accept: (v): v is number => typeof v === 'number' });
    await memo.answer('m', missing, async () => ++asked, { accept: (v): v is number => typeof v === 'number' });
    expect(asked).toBe(2);
  });

  it('an unwritable memo folder still answers', async () => {
    const memo = new ToolMemo(path.join(dir, 'no', 'such', 'folder', 'memo.json'));
    expect(await memo.answer('q', bin, async () => 'still fine', { accept: isString })).toBe('still fine');
  });

  it('binaryIdentity resolves bare names on PATH and refuses folders', () => {
    expect(binaryIdentity('fake-tool', { PATH: dir })?.path).toBe(bin);
    expect(binaryIdentity('fake-tool', { PATH: '' })).toBeNull();
    expect(binaryIdentity(dir)).toBeNull();
  });
});
