/**
 * Turning a drop or a file pick into `queue.addFiles` paths.
 * Desktop: the preload maps each File (folders included) to its real path; the core walks folders.
 * Browser: files have no paths, so folders are walked here (webkitGetAsEntry) and every file is
 * uploaded; the host answers with paths inside its data folder.
 */
import type { AddFilesResult } from '../types/contract';
import { getApi, isDesktop } from './getApi';
import { uploadFiles, type UploadProgress } from './upload';

/** The contract caps one addFiles call at 1,000 paths. */
const MAX_PATHS_PER_CALL = 1000;

/**
 * What a drop carried. Must be taken synchronously inside the drop handler: the browser
 * empties DataTransfer as soon as the event returns.
 */
export interface DropCapture {
  files: File[];
  entries: FileSystemEntry[];
}

export function captureDrop(dt: DataTransfer): DropCapture {
  const files = Array.from(dt.files);
  const entries: FileSystemEntry[] = [];
  if (!isDesktop()) {
    for (const item of Array.from(dt.items)) {
      if (item.kind !== 'file') continue;
      const entry = item.webkitGetAsEntry();
      if (entry) entries.push(entry);
    }
  }
  return { files, entries };
}

/** Everything inside the dropped entries, depth first; hidden files (.DS_Store…) are skipped. */
export async function filesFromEntries(entries: FileSystemEntry[]): Promise<File[]> {
  const out: File[] = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}

async function walk(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (entry.name.startsWith('.')) return;
  if (entry.isFile) {
    out.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most ~100 entries per call; keep reading until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, out);
  }
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Sums the results of several addFiles calls into one, for a single message to the user. */
export function mergeAddResults(results: AddFilesResult[]): AddFilesResult {
  return {
    batchId: results.reduce<string | null>((id, r) => r.batchId ?? id, null),
    jobsAdded: results.reduce((n, r) => n + r.jobsAdded, 0),
    backgroundsAdded: results.flatMap((r) => r.backgroundsAdded),
    errors: results.flatMap((r) => r.errors),
  };
}

/** Adds a drop (or a pick, as a capture with no entries) to the queue. */
export async function addToQueue(capture: DropCapture, onProgress?: (p: UploadProgress) => void): Promise<AddFilesResult> {
  const api = getApi();
  let paths: string[];
  if (isDesktop()) {
    paths = capture.files.map((f) => api.pathForFile(f)).filter((p): p is string => p !== null && p !== '');
  } else {
    const files = capture.entries.length > 0 ? await filesFromEntries(capture.entries) : capture.files;
    paths = files.length > 0 ? await uploadFiles(files, onProgress) : [];
  }
  if (paths.length === 0) throw new Error('Nothing to add: the drop held no files Reelforge could read.');
  const results: AddFilesResult[] = [];
  for (const part of chunk(paths, MAX_PATHS_PER_CALL)) results.push(await api.invoke('queue.addFiles', { paths: part }));
  return mergeAddResults(results);
}
