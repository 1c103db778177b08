/**
 * Words and their times from an OpenAI-compatible /audio/transcriptions endpoint: OpenAI's
 * whisper-1, or a local faster-whisper server (Speaches, faster-whisper-server) at
 * transcribeBaseURL. Asks for verbose_json with word timestamps; a server that sends none
 * is named, so the creator knows to give the script instead.
 */
import { readFile } from 'node:fs/promises';

import { z } from 'zod';
import { createOpenAiClient } from '../ai/openai-client.js';
import { withRetries, type RetryPolicy } from '../ai/resilience.js';
import { UserError } from '../errors.js';
import type { TranscribeOptions } from '../voice/engines-config.js';
import type { TimedWord } from '../voice/types.js';

const answer = z.object({
  text: z.string(),
  words: z.array(z.object({ word: z.string(), start: z.number(), end: z.number() })).optional(),
});

export interface Transcript {
  text: string;
  words: TimedWord[];
}

export async function transcribeWords(wavPath: string, opts: TranscribeOptions, signal?: AbortSignal, retry?: Partial<RetryPolicy>): Promise<Transcript> {
  const client = await createOpenAiClient(opts);
  const bytes = await readFile(wavPath);
  const res = await withRetries(
    'Transcribing the voice-over',
    async (s) => client.audio.transcriptions.create(
      { file: await (await import('openai')).toFile(bytes, 'voiceover.wav', { type: 'audio/wav' }), model: opts.model, response_format: 'verbose_json', timestamp_granularities: ['word'] },
      { signal: s },
    ),
    { timeoutMs: 300_000, keyHint: 'OPENAI_API_KEY, or transcribeBaseURL for a local server', ...(signal ? { signal } : {}), ...(retry ? { policy: retry } : {}) },
  );
  const parsed = answer.safeParse(res);
  if (!parsed.success || !parsed.data.words || parsed.data.words.length === 0) {
    throw new UserError('provider', `The transcription server${opts.baseURL ? ` at ${opts.baseURL}` : ''} sent no word timestamps (model ${opts.model}): use a server that supports timestamp_granularities=word, or give the script with --script-file.`, 'transcribeBaseURL');
  }
  return {
    text: parsed.data.text.trim(),
    words: parsed.data.words.map((w) => ({ text: w.word.trim(), startMs: Math.round(w.start * 1000), endMs: Math.round(w.end * 1000) })).filter((w) => w.text !== ''),
  };
}
