/**
 * A creator's recording — any audio file, or the audio of a video — as mono 16-bit PCM, read
 * by ffmpeg (the file is passed with the file: protocol, so no name is ever an option).
 */
import path from 'node:path';
import { ffmpegNotFound, lastLogLine, runCaptured } from '../binaries/run-captured.js';
import { UserError } from '../errors.js';
import { monoPcm16Wav, type ParsedWav } from '../voice/wav.js';

/** A short is at most a few minutes; anything longer is almost certainly the wrong file. */
export const MAX_RECORDING_SEC = 600;
export const RECORDING_RATE = 24_000;

export async function decodeRecording(ffmpeg: string, file: string, signal?: AbortSignal): Promise<ParsedWav> {
  const abs = path.resolve(file);
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', `file:${abs}`, '-map', '0:a:0', '-vn', '-ac', '1', '-ar', String(RECORDING_RATE), '-t', String(MAX_RECORDING_SEC + 1), '-f', 's16le', '-acodec', 'pcm_s16le', 'pipe:1'];
  const run = await runCaptured(ffmpeg, args, { what: 'Reading the voice-over', notFound: ffmpegNotFound(ffmpeg), signal, stdout: true });
  if (run.code !== 0) {
    const noAudio = /matches no streams|does not contain any stream|Stream map/i.test(run.stderr);
    throw new UserError('input', noAudio
      ? `The voice-over ${abs} has no audio: record the voice-over again or pick the file with the sound.`
      : `The voice-over ${abs} could not be read (${lastLogLine(run.stderr) || `ffmpeg exit ${String(run.code)}`}): pick an audio file (wav, mp3, m4a, …) or a video with sound.`, abs);
  }
  const wav = monoPcm16Wav(run.stdout, RECORDING_RATE, 'voice-over');
  if (wav.durationMs < 300) throw new UserError('input', `The voice-over ${abs} is shorter than a word (${Math.round(wav.durationMs)} ms): pick the full recording.`, abs);
  if (wav.durationMs > MAX_RECORDING_SEC * 1000) throw new UserError('input', `The voice-over ${abs} is longer than ${MAX_RECORDING_SEC / 60} minutes: trim it to the part for this video.`, abs);
  return wav;
}
