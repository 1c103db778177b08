import fs from 'node:fs';
import path from 'node:path';

/**
 * After an unclean stop: drop rows whose blob is missing or short, delete blob files no row
 * names. Rows are the truth for what is cached; files are the truth for what is on disk.
 */
export function reconcile(
  dir: string,
  rows: { key: string; blob: string | null; size: number }[],
  drop: (rows: { key: string; blob: string | null }[]) => void,
): { rowsDropped: number; orphansRemoved: number } {
  const known = new Set<string>();
  const bad: { key: string; blob: string | null }[] = [];
  for (const r of rows) {
    if (!r.blob) continue;
    const abs = path.join(dir, r.blob);
    let size = -1;
    try {
      size = fs.statSync(abs).size;
    } catch {
      size = -1;
    }
    if (size !== r.size) bad.push({ key: r.key, blob: r.blob });
    else known.add(path.normalize(r.blob));
  }
  drop(bad);
  let orphansRemoved = 0;
  const blobs = path.join(dir, 'blobs');
  for (const fan of fs.existsSync(blobs) ? fs.readdirSync(blobs) : []) {
    const fanDir = path.join(blobs, fan);
    if (!fs.statSync(fanDir).isDirectory()) continue;
    for (const name of fs.readdirSync(fanDir)) {
      const rel = path.join('blobs', fan, name);
      if (!known.has(rel)) {
        fs.rmSync(path.join(dir, rel), { force: true });
        orphansRemoved++;
      }
    }
  }
  return { rowsDropped: bad.length, orphansRemoved };
}
