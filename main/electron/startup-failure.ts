/**
 * When the desktop app cannot start, it still opens a window that says why and what to do,
 * instead of a dead end (desktop-review D1). The common case — no ffmpeg where the app looks —
 * offers to pick one: the choice is checked (it must run and be ffmpeg), saved as the ffmpegPath
 * setting (the CLI then uses it too), and start-up is tried again.
 */
import { isUserError } from '../core/errors.js';

export interface FailureExplanation {
  message: string;
  detail: string;
  /** The fix is a path to ffmpeg. */
  canChooseFfmpeg: boolean;
}

const FFMPEG_SUBJECTS = new Set(['FFMPEG_PATH', 'ffmpegPath']);

/** Pure: the dialog's words for a start-up error. */
export function explainStartupFailure(err: unknown, where: { dataDir: string; logFile: string }): FailureExplanation {
  const text = err instanceof Error ? err.message : String(err);
  if (isUserError(err) && err.kind === 'config' && err.subject !== undefined && FFMPEG_SUBJECTS.has(err.subject)) {
    return {
      message: 'Reelforge needs ffmpeg to make videos',
      detail: `${text}\n\nChoose an ffmpeg program you already have (for example /opt/homebrew/bin/ffmpeg, or ffmpeg.exe from an ffmpeg download), or install ffmpeg and open Reelforge again.`,
      canChooseFfmpeg: true,
    };
  }
  if (/NODE_MODULE_VERSION|better_sqlite3|SQLite module/i.test(text)) {
    return {
      message: 'Reelforge is missing a part it needs',
      detail: `${text}\n\nReinstall Reelforge. If you built it yourself, run "npm run rebuild:electron" before "npm run dist". The log is at ${where.logFile}.`,
      canChooseFfmpeg: false,
    };
  }
  return {
    message: 'Reelforge could not start',
    detail: `${text}\n\nYour videos and settings are in ${where.dataDir}; nothing there was changed. The log is at ${where.logFile}.`,
    canChooseFfmpeg: false,
  };
}

export interface FailureUi {
  /** A native message box; resolves with the index of the button pressed. */
  ask(o: { message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number }): Promise<number>;
  /** A file picker; null when cancelled. */
  pickFile(title: string): Promise<string | null>;
  /** Rejects with the reason when the file is not a working ffmpeg. */
  checkFfmpeg(file: string): Promise<void>;
  saveFfmpegPath(file: string): Promise<void>;
  showFolder(dir: string): void;
}

/**
 * Shows the explanation until the user either fixes the cause (→ 'retry') or gives up (→ 'quit').
 * A bad pick is explained and the choice offered again.
 */
export async function recoverFromStartupFailure(err: unknown, where: { dataDir: string; logFile: string; logsDir: string }, ui: FailureUi): Promise<'retry' | 'quit'> {
  const explained = explainStartupFailure(err, where);
  let detail = explained.detail;
  for (;;) {
    if (explained.canChooseFfmpeg) {
      const choice = await ui.ask({ message: explained.message, detail, buttons: ['Choose ffmpeg…', 'Quit'], defaultId: 0, cancelId: 1 });
      if (choice !== 0) return 'quit';
      const file = await ui.pickFile('Choose the ffmpeg program');
      if (file === null) continue;
      try {
        await ui.checkFfmpeg(file);
      } catch (checkErr) {
        detail = `${checkErr instanceof Error ? checkErr.message : String(checkErr)}\n\n${explained.detail}`;
        continue;
      }
      await ui.saveFfmpegPath(file);
      return 'retry';
    }
    const choice = await ui.ask({ message: explained.message, detail, buttons: ['Show Log Folder', 'Quit'], defaultId: 1, cancelId: 1 });
    if (choice !== 0) return 'quit';
    ui.showFolder(where.logsDir);
  }
}
