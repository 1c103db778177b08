/**
 * ffmpeg reads a -filter_complex string twice: first as the graph (where `,` `;` `[` `]`
 * separate filters and pads), then each filter's arguments (where `:` separates options). Both
 * levels treat `\` and `'` as escape and quote characters. A value that must arrive intact
 * (a file path) is therefore escaped for the option level first, then the result for the graph
 * level (ffmpeg-filters, "Notes on filtergraph escaping"). Windows drive letters (C:\...),
 * spaces, quotes, commas, semicolons and brackets all survive.
 */

/** Level 1: a value inside one filter's option list. */
export function escapeFilterOption(value: string): string {
  return value.replace(/[\\':]/g, (c) => `\\${c}`);
}

/** Level 2: filter arguments inside a filtergraph description. */
export function escapeFiltergraph(value: string): string {
  return value.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** A file path as a filter option value inside -filter_complex. */
export function filterPath(p: string): string {
  return escapeFiltergraph(escapeFilterOption(p));
}
