/**
 * A folder as input: video files become the background pool, .txt/.csv/.json files inside
 * become jobs. Walks a few levels deep (creators keep "clips/" next to "topics.csv"), skips
 * hidden files and render manifests, and sorts entries so runs are reproducible.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export const VIDEO_EXTENSIONS = new Set(['.mp4', '.mov', '.m4v', '.webm', '.mkv', '.avi']);
export const JOB_FILE_EXTENSIONS = new Set(['.txt', '.csv', '.json']);
const MAX_DEPTH = 3;

export type FileKind = 'video' | 'jobs' | 'other';

export function kindOf(file: string): FileKind {
  const ext = path.extname(file).toLowerCase();
  if (VIDEO_EXTENSIONS.has(ext)) return 'video';
  if (JOB_FILE_EXTENSIONS.has(ext)) return 'jobs';
  return 'other';
}

export interface FolderScan {
  videos: string[];
  jobFiles: string[];
}

/**
 * Pure: sorts paths into videos and job files. A `.json` with the same name as a video beside
 * it is a render manifest from an output folder, not a job list, so re-dropping an output
 * folder does not re-queue its manifests.
 */
export function classifyFolderEntries(files: string[]): FolderScan {
  const sorted = [...files].sort((a, b) => a.localeCompare(b));
  const videoStems = new Set(sorted.filter((f) => kindOf(f) === 'video').map((f) => f.slice(0, -path.extname(f).length)));
  const scan: FolderScan = { videos: [], jobFiles: [] };
  for (const f of sorted) {
    const kind = kindOf(f);
    if (kind === 'video') scan.videos.push(f);
    else if (kind === 'jobs') {
      const stem = f.slice(0, -path.extname(f).length);
      // outputs/why-cats-purr.json beside why-cats-purr.mp4 is a manifest, not a job list.
      if (path.extname(f).toLowerCase() === '.json' && videoStems.has(stem)) continue;
      scan.jobFiles.push(f);
    }
  }
  return scan;
}

/**
 * Absolute paths of every regular file under `dir`, up to MAX_DEPTH levels, hidden ones
 * skipped. Linked folders are followed (creators link shared clip folders in), each real
 * folder once, so a link back up the tree neither loops nor reads a job list twice.
 */
export async function listFolder(dir: string, depth = 0, seen: Set<string> = new Set()): Promise<string[]> {
  const real = await realpath(dir).catch(() => dir);
  if (seen.has(real)) return [];
  seen.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      const target = await stat(full).catch(() => null);
      isDir = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    if (isDir && depth < MAX_DEPTH) out.push(...(await listFolder(full, depth + 1, seen)));
    else if (isFile) out.push(full);
  }
  return out;
}

export async function scanFolder(dir: string): Promise<FolderScan> {
  return classifyFolderEntries(await listFolder(dir));
}
