/**
 * Binary search for a line by its first word in a large, byte-sorted text file (WordNet's
 * index files are 0.2–5 MB): a lookup is ~20 small positioned reads instead of loading the
 * file, and a data line is read directly at its byte offset.
 */
import { closeSync, openSync, readSync, fstatSync } from 'node:fs';

const WINDOW = 512;

export class SortedLineFile {
  private readonly fd: number;
  private readonly size: number;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'r');
    this.size = fstatSync(this.fd).size;
  }

  close(): void {
    closeSync(this.fd);
  }

  /** The whole line starting at byte `start` (without its newline). */
  lineAt(start: number): string {
    const parts: Buffer[] = [];
    let pos = start;
    for (;;) {
      const buf = Buffer.alloc(WINDOW * 4);
      const n = readSync(this.fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      const nl = buf.subarray(0, n).indexOf(10);
      if (nl >= 0) {
        parts.push(buf.subarray(0, nl));
        break;
      }
      parts.push(buf.subarray(0, n));
      pos += n;
    }
    return Buffer.concat(parts).toString('latin1');
  }

  /** Start of the first line that begins after byte `pos` (or at 0). */
  private nextLineStart(pos: number): number {
    if (pos === 0) return 0;
    let at = pos - 1; // a line that starts exactly at pos counts
    const buf = Buffer.alloc(WINDOW);
    while (at < this.size) {
      const n = readSync(this.fd, buf, 0, buf.length, at);
      if (n <= 0) return this.size;
      const nl = buf.subarray(0, n).indexOf(10);
      if (nl >= 0) return at + nl + 1;
      at += n;
    }
    return this.size;
  }

  /** The line whose first space-separated word is `key`, or null. */
  find(key: string): string | null {
    if (key === '' || key.includes(' ') || key.includes('\n')) return null;
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const start = this.nextLineStart(mid);
      if (start >= hi) {
        hi = mid;
        continue;
      }
      const line = this.lineAt(start);
      const sp = line.indexOf(' ');
      const word = sp >= 0 ? line.slice(0, sp) : line;
      if (word === key) return line;
      // Byte order, as the files are sorted (plain string comparison is code-unit order: the same for ASCII).
      if (word < key) lo = start + Buffer.byteLength(line, 'latin1') + 1;
      else hi = mid;
    }
    return null;
  }
}
