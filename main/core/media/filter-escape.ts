/**
 * ffmpeg filtergraphs parse text twice: once as the graph (where , ; [ ] separate filters) and
 * once as each filter's options (where : separates options). A path must survive both, so it
 * is escaped for the option level first, then for the graph level (ffmpeg-filters §"Notes on
 * filtergraph escaping"). Windows drive letters, spaces, quotes, commas and brackets all pass.
 */
export function escapeFilterOption(value: string): string {
  return value.replace(/[\\':]/g, (c) => `\\${c}`);
}

export function escapeFiltergraph(value: string): string {
  return value.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

export function filterPath(p: string): string {
  return escapeFiltergraph(escapeFilterOption(p));
}
