/**
 * A quick look at a voice-over before it is used: does it have sound, and how long is it.
 * ffprobe reads headers only; the file is passed with the file: protocol.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../errors.js';
import { MAX_RECORDING_SEC } from './decode.js';

const run = promisify(execFile);

export interface RecordingInfo {
  path: string;
  name: string;
  durationSec: number;
}

export async function probeRecording(ffprobe: string, file: string): Promise<RecordingInfo> {
  const abs = path.resolve(file);
  let json: { streams?: { codec_type?: string; duration?: string }[]; format?: { duration?: string } };
  try {
    const { stdout } = await run(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', `file:${abs}`], { timeout: 60_000, maxBuffer: 8 * 1024 * 1024, windowsHide: true });
    json = JSON.parse(stdout) as typeof json;
  } catch {
    throw new UserError('input', `${abs} is not a readable audio or video file: pick the recording again (wav, mp3, m4a, or a video with sound).`, abs);
  }
  if (!(json.streams ?? []).some((s) => s.codec_type === 'audio')) {
    throw new UserError('input', `${abs} has no sound: pick the file with your recording.`, abs);
  }
  const durationSec = Number(json.format?.duration ?? json.streams?.find((s) => s.codec_type === 'audio')?.duration ?? 0);
  if (!(durationSec > 0.3)) throw new UserError('input', `${abs} is too short to be a voice-over.`, abs);
  if (durationSec > MAX_RECORDING_SEC) throw new UserError('input', `${abs} is longer than ${MAX_RECORDING_SEC / 60} minutes: trim it to the part for this video.`, abs);
  return { path: abs, name: path.basename(abs), durationSec: Math.round(durationSec * 10) / 10 };
}
