/**
 * Pure: the voice list as people browse it — grouped by engine and language, the default voice
 * first, filtered by what they type ("ava", "en-GB", "female", "edge").
 */
import type { VoiceInfo } from '../types/contract';

export const ENGINE_LABEL: Record<VoiceInfo['engine'], string> = {
  system: 'System',
  edge: 'Edge (online, free)',
  openai: 'OpenAI',
  elevenlabs: 'ElevenLabs',
  local: 'Local server',
};

/** Engines in the order a creator would try them: free neural voices first. */
const ENGINE_ORDER: VoiceInfo['engine'][] = ['edge', 'local', 'system', 'openai', 'elevenlabs'];

export interface VoiceGroup {
  label: string;
  voices: VoiceInfo[];
}

/** "Edge · Ava Multilingual (en-US, female)". */
export function voiceLabel(v: VoiceInfo): string {
  const detail = [v.language, v.gender].filter(Boolean).join(', ');
  return `${v.name}${detail ? ` (${detail})` : ''}`;
}

/** Every typed word must start a word of the voice's description ("male" is not "female", "en" is not "Denise"). */
function matches(v: VoiceInfo, words: string[]): boolean {
  const tokens = `${v.id} ${v.name} ${v.language ?? ''} ${v.gender ?? ''}`.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  return words.every((w) => tokens.some((t) => t.startsWith(w)));
}

/** The language part that groups best: "en-US" → "en-US", "zh-CN-liaoning" → "zh-CN". */
function languageOf(v: VoiceInfo): string {
  const parts = (v.language ?? '').split(/[-_]/);
  return parts.slice(0, 2).join('-') || 'other';
}

export function groupVoices(voices: readonly VoiceInfo[], query: string, defaultId: string): VoiceGroup[] {
  const words = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const shown = voices.filter((v) => matches(v, words));
  const groups: VoiceGroup[] = [];
  const def = shown.find((v) => v.id === defaultId);
  if (def) groups.push({ label: 'Default', voices: [def] });
  const byKey = new Map<string, VoiceInfo[]>();
  for (const v of shown) {
    if (v.id === defaultId) continue;
    const key = `${v.engine}\u0000${languageOf(v)}`;
    const list = byKey.get(key) ?? [];
    list.push(v);
    byKey.set(key, list);
  }
  const keys = [...byKey.keys()].sort((a, b) => {
    const [ea = '', la = ''] = a.split('\u0000');
    const [eb = '', lb = ''] = b.split('\u0000');
    const d = ENGINE_ORDER.indexOf(ea as VoiceInfo['engine']) - ENGINE_ORDER.indexOf(eb as VoiceInfo['engine']);
    // English first inside an engine (most creators here write in English), then alphabetical.
    return d !== 0 ? d : Number(lb.startsWith('en')) - Number(la.startsWith('en')) || la.localeCompare(lb);
  });
  for (const key of keys) {
    const [engine = '', lang = ''] = key.split('\u0000');
    const list = (byKey.get(key) ?? []).sort((a, b) => a.name.localeCompare(b.name));
    groups.push({ label: `${ENGINE_LABEL[engine as VoiceInfo['engine']]} · ${lang}`, voices: list });
  }
  return groups;
}
