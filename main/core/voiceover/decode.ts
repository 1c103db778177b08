/**
 * A creator's recording — any audio file, or the audio of a video — as mono 16-bit PCM, read
 * by ffmpeg (the file is passed with the file: protocol, so no name is ever an option).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { cancelledError, UserError } from '../errors.js';
import { parseWav, wavHeader, type ParsedWav } from '../voice/wav.js';

/** A short is at most a few minutes; anything longer is almost certainly the wrong file. */
export const MAX_RECORDING_SEC = 600;
export const RECORDING_RATE = 24_000;

export function decodeRecording(ffmpeg: string, file: string, signal?: AbortSignal): Promise<ParsedWav> {
  const abs = path.resolve(file);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError('Reading the voice-over'));
    const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', `file:${abs}`, '-map', '0:a:0', '-vn', '-ac', '1', '-ar', String(RECORDING_RATE), '-t', String(MAX_RECORDING_SEC + 1), '-f', 's16le', '-acodec', 'pcm_s16le', 'pipe:1'];
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    let stderr = '';
    const onAbort = (): void => {
      child.kill('SIGKILL');
      reject(cancelledError('Reading the voice-over'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', onAbort);
      reject(err.code === 'ENOENT' ? new UserError('config', `ffmpeg was not found at "${ffmpeg}": install ffmpeg or set FFMPEG_PATH.`, 'FFMPEG_PATH') : err);
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return;
      const last = stderr.trim().split('\n').pop() ?? '';
      if (code !== 0) {
        const noAudio = /matches no streams|does not contain any stream|Stream map/i.test(stderr);
        return reject(new UserError('input', noAudio
          ? `The voice-over ${abs} has no audio: record the voice-over again or pick the file with the sound.`
          : `The voice-over ${abs} could not be read (${last || `ffmpeg exit ${String(code)}`}): pick an audio file (wav, mp3, m4a, …) or a video with sound.`, abs));
      }
      const pcm = Buffer.concat(out);
      const even = pcm.subarray(0, pcm.length - (pcm.length % 2));
      const wav = parseWav(Buffer.concat([wavHeader({ sampleRate: RECORDING_RATE, channels: 1, bitsPerSample: 16 }, even.length), even]), 'voice-over');
      if (wav.durationMs < 300) return reject(new UserError('input', `The voice-over ${abs} is shorter than a word (${Math.round(wav.durationMs)} ms): pick the full recording.`, abs));
      if (wav.durationMs > MAX_RECORDING_SEC * 1000) return reject(new UserError('input', `The voice-over ${abs} is longer than ${MAX_RECORDING_SEC / 60} minutes: trim it to the part for this video.`, abs));
      resolve(wav);
    });
  });
}
