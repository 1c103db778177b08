/**
 * Pure: the summary ffmpeg's ebur128 filter prints when it closes → integrated loudness, loudness
 * range and true peak. The summary is the last block of the log; per-frame lines go to the
 * verbose level (framelog=verbose) so they never reach it.
 */

export interface Loudness {
  /** Integrated loudness, LUFS (EBU R128 / ITU-R BS.1770, gated). −70 or below means silence. */
  integratedLufs: number;
  /** Loudness range, LU. */
  rangeLu: number;
  /** True peak, dBTP (4× oversampled); −Infinity for digital silence. */
  truePeakDb: number;
}

/** Below the absolute gate: nothing to normalise. */
export const SILENT_LUFS = -70;

function valueAfter(block: string, label: string, unit: string): number | null {
  const m = new RegExp(`${label}:\\s*(-?(?:\\d+(?:\\.\\d+)?|inf))\\s*${unit}`).exec(block);
  if (!m?.[1]) return null;
  return m[1] === '-inf' ? -Infinity : Number(m[1]);
}

export function parseEbur128Summary(log: string): Loudness | null {
  const at = log.lastIndexOf('Summary:');
  if (at < 0) return null;
  const block = log.slice(at);
  const integratedLufs = valueAfter(block, 'I', 'LUFS');
  const rangeLu = valueAfter(block, 'LRA', 'LU');
  const peakAt = block.indexOf('True peak:');
  const truePeakDb = peakAt < 0 ? null : valueAfter(block.slice(peakAt), 'Peak', 'dBFS');
  if (integratedLufs === null || rangeLu === null || truePeakDb === null || Number.isNaN(integratedLufs)) return null;
  return { integratedLufs, rangeLu, truePeakDb };
}
