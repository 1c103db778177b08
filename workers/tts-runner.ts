/**
 * Voice synthesis inside a worker: every caption chunk is spoken separately so its start and
 * end in the joined WAV are exact (measured in samples, not estimated), then the chunks are
 * brought to one format and joined with short gaps of silence.
 */
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type OpenAI from 'openai';
import { createOpenAiClient } from '../main/core/ai/openai-client.js';
import { Limiter } from '../main/core/ai/resilience.js';
import { diskFullError, voiceBytesEstimate } from '../main/core/cache/disk-space.js';
import { replaceFileAtomically } from '../main/core/cache/durable-io.js';
import { cancelledError, UserError } from '../main/core/errors.js';
import type { RunnerContext } from '../main/core/pool/protocol.js';
import { wordsOf } from '../main/core/media/captions/chunk.js';
import { localAsOpenAi } from '../main/core/voice/local-speech.js';
import { OPENAI_PCM_FORMAT, synthesizeOpenAi } from '../main/core/voice/openai-speech.js';
import { synthesizeSystem } from '../main/core/voice/system-voice.js';
import { toMonoPcm16 } from '../main/core/voice/transcode.js';
import type { OpenAiSpeechOptions, TimedWord, TtsJob, TtsResult, VoiceEngine } from '../main/core/voice/types.js';
import { parseVoiceId } from '../main/core/voice/voices.js';
import { projectWords } from '../main/core/voice/word-match.js';
import { concatWav, parseWav, trimSilence, type ParsedWav } from '../main/core/voice/wav.js';

/**
 * Chunks of one job in flight per engine; the batch-wide TTS limit sits above this in the main
 * process. espeak-ng runs far faster than real time: two keep a core free for ffmpeg. A local
 * server is CPU-bound too; ElevenLabs' plans allow 2–5 concurrent requests.
 */
const PARALLEL: Record<VoiceEngine, number> = { system: 2, openai: 4, edge: 4, elevenlabs: 2, local: 2 };

/** The speech server a voice talks to in OpenAI's protocol: OpenAI itself, or a local one. */
function speechServer(job: TtsJob, engine: VoiceEngine): OpenAiSpeechOptions | undefined {
  if (engine === 'openai') return job.openai;
  if (engine === 'local' && job.local) return localAsOpenAi(job.local);
  return undefined;
}

export async function runTtsJob(job: TtsJob, ctx: RunnerContext): Promise<TtsResult> {
  if (job.chunks.length === 0) throw new UserError('input', 'There is nothing to say: the script is empty.');
  const { engine, name } = parseVoiceId(job.voice);
  if (engine === 'openai' && !job.openai) {
    throw new UserError('config', `Voice ${job.voice} needs an OpenAI API key: set OPENAI_API_KEY (or the key in Settings) or pick a system: voice.`, 'voice');
  }
  if (engine === 'elevenlabs' && !job.elevenlabs) throw new UserError('config', `Voice ${job.voice} needs an ElevenLabs API key: set ELEVENLABS_API_KEY or pick another voice.`, 'voice');
  if (engine === 'local' && !job.local) throw new UserError('config', `Voice ${job.voice} needs a local speech server: set speechBaseURL or OPENAI_TTS_BASE_URL.`, 'speechBaseURL');
  if (ctx.signal.aborted) throw cancelledError('Speech synthesis');

  const limiter = new Limiter(PARALLEL[engine]);
  const server = speechServer(job, engine);
  const client = server ? await createOpenAiClient(server) : undefined;
  const scratch = path.join(path.dirname(job.outPath), `.tts-${randomUUID()}`);
  // Fires on cancel, and on the first failed chunk so the other engine processes stop too.
  const stop = new AbortController();
  // Every queued chunk waits on this signal: one listener per chunk is expected, not a leak.
  setMaxListeners(job.chunks.length + 10, stop.signal);
  const onCancel = (): void => stop.abort();
  ctx.signal.addEventListener('abort', onCancel, { once: true });
  let done = 0;
  // The chunk that failed first: the others then stop as "cancelled", which is not the cause.
  let cause: unknown = null;
  try {
    const raw = await Promise.all(
      job.chunks.map((text, i) =>
        limiter.run(async () => {
          try {
            const file = `${scratch}-${i}.wav`;
            const wav = engine === 'system' ? await speakSystem(name, text, job.rate, file, stop.signal)
              : engine === 'edge' ? await speakEdge(name, text, job.rate, file, job, stop.signal)
                : engine === 'elevenlabs' && job.elevenlabs ? await speakElevenLabs(name, text, job.rate, job, stop.signal)
                  : await speakOpenAi(name, text, job.rate, server as OpenAiSpeechOptions, client as OpenAI, stop.signal);
            done++;
            ctx.onProgress({ fraction: done / job.chunks.length });
            return wav;
          } catch (err) {
            cause ??= err;
            stop.abort();
            throw err;
          }
        }, stop.signal),
      ),
    );
    const parts = await commonFormat(raw.map((r) => r.audio), stop.signal);
    // Engines pad every utterance with silence; trimmed, the gaps between chunks are ours alone.
    const trimmed = parts.map((p) => trimSilence(p));
    const joined = concatWav(trimmed, job.gapMs);
    await replaceFileAtomically(job.outPath, joined.wav);
    return {
      wavPath: job.outPath,
      sampleRate: parts[0]?.sampleRate ?? 0,
      durationMs: joined.durationMs,
      chunks: joined.spans,
      // The engine's words put onto the script's own words (engines split "1,000" or an em dash their own way).
      words: raw.map((r, i) => placeWords(r.words && projectWords(wordsOf(job.chunks[i] ?? ''), r.words), (joined.spans[i]?.startMs ?? 0) - (trimmed[i]?.headTrimmedMs ?? 0))),
      characters: job.chunks.reduce((a, c) => a + c.length, 0),
    };
  } catch (err) {
    // A chunk that failed because another was cancelled is still a cancellation.
    if (ctx.signal.aborted) throw cancelledError('Speech synthesis');
    const failure = cause ?? err;
    throw diskFullError(failure, path.dirname(job.outPath), 'the voice', voiceBytesEstimate(job.chunks)) ?? failure;
  } finally {
    ctx.signal.removeEventListener('abort', onCancel);
    // Per-chunk files are removed as they are read; this catches the ones a failure left.
    await Promise.all(job.chunks.flatMap((_, i) => [rm(`${scratch}-${i}.wav`, { force: true }), rm(`${scratch}-${i}.mp3`, { force: true }), rm(`${scratch}-${i}.mp3.json`, { force: true })]));
  }
}

