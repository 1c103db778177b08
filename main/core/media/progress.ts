import type { JobProgress } from '../pool/protocol.js';

/**
 * Incremental parser for ffmpeg progress output. It understands both forms ffmpeg prints:
 *
 * - `-progress <url>` blocks: `key=value` lines (`out_time_us`, `out_time_ms`, `out_time`,
 *   `fps`, `speed`, ...) closed by `progress=continue` or `progress=end`;
 * - the human stats line on stderr: `frame=  42 fps= 30 ... time=00:00:01.40 ... speed=1.2x`,
 *   which ffmpeg ends with `\r`, not `\n`.
 *
 * Text arrives in arbitrary chunks (a line may be split across two reads), so the parser keeps
 * the unfinished tail until its line ends. The fraction is computed from output time against
 * the duration the caller expects (fluent-ffmpeg's own percent comes from the *input*
 * duration, which is wrong for looped, trimmed or lavfi inputs), and it never goes backwards.
 */
export class FfmpegProgressParser {
  private readonly expectedSec: number;
  private pending = '';
  private block: { outTimeSec?: number; fps?: number; speed?: number } = {};
  private bestFraction = 0;
  private lastProgress: JobProgress | undefined;

  constructor(expectedDurationSec: number) {
    this.expectedSec = Number.isFinite(expectedDurationSec) && expectedDurationSec > 0 ? expectedDurationSec : 0;
  }

  /** Feed raw text (any chunking); returns the progress updates completed by it, in order. */
  push(chunk: string): JobProgress[] {
    const text = this.pending + chunk;
    const lines = text.split(/\r\n|\r|\n/);
    this.pending = lines.pop() ?? '';
    const out: JobProgress[] = [];
    for (const line of lines) {
      const p = this.pushLine(line);
      if (p) out.push(p);
    }
    return out;
  }

  /** Flush a final unterminated line (call when the stream closes). */
  end(): JobProgress[] {
    const rest = this.pending;
    this.pending = '';
    if (rest === '') return [];
    const p = this.pushLine(rest);
    return p ? [p] : [];
  }

  /** Feed one complete line (e.g. from fluent-ffmpeg's 'stderr' event); returns an update if the line completes one. */
  pushLine(rawLine: string): JobProgress | undefined {
    const line = rawLine.trim();
    if (line === '') return undefined;
    const kv = /^([a-z_0-9]+)=(.*)$/.exec(line);
    if (kv && !line.includes(' ')) return this.keyValue(kv[1] ?? '', kv[2] ?? '');
    if (line.includes('time=')) return this.statsLine(line);
    return undefined;
  }

  /** The latest update, if any. */
  get last(): JobProgress | undefined {
    return this.lastProgress;
  }

  private keyValue(key: string, value: string): JobProgress | undefined {
    switch (key) {
      case 'out_time_us':
      // ffmpeg's `out_time_ms` is, despite its name, also in microseconds (a long-standing quirk kept for compatibility).
      // falls through
      case 'out_time_ms': {
        const us = Number(value);
        if (Number.isFinite(us) && value.trim() !== '') this.block.outTimeSec = us / 1e6;
        return undefined;
      }
      case 'out_time': {
        const sec = parseTimecode(value);
        if (sec !== undefined && this.block.outTimeSec === undefined) this.block.outTimeSec = sec;
        return undefined;
      }
      case 'fps': {
        const fps = parseNumber(value);
        if (fps !== undefined) this.block.fps = fps;
        return undefined;
      }
      case 'speed': {
        const speed = parseNumber(value.replace(/x$/, ''));
        if (speed !== undefined) this.block.speed = speed;
        return undefined;
      }
      case 'progress': {
        const block = this.block;
        this.block = {};
        return this.emit(block, value.trim() === 'end');
      }
      default:
        return undefined;
    }
  }

  private statsLine(line: string): JobProgress | undefined {
    const field = (name: string): string | undefined => new RegExp(`(?:^|\\s)${name}=\\s*(\\S+)`).exec(line)?.[1];
    const time = field('time');
    const outTimeSec = time !== undefined ? parseTimecode(time) : undefined;
    if (outTimeSec === undefined) return undefined; // `time=N/A` early on: nothing to report yet
    const fps = parseNumber(field('fps') ?? '');
    const speed = parseNumber((field('speed') ?? '').replace(/x$/, ''));
    return this.emit({ outTimeSec, ...(fps !== undefined ? { fps } : {}), ...(speed !== undefined ? { speed } : {}) }, false);
  }

  private emit(b: { outTimeSec?: number; fps?: number; speed?: number }, ended: boolean): JobProgress {
    const outTimeSec = b.outTimeSec !== undefined ? Math.max(0, b.outTimeSec) : this.lastProgress?.outTimeSec;
    let fraction = this.bestFraction;
    if (ended) fraction = 1;
    else if (outTimeSec !== undefined && this.expectedSec > 0) {
      // Stay below 1 until ffmpeg says `end`: the muxer still has to write the index (+faststart moves it).
      fraction = Math.max(fraction, Math.min(0.999, outTimeSec / this.expectedSec));
    }
    this.bestFraction = fraction;
    const p: JobProgress = { fraction };
    if (outTimeSec !== undefined) p.outTimeSec = outTimeSec;
    if (b.fps !== undefined) p.fps = b.fps;
    if (b.speed !== undefined) p.speed = b.speed;
    if (ended) p.etaSec = 0;
    else if (b.speed !== undefined && b.speed > 0 && outTimeSec !== undefined && this.expectedSec > 0) {
      p.etaSec = Math.max(0, (this.expectedSec - outTimeSec) / b.speed);
    }
    this.lastProgress = p;
    return p;
  }
}

/** `HH:MM:SS.micro`, `MM:SS.ms`, `SS.ms`, optionally negative (ffmpeg prints -00:00:00.02 at start); undefined for `N/A`. */
export function parseTimecode(text: string): number | undefined {
  const m = /^(-)?(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!m) return undefined;
  const [, neg, a, b, s] = m;
  let hours = 0;
  let minutes = 0;
  if (a !== undefined && b !== undefined) {
    hours = Number(a);
    minutes = Number(b);
  } else if (a !== undefined) {
    minutes = Number(a);
  }
  const total = hours * 3600 + minutes * 60 + Number(s);
  return neg ? -total : total;
}

function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === '' || t === 'N/A') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}
