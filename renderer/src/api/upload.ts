/**
 * Browser host uploads: `POST /upload?token=T&name=<file name>` with the raw bytes → `{ path }`.
 * Files go one at a time on purpose: clips can be large and the host writes each to disk as it
 * streams, so parallel uploads would only contend for the same disk.
 */
import { readToken } from './token';

export interface UploadProgress {
  done: number;
  total: number;
  current: string;
}

export async function uploadFiles(files: File[], onProgress?: (p: UploadProgress) => void): Promise<string[]> {
  const token = readToken(window.location.search);
  const paths: string[] = [];
  for (const [i, file] of files.entries()) {
    onProgress?.({ done: i, total: files.length, current: file.name });
    const url = `/upload?token=${encodeURIComponent(token)}&name=${encodeURIComponent(file.name)}`;
    const res = await fetch(url, { method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' } });
    if (!res.ok) {
      const detail = await res.text().catch(() => '');
      throw new Error(`Upload of "${file.name}" failed (${res.status})${detail ? `: ${detail.slice(0, 200)}` : ''}.`);
    }
    const body = (await res.json()) as { path?: unknown };
    if (typeof body.path !== 'string') throw new Error(`Upload of "${file.name}" returned no path.`);
    paths.push(body.path);
  }
  onProgress?.({ done: files.length, total: files.length, current: '' });
  return paths;
}
