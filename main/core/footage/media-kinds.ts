/**
 * Which files in a footage folder are pictures: clips (anything ffmpeg commonly reads as video)
 * and stills. Decided by extension so a folder of 5,000 files is listed without opening any;
 * a file that turns out unreadable is indexed as broken, with ffmpeg's reason.
 */
import path from 'node:path';

export type FootageKind = 'clip' | 'still';

const CLIP = new Set(['mp4', 'm4v', 'mov', 'qt', 'mkv', 'webm', 'avi', 'wmv', 'flv', 'mpg', 'mpeg', 'm2ts', 'mts', 'ts', 'mxf', '3gp', '3g2', 'ogv', 'gif', 'dv', 'vob', 'y4m']);
const STILL = new Set(['jpg', 'jpeg', 'jfif', 'png', 'webp', 'bmp', 'tif', 'tiff', 'tga', 'dpx', 'exr', 'ppm', 'pgm', 'jxl', 'avif', 'heic', 'heif']);

export function footageKind(file: string): FootageKind | null {
  const ext = path.extname(file).slice(1).toLowerCase();
  if (CLIP.has(ext)) return 'clip';
  if (STILL.has(ext)) return 'still';
  return null;
}

/** `clip.mp4.txt` next to `clip.mp4`: the creator's own words about it. */
export function sidecarPath(file: string): string {
  return `${file}.txt`;
}
