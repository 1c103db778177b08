/**
 * The creator's own voice-over instead of a synthetic voice: decoded, long pauses shortened
 * when asked (--trim-silence), and every word of the script placed on it — from a transcription
 * with word timestamps when a transcription server is configured, otherwise by the recording's
 * pauses and each word's syllable weight. Without a script, the transcription is the script.
 * The result is a voice track like any other, so captions, shots and the mix read it the same way.
 */
import { rm } from 'node:fs/promises';
import { scriptFromText } from '../../ai/offline-writer.js';
import { replaceFileAtomically } from '../../cache/durable-io.js';
import { UserError } from '../../errors.js';
import { chunkScript, wordsOf } from '../../media/captions/chunk.js';
import type { TrackWord } from '../../media/captions/timing.js';
import type { TranscribeOptions } from '../../voice/engines-config.js';
import type { TimedWord } from '../../voice/types.js';
import { concatWav } from '../../voice/wav.js';
import { projectWords } from '../../voice/word-match.js';
import { alignToSpeech } from '../../voiceover/align.js';
import { decodeRecording } from '../../voiceover/decode.js';
import { detectSilences, noiseFloorDb, speechSegments, type Span } from '../../voiceover/silences.js';
import { applyCuts, cutsFor, mapTime } from '../../voiceover/trim.js';
import { cachedFile, stageKey, type StageCacheContext } from '../stage-cache.js';
import type { StageReport } from '../types.js';
import type { VoiceTrack } from './voice.js';

const VERSION = 1;
/** Pauses this long split the speech into stretches for the offline alignment. */
const MIN_PAUSE_SEC = 0.25;

export interface RecordingInputs {
  path: string;
  identity: string;
  trimSilence: boolean;
  /** The script as written (--script-file); without it the transcription becomes the script. */
  scriptText?: string;
  transcribe?: TranscribeOptions;
  language: string;
  ffmpeg: { ffmpeg: string; version: string };
}

export interface RecordingOutput extends VoiceTrack {
  /** What was said: the given script, or the transcription. */
  text: string;
  report: StageReport;
  /** Set when the transcription failed and the script was aligned offline instead. */
  warning?: string;
}

interface RecordingMeta {
  durationMs: number;
  text: string;
  words: TimedWord[];
  wordTiming: 'transcript' | 'aligned';
}


/**
 * The voice-over as a voice track. With a script and a transcription server that fails, the
 * script is aligned offline instead (with a warning): the video is still made.
 */
export async function recordingStage(ctx: StageCacheContext, inp: RecordingInputs, signal: AbortSignal): Promise<RecordingOutput> {
  try {
    return await placeRecording(ctx, inp, signal);
  } catch (err) {
    if (!inp.transcribe || inp.scriptText === undefined || signal.aborted || !(err instanceof UserError) || err.kind !== 'provider') throw err;
    const { transcribe: _skipped, ...offline } = inp;
    const out = await placeRecording(ctx, offline, signal);
    return { ...out, warning: `The voice-over could not be transcribed (${err.message}); the script was aligned to the recording's pauses instead.` };
  }
}

/** The stage's key: the recording by content, how it is placed, and the tools that place it. */
export function recordingKey(inp: Omit<RecordingInputs, 'path'>): string {
  return stageKey('recording', VERSION, {
    recording: inp.identity, trim: inp.trimSilence, script: inp.scriptText ?? null, language: inp.language,
    transcribe: inp.transcribe ? { model: inp.transcribe.model, baseURL: inp.transcribe.baseURL ?? null } : null, ffmpeg: inp.ffmpeg.version,
  });
}

async function placeRecording(ctx: StageCacheContext, inp: RecordingInputs, signal: AbortSignal): Promise<RecordingOutput> {
  if (inp.scriptText === undefined && !inp.transcribe) {
    throw new UserError('config', 'A voice-over needs its script (--script-file) or a transcription server (an OpenAI key, or transcribeBaseURL for a local faster-whisper server).', 'transcribeBaseURL');
  }
  const key = recordingKey(inp);
  const { hit, report } = await cachedFile(ctx, 'voice', 'recording', key, async () => {
    const decoded = await decodeRecording(inp.ffmpeg.ffmpeg, inp.path, signal);
    const outPath = ctx.cache.tmpPath('.wav');
    try {
      await replaceFileAtomically(outPath, concatWav([decoded], 0).wav);
      const noise = noiseFloorDb(decoded);
      let silences = await detectSilences(inp.ffmpeg.ffmpeg, outPath, decoded.durationMs, noise, MIN_PAUSE_SEC, signal);
      let audio = decoded;
      if (inp.trimSilence) {
        const cuts = cutsFor(silences);
        if (cuts.length > 0) {
          audio = applyCuts(decoded, cuts);
          silences = silences.map((s) => ({ startMs: mapTime(s.startMs, cuts), endMs: mapTime(s.endMs, cuts) }));
          await replaceFileAtomically(outPath, concatWav([audio], 0).wav);
        }
      }
      const speech: Span[] = speechSegments(silences, audio.durationMs);
      let text = inp.scriptText ?? '';
      let words: TimedWord[];
      let wordTiming: RecordingMeta['wordTiming'];
      if (inp.transcribe) {
        // The transcription client (the OpenAI SDK, zod) loads only for a voice-over that uses it.
        const { transcribeWords } = await import('../../voiceover/transcribe.js');
        const transcript = await transcribeWords(outPath, inp.transcribe, signal);
        if (inp.scriptText === undefined) text = transcript.text;
        const scriptWords = scriptChunks(text, inp.language).flatMap((c) => wordsOf(c.text));
        words = projectWords(scriptWords, transcript.words, { startMs: 0, endMs: audio.durationMs }) ?? alignToSpeech(scriptWords, speech);
        wordTiming = 'transcript';
      } else {
        words = alignToSpeech(scriptChunks(text, inp.language).flatMap((c) => wordsOf(c.text)), speech);
        wordTiming = 'aligned';
      }
      if (text.trim() === '') throw new UserError('input', `Nothing was heard in the voice-over ${inp.path}: check that it is the right recording.`, inp.path);
      const meta: RecordingMeta = { durationMs: audio.durationMs, text, words, wordTiming };
      return { tempPath: outPath, meta };
    } catch (err) {
      await rm(outPath, { force: true });
      throw err;
    }
  });
  const meta = hit.meta as RecordingMeta;
  return { ...trackOf(meta, hit.path, key, inp.language), text: meta.text, report };
}

function scriptChunks(text: string, language: string): ReturnType<typeof chunkScript> {
  const s = scriptFromText(text, language);
  return chunkScript([s.hook, ...s.lines]);
}

/** Chunks take the span of their words; every word keeps its place. */
function trackOf(meta: RecordingMeta, wavPath: string, key: string, language: string): VoiceTrack {
  const chunks = scriptChunks(meta.text, language);
  const words: TrackWord[] = [];
  let at = 0;
  const placed = chunks.map((c, i) => {
    const own = wordsOf(c.text).map((text) => {
      const w = meta.words[at++] ?? { text, startMs: meta.durationMs, endMs: meta.durationMs };
      const tw = { text, startMs: w.startMs, endMs: w.endMs, chunk: i };
      words.push(tw);
      return tw;
    });
    return { text: c.text, sentence: c.sentence, startMs: own[0]?.startMs ?? 0, endMs: own.at(-1)?.endMs ?? 0 };
  });
  return { wavPath, durationMs: meta.durationMs, chunks: placed, words, wordTiming: meta.wordTiming, key };
}
