/** The settings a fresh install starts with. Pure: the data folder and core count are inputs. */
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_PRICES } from '../ai/pricing.js';
import { defaultModels } from '../ai/provider-select.js';
import type { Settings } from '../contract.js';
import { DEFAULT_SPEECH_SERVER_MODEL, DEFAULT_TRANSCRIBE_MODEL, ELEVENLABS_DEFAULT_MODEL } from '../voice/engines-config.js';

export const GIB = 1024 ** 3;

export function defaultSettings(dataDir: string, cores: number = os.availableParallelism()): Settings {
  return {
    provider: 'auto',
    baseURL: '',
    textModel: defaultModels.text,
    speechModel: defaultModels.speech,
    // The system voice works on every machine with no key; OpenAI voices are opt-in.
    defaultVoice: 'system:en-us',
    defaultPreset: 'shorts',
    captionStyle: 'bold',
    cacheMaxSizeBytes: 5 * GIB,
    cacheMaxAgeDays: 7,
    concurrency: 5,
    // One core stays free for the UI and the main process.
    workers: Math.min(32, Math.max(2, cores - 1)),
    aiConcurrency: 4,
    ttsConcurrency: 2,
    stopOnError: false,
    outputDir: path.join(dataDir, 'videos'),
    prices: structuredClone(DEFAULT_PRICES) as Settings['prices'],
    speechBaseURL: '',
    speechServerModel: DEFAULT_SPEECH_SERVER_MODEL,
    elevenlabsModel: ELEVENLABS_DEFAULT_MODEL,
    transcribeBaseURL: '',
    transcribeModel: DEFAULT_TRANSCRIBE_MODEL,
    musicDir: '',
    musicVolume: 0.5,
    // Longer than any background clip a creator drops, small enough to stop a runaway client.
    uploadMaxBytes: 4 * GIB,
    ffmpegPath: '',
  };
}
