import { HEURISTICS_VERSION, offlineIdeas, offlineVirality } from './offline-heuristics.js';
import { OFFLINE_WRITER_VERSION, writeOfflineScript } from './offline-writer.js';
import type { AiProvider, Usage } from './types.js';

const FREE: Usage = { inputTokens: 0, outputTokens: 0, characters: 0, costUsd: 0 };

/** Works with no key and no network; deterministic, so its results cache forever. */
export function createOfflineProvider(): AiProvider {
  return {
    identity: {
      id: 'offline',
      model: 'offline-v1',
      promptDigest: { script: OFFLINE_WRITER_VERSION, ideas: HEURISTICS_VERSION, virality: HEURISTICS_VERSION },
    },
    writeScript: async (req) => ({ value: writeOfflineScript(req), usage: FREE }),
    backgroundIdeas: async (script, genre) => ({ value: offlineIdeas(script, genre), usage: FREE }),
    virality: async (script, spokenSeconds) => ({ value: offlineVirality(script, spokenSeconds), usage: FREE }),
  };
}
