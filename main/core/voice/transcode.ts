/**
 * Any audio → mono 16-bit PCM at a chosen rate, through ffmpeg on pipes. Used when voice
 * chunks don't share one format (a compatible server answering MP3, a voice at another rate),
 * because concatWav joins samples and needs them identical in shape.
 */
import { spawn } from 'node:child_process';
import { cancelledError, UserError } from '../errors.js';
import { parseWav, wavHeader, type ParsedWav } from './wav.js';

/** FFMPEG_PATH wins (the app points it at its bundled build); otherwise ffmpeg on PATH. */
export function ffmpegPath(): string {
  return process.env.FFMPEG_PATH || 'ffmpeg';
}

export function toMonoPcm16(input: Buffer, sampleRate: number, signal?: AbortSignal, ffmpeg = ffmpegPath()): Promise<ParsedWav> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError('Speech synthesis'));
    const args = ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-ac', '1', '-ar', String(sampleRate), '-f', 's16le', '-acodec', 'pcm_s16le', 'pipe:1'];
    const child = spawn(ffmpeg, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    let stderr = '';
    const onAbort = (): void => {
      child.kill('SIGKILL');
      reject(cancelledError('Speech synthesis'));
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
      if (code !== 0) return reject(new UserError('provider', `The voice audio could not be decoded (ffmpeg exit ${String(code)}: ${stderr.trim().split('\n').pop() ?? ''}).`));
      const pcm = Buffer.concat(out);
      const even = pcm.subarray(0, pcm.length - (pcm.length % 2));
      const fmt = { sampleRate, channels: 1, bitsPerSample: 16 };
      resolve(parseWav(Buffer.concat([wavHeader(fmt, even.length), even]), 'decoded voice'));
    });
    // ffmpeg may stop reading early on bad input; its exit code reports that, not EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
