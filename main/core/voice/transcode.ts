/**
 * Any audio → mono 16-bit PCM at a chosen rate, through ffmpeg on pipes. Used when voice
 * chunks don't share one format (a compatible server answering MP3, a voice at another rate),
 * because concatWav joins samples and needs them identical in shape.
 */
import { ffmpegNotFound, lastLogLine, runCaptured } from '../binaries/run-captured.js';
import { UserError } from '../errors.js';
import { monoPcm16Wav, type ParsedWav } from './wav.js';

/** FFMPEG_PATH wins (the app points it at its bundled build); otherwise ffmpeg on PATH. */
export function ffmpegPath(): string {
  return process.env.FFMPEG_PATH || 'ffmpeg';
}

export async function toMonoPcm16(input: Buffer, sampleRate: number, signal?: AbortSignal, ffmpeg = ffmpegPath()): Promise<ParsedWav> {
  const args = ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-ac', '1', '-ar', String(sampleRate), '-f', 's16le', '-acodec', 'pcm_s16le', 'pipe:1'];
  const run = await runCaptured(ffmpeg, args, { what: 'Speech synthesis', notFound: ffmpegNotFound(ffmpeg), signal, stdin: input, stdout: true });
  if (run.code !== 0) throw new UserError('provider', `The voice audio could not be decoded (ffmpeg exit ${String(run.code)}: ${lastLogLine(run.stderr)}).`);
  return monoPcm16Wav(run.stdout, sampleRate, 'decoded voice');
}
