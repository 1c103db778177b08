/**
 * Voice synthesis inside a worker: every caption chunk is spoken separately so its start and
 * end in the joined WAV are exact, then the chunks are joined with short gaps.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cancelledError, UserError } from '../main/core/errors.js';
import type { RunnerContext } from '../main/core/pool/protocol.js';
import { synthesizeOpenAi } from '../main/core/voice/openai-speech.js';
import { synthesizeSystem } from '../main/core/voice/system-voice.js';
import type { TtsJob, TtsResult } from '../main/core/voice/types.js';
import { concatWav, parseWav, trimSilence, type ParsedWav } from '../main/core/voice/wav.js';
import { parseVoiceId } from '../main/core/voice/voices.js';

/** espeak-ng starts in ~4 ms and runs at ~950× real time: two at once keeps a core free for ffmpeg. */
const SYSTEM_PARALLEL = 2;
const OPENAI_PARALLEL = 4;

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function runTtsJob(job: TtsJob, ctx: RunnerContext): Promise<TtsResult> {
  if (job.chunks.length === 0) throw new UserError('input', 'There is nothing to say: the script is empty.');
  const { engine, name } = parseVoiceId(job.voice);
  if (engine === 'openai' && !job.openai) throw new UserError('config', `Voice ${job.voice} needs an OpenAI API key: set OPENAI_API_KEY or pick a system: voice.`, 'voice');
  const scratch = path.join(path.dirname(job.outPath), `.tts-${randomUUID()}`);
  let done = 0;
  try {
    const parts = await mapLimited(job.chunks, engine === 'system' ? SYSTEM_PARALLEL : OPENAI_PARALLEL, async (text, i): Promise<ParsedWav> => {
      if (ctx.signal.aborted) throw cancelledError('Speech synthesis');
      let buf: Buffer;
      if (engine === 'system') {
        const file = `${scratch}-${i}.wav`;
        await synthesizeSystem(name, text, job.rate, file, ctx.signal);
        buf = await readFile(file);
        await rm(file, { force: true });
      } else {
        buf = await synthesizeOpenAi(name, text, job.openai as NonNullable<TtsJob['openai']>, ctx.signal);
      }
      const wav = trimSilence(parseWav(buf, `voice chunk ${i + 1}`));
      done++;
      ctx.onProgress({ fraction: done / job.chunks.length });
      return wav;
    });
    const joined = concatWav(parts, job.gapMs);
    // Whole or nothing: the cache only ever sees a complete WAV.
    const tmp = `${job.outPath}.${process.pid}.partial`;
    await writeFile(tmp, joined.wav);
    await rename(tmp, job.outPath);
    return {
      wavPath: job.outPath,
      sampleRate: parts[0]?.sampleRate ?? 0,
      durationMs: joined.durationMs,
      chunks: joined.spans,
      characters: job.chunks.reduce((a, c) => a + c.length, 0),
    };
  } finally {
    // Per-chunk files are removed as they are read; this catches the ones a failure left.
    for (let i = 0; i < job.chunks.length; i++) await rm(`${scratch}-${i}.wav`, { force: true });
  }
}
