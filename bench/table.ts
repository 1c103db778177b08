/** One measured number in `npm run bench`; `target` and `ok` say how it compares with the goal. */
export interface BenchRow {
  group: string;
  name: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
}

/** Pure: a fixed-width table for the terminal. */
export function formatTable(rows: BenchRow[]): string {
  const cells = rows.map((r) => [
    r.group, r.name, formatValue(r.value), r.unit, r.target ?? '', r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED',
  ]);
  const header = ['group', 'measure', 'value', 'unit', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]): string => c.map((x, i) => (i === 2 ? x.padStart(widths[i] ?? 0) : x.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}
