/**
 * The creator's music folder: the audio files in it (not in subfolders), each with an identity
 * (size and mtime) so a changed folder changes the pick and the cache key.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { MusicTrack } from './pick.js';

const AUDIO = new Set(['.mp3', '.m4a', '.aac', '.wav', '.flac', '.ogg', '.oga', '.opus', '.wma', '.aif', '.aiff']);

export async function listMusic(dir: string): Promise<MusicTrack[]> {
  const abs = path.resolve(dir);
  let names: string[];
  try {
    names = await readdir(abs);
  } catch (err) {
    throw new UserError('input', `Music folder ${abs} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}): check the path given to --music or the musicDir setting.`, abs);
  }
  const tracks: MusicTrack[] = [];
  for (const name of names.sort()) {
    if (!AUDIO.has(path.extname(name).toLowerCase()) || name.startsWith('.')) continue;
    const file = path.join(abs, name);
    const st = await stat(file).catch(() => null);
    if (st?.isFile() && st.size > 0) tracks.push({ path: file, identity: `${st.size}:${Math.round(st.mtimeMs)}` });
  }
  if (tracks.length === 0) throw new UserError('input', `Music folder ${abs} has no audio files (mp3, m4a, wav, flac, ogg, opus): add some tracks or pick another folder.`, abs);
  return tracks;
}
