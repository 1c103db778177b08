/**
 * The desktop app's log: `<userData>/logs/main.log` (appended, one line per event, timestamped)
 * and stderr in development. Worker output arrives here through the utility-process spawner.
 * Callers never pass secrets; the API key has no path into this file.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';

export function openLog(logsDir: string, echo: boolean): { log(line: string): void; close(): void } {
  let stream: WriteStream | null = null;
  try {
    mkdirSync(logsDir, { recursive: true });
    stream = createWriteStream(path.join(logsDir, 'main.log'), { flags: 'a' });
    stream.on('error', () => {
      stream = null;
    });
  } catch {
    stream = null;
  }
  return {
    log(line) {
      const stamped = `${new Date().toISOString()} ${line}\n`;
      stream?.write(stamped);
      if (echo) process.stderr.write(stamped);
    },
    close() {
      stream?.end();
    },
  };
}
