/**
 * What an external program said about itself, remembered across processes: `ffmpeg -version`'s
 * first line, the system voice list. Spawning them costs 10–100 ms each on every start of the
 * CLI or the app; the answer only changes when the program does. So an answer is kept in
 * `<dataDir>/tool-memo.json` under the binary's identity (resolved path, size, mtime) and reused
 * while the binary on disk still has that identity. A program whose answer can change without its
 * own file changing (installed voices) also gets a maximum age. The same holds for any answer that
 * is a function of a file and its inputs (saved settings checked by the compiled schema file).
 *
 * The file is a convenience, never a source of truth: unreadable, torn or hand-edited content is
 * ignored entry by entry (each value is checked by the caller's `accept`), and a failed write
 * only means the next start asks the program again.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { findOnPath } from './find-on-path.js';

export interface BinaryIdentity {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface MemoEntry {
  identity: BinaryIdentity;
  value: unknown;
  /** When the program was asked (ms since the epoch). */
  at: number;
}

/** question → entry; one entry per question (the binary that answered it last). */
export type MemoTable = Record<string, MemoEntry>;

export interface Recall<T> {
  /** Rejects a remembered value that is malformed (the file is user-editable). */
  accept(value: unknown): value is T;
  /** Answers older than this are asked again even if the binary is unchanged. */
  maxAgeMs?: number;
}

const FILE_VERSION = 1;

function sameIdentity(a: BinaryIdentity, b: BinaryIdentity): boolean {
  return a.path === b.path && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

function isIdentity(v: unknown): v is BinaryIdentity {
  const o = v as Partial<BinaryIdentity> | null;
  return typeof o === 'object' && o !== null && typeof o.path === 'string' && typeof o.size === 'number' && typeof o.mtimeMs === 'number';
}

/** Pure: the remembered value for `question` if it was given by this very binary, recently enough. */
export function recall<T>(table: MemoTable, question: string, identity: BinaryIdentity, now: number, how: Recall<T>): T | undefined {
  const entry = table[question];
  if (entry === undefined || !isIdentity(entry.identity) || !sameIdentity(entry.identity, identity)) return undefined;
  if (typeof entry.at !== 'number' || entry.at > now) return undefined;
  if (how.maxAgeMs !== undefined && now - entry.at > how.maxAgeMs) return undefined;
  return how.accept(entry.value) ? entry.value : undefined;
}

/** Pure: the table with `question` answered by `identity`. */
export function remember(table: MemoTable, question: string, identity: BinaryIdentity, value: unknown, now: number): MemoTable {
  return { ...table, [question]: { identity, value, at: now } };
}

/** Pure: the table in a memo file's text; anything unreadable is an empty table. */
export function parseMemoFile(text: string): MemoTable {
  try {
    const parsed = JSON.parse(text) as { version?: unknown; entries?: unknown };
    if (parsed.version !== FILE_VERSION || typeof parsed.entries !== 'object' || parsed.entries === null || Array.isArray(parsed.entries)) return {};
    return parsed.entries as MemoTable;
  } catch {
    return {};
  }
}

/**
 * The identity of the binary a command name runs: an absolute or relative path as given, a bare
 * name looked up on PATH (as spawn would). Null when there is no such file.
 */
export function binaryIdentity(bin: string, env: NodeJS.ProcessEnv = process.env): BinaryIdentity | null {
  const isBareName = !bin.includes('/') && !bin.includes('\\');
  const file = isBareName ? findOnPath(bin, env) : bin;
  if (file === null) return null;
  try {
    const st = statSync(file);
    return st.isFile() ? { path: file, size: st.size, mtimeMs: st.mtimeMs } : null;
  } catch {
    return null;
  }
}

export class ToolMemo {
  private table: MemoTable | null = null;

  constructor(
    private readonly file: string,
    private readonly now: () => number = Date.now,
    private readonly env: NodeJS.ProcessEnv = process.env,
    /** Ask every time, and remember the new answers: see refreshing(). */
    private readonly alwaysAsk = false,
  ) {}

  private load(): MemoTable {
    if (this.table === null) {
      try {
        this.table = parseMemoFile(readFileSync(this.file, 'utf8'));
      } catch {
        this.table = {};
      }
    }
    return this.table;
  }

  /**
   * `ask()`'s answer for `bin`, from the memo while the binary is unchanged. A binary that cannot
   * be found is simply asked (its own error says what is wrong); failures are never remembered.
   */
  async answer<T>(question: string, bin: string, ask: () => Promise<T>, how: Recall<T>): Promise<T> {
    const identity = binaryIdentity(bin, this.env);
    if (identity !== null && !this.alwaysAsk) {
      const known = recall(this.load(), question, identity, this.now(), how);
      if (known !== undefined) return known;
    }
    const value = await ask();
    if (identity !== null) this.save(question, identity, value);
    return value;
  }

  /** The same memo, but every question is asked again and the answer replaces the remembered one (a voice was just installed, say). */
  refreshing(): ToolMemo {
    return new ToolMemo(this.file, this.now, this.env, true);
  }

  private save(question: string, identity: BinaryIdentity, value: unknown): void {
    // Re-read first: another process (the app and a CLI share the data folder) may have added answers.
    this.table = null;
    const next = remember(this.load(), question, identity, value, this.now());
    this.table = next;
    const tmp = `${this.file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
    try {
      writeFileSync(tmp, `${JSON.stringify({ version: FILE_VERSION, entries: next })}\n`);
      renameSync(tmp, this.file);
    } catch {
      // A read-only or missing data folder: the answer still serves this process.
      rmSync(tmp, { force: true });
    }
  }
}
