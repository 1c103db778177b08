/**
 * Each voice's speaking pace, remembered in the cache: measured from the voice's first real
 * synthesis (stages/voice.ts) and read when the next script for that voice is sized
 * (stages/script.ts). Written once, so a script's key stays stable from then on; if the cache
 * drops it, the next synthesis measures it again.
 */
import type { CacheStore } from '../cache/store.js';
import { defaultPace, type VoicePace } from '../voice/pace.js';
import { parseVoiceId } from '../voice/voices.js';
import { stageKey } from './stage-cache.js';

function paceKey(identity: Record<string, unknown>): string {
  return stageKey('pace', 1, identity);
}

/** The voice's measured pace, or its engine's default when it has not spoken yet. */
export function readPace(cache: CacheStore, identity: Record<string, unknown>): VoicePace {
  const hit = cache.getJson<VoicePace>(paceKey(identity));
  if (hit) return hit.value;
  const voice = String(identity.voice);
  const rate = typeof identity.rate === 'number' ? identity.rate : 1;
  return defaultPace(parseVoiceId(voice).engine, rate);
}

export function rememberPace(cache: CacheStore, identity: Record<string, unknown>, pace: VoicePace): void {
  const key = paceKey(identity);
  if (cache.getJson<VoicePace>(key)) return;
  cache.putJson(key, 'pace', pace, { computeMs: 0 });
}
