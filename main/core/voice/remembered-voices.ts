/**
 * The system voice list through the tool memo: `espeak-ng --voices`, `say -v ?` or a PowerShell
 * SAPI query runs once per binary (and at most once a day, since voices can be installed without
 * the program changing), not on every start. A voice missing from a remembered list is looked up
 * again before it is called unknown (Engine.checkVoice), so a stale list never blocks a render.
 */
import type { ToolMemo } from '../binaries/tool-memo.js';
import { espeakPath } from './system-voice.js';
import type { VoiceInfo } from './types.js';

const QUESTION = 'system voices';
const MAX_AGE_MS = 24 * 3600_000;

/** Pure: the program whose identity stands for the voice list on this platform. */
export function voiceListBinary(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'say';
  if (platform === 'win32') return 'powershell';
  return espeakPath();
}

function isVoiceList(v: unknown): v is VoiceInfo[] {
  return Array.isArray(v) && v.length > 0 && v.every((x: Partial<VoiceInfo> | null) => typeof x === 'object' && x !== null && typeof x.id === 'string' && x.id.startsWith('system:') && x.engine === 'system' && typeof x.name === 'string');
}

export function rememberedSystemVoices(memo: ToolMemo | undefined, list: () => Promise<VoiceInfo[]>, platform: NodeJS.Platform = process.platform): Promise<VoiceInfo[]> {
  if (memo === undefined) return list();
  return memo.answer(QUESTION, voiceListBinary(platform), list, { accept: isVoiceList, maxAgeMs: MAX_AGE_MS });
}
