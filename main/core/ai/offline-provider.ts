import { cancelledError } from '../errors.js';
import { HEURISTICS_VERSION, offlineIdeas, offlineVirality } from './offline-heuristics.js';
import { OFFLINE_WRITER_VERSION, writeOfflineScript } from './offline-writer.js';
import type { AiCallOptions, AiProvider, Usage } from './types.js';

const FREE: Usage = { inputTokens: 0, outputTokens: 0, characters: 0, costUsd: 0 };

function checkCancelled(opts: AiCallOptions | undefined): void {
  if (opts?.signal?.aborted) throw cancelledError('The AI step');
}

/** Works with no key and no network; deterministic, so its results can be cached forever. */
export function createOfflineProvider(): AiProvider {
  return {
    identity: {
      id: 'offline',
      model: 'offline-v1',
      // The algorithm versions stand in for prompt digests: bumping one invalidates its cache entries.
      promptDigest: { script: OFFLINE_WRITER_VERSION, ideas: HEURISTICS_VERSION, virality: HEURISTICS_VERSION },
    },
    writeScript: async (req, opts) => {
      checkCancelled(opts);
      return { value: writeOfflineScript(req), usage: { ...FREE } };
    },
    // Offline, a revision is the same writer at the voice's measured pace (req.pace).
    reviseScript: async (req, _revision, opts) => {
      checkCancelled(opts);
      return { value: writeOfflineScript(req), usage: { ...FREE } };
    },
    backgroundIdeas: async (script, genre, opts) => {
      checkCancelled(opts);
      return { value: offlineIdeas(script, genre), usage: { ...FREE } };
    },
    virality: async (script, spokenSeconds, opts) => {
      checkCancelled(opts);
      return { value: offlineVirality(script, spokenSeconds), usage: { ...FREE } };
    },
  };
}
