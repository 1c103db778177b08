import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binaryIdentity, ToolMemo } from '../binaries/tool-memo.js';
import { rememberedSystemVoices, voiceListBinary } from './remembered-voices.js';
import type { VoiceInfo } from './types.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rf-voices-memo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('remembered system voices', () => {
  it('names the program that lists voices on each platform', () => {
    expect(voiceListBinary('darwin')).toBe('say');
    expect(voiceListBinary('win32')).toBe('powershell');
    expect(voiceListBinary('linux')).toBe(process.env.ESPEAK_NG_PATH || 'espeak-ng');
  });

  it('lists once per binary, and refuses a remembered list of the wrong shape', async () => {
    const espeak = path.join(dir, 'espeak-ng');
    writeFileSync(espeak, '#!/bin/sh\n');
    chmodSync(espeak, 0o755);
    const voices: VoiceInfo[] = [{ id: 'system:en-us', engine: 'system', name: 'English (America)', language: 'en-us' }];
    let listed = 0;
    const list = async () => {
      listed++;
      return voices;
    };
    const memoFile = path.join(dir, 'memo.json');
    const memo = () => new ToolMemo(memoFile, Date.now, { PATH: dir });
    expect(await rememberedSystemVoices(memo(), list, 'linux')).toEqual(voices);
    expect(await rememberedSystemVoices(memo(), list, 'linux')).toEqual(voices);
    expect(listed).toBe(1);
    // A hand-edited memo with a bogus list is ignored.
    writeFileSync(memoFile, JSON.stringify({ version: 1, entries: { 'system voices': { identity: binaryIdentity(espeak), value: [{ id: 'rm -rf' }], at: 1 } } }));
    expect(await rememberedSystemVoices(memo(), list, 'linux')).toEqual(voices);
    expect(listed).toBe(2);
    // Without a memo, every call lists.
    await rememberedSystemVoices(undefined, list, 'linux');
    expect(listed).toBe(3);
  });
});