/** Decoded audio of one chunk: PCM, or bytes only ffmpeg can read (MP3 from a compatible server). */
type ChunkAudio = { pcm: ParsedWav } | { encoded: Buffer };

/** One synthesised chunk: its audio and, when the engine reports them, its words (ms from the audio's start). */
interface SpokenChunk {
  audio: ChunkAudio;
  words: TimedWord[] | null;
}

/** Engine word times → the joined WAV's timeline (`offsetMs`: where the chunk's untrimmed audio would start). */
function placeWords(words: TimedWord[] | null, offsetMs: number): TimedWord[] | null {
  return words === null ? null : words.map((w) => ({ text: w.text, startMs: w.startMs + offsetMs, endMs: w.endMs + offsetMs }));
}

async function speakSystem(name: string, text: string, rate: number, file: string, signal: AbortSignal): Promise<SpokenChunk> {
  await synthesizeSystem(name, text, rate, file, signal);
  const buf = await readFile(file);
  await rm(file, { force: true });
  return { audio: decode(buf, 'system voice chunk'), words: null };
}

async function speakEdge(voice: string, text: string, rate: number, file: string, job: TtsJob, signal: AbortSignal): Promise<SpokenChunk> {
  // Loaded on first use: a worker that only renders never pays for ws, node-edge-tts or zod.
  const { synthesizeEdge } = await import('../main/core/voice/edge-speech.js');
  const r = await synthesizeEdge(voice, text, rate, file.replace(/\.wav$/, '.mp3'), job.edge ?? {}, signal);
  return { audio: { encoded: r.audio }, words: r.words };
}

async function speakElevenLabs(voice: string, text: string, rate: number, job: TtsJob, signal: AbortSignal): Promise<SpokenChunk> {
  const { synthesizeElevenLabs } = await import('../main/core/voice/elevenlabs-speech.js');
  const r = await synthesizeElevenLabs(voice, text, rate, job.elevenlabs as NonNullable<TtsJob['elevenlabs']>, signal);
  return { audio: decode(r.audio, 'ElevenLabs voice chunk'), words: r.words };
}

async function speakOpenAi(voice: string, text: string, rate: number, opts: OpenAiSpeechOptions, client: OpenAI, signal: AbortSignal): Promise<SpokenChunk> {
  const buf = await synthesizeOpenAi(voice, text, opts, { client, signal, format: 'wav', speed: rate });
  return { audio: decode(buf, 'OpenAI voice chunk'), words: null };
}

function decode(buf: Buffer, what: string): ChunkAudio {
  if (buf.toString('ascii', 0, 4) !== 'RIFF') return { encoded: buf };
  try {
    return { pcm: parseWav(buf, what) };
  } catch {
    // A RIFF that isn't 16-bit PCM (float WAV, say): ffmpeg reads it.
    return { encoded: buf };
  }
}

/**
 * Every chunk as mono 16-bit PCM at one rate: the first PCM chunk's rate (no resampling in the
 * common case of one engine at one rate), or the speech endpoint's 24 kHz when none is PCM.
 */
async function commonFormat(chunks: ChunkAudio[], signal: AbortSignal): Promise<ParsedWav[]> {
  const firstPcm = chunks.find((c): c is { pcm: ParsedWav } => 'pcm' in c)?.pcm;
  const target = firstPcm?.sampleRate ?? OPENAI_PCM_FORMAT.sampleRate;
  const out: ParsedWav[] = [];
  for (const c of chunks) {
    if ('pcm' in c && c.pcm.sampleRate === target && c.pcm.channels === 1 && c.pcm.bitsPerSample === 16) out.push(c.pcm);
    else out.push(await toMonoPcm16('pcm' in c ? toWavBytes(c.pcm) : c.encoded, target, signal));
  }
  return out;
}

function toWavBytes(w: ParsedWav): Buffer {
  // Only ffmpeg reads this, so the canonical 44-byte header is enough.
  return concatWav([w], 0).wav;
}

