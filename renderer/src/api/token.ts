/** The browser host serves the page at `/?token=T`; every request and upload carries it back. */
export function readToken(search: string): string {
  return new URLSearchParams(search).get('token') ?? '';
}

/** ws(s)://<host>/ws?token=T for a page at http(s)://<host>/… */
export function socketUrl(loc: { protocol: string; host: string }, token: string): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/ws?token=${encodeURIComponent(token)}`;
}
