import { useRef } from 'react';
import { useApp } from '../store/store';

/**
 * Browser host only: says when the WebSocket is down and that it is reconnecting. The first
 * connect of a page load is not announced (it takes milliseconds); a failed one is.
 */
export function ConnectionBanner() {
  const connection = useApp((s) => s.connection);
  const wasOpen = useRef(false);
  const hasDropped = useRef(false);
  if (connection === 'open') wasOpen.current = true;
  // Once a connection has failed, keep the banner through the reconnect attempts (no flicker).
  if (connection === 'closed') hasDropped.current = true;
  if (connection === 'open' || !hasDropped.current) return null;
  return (
    <div className="connection-banner" role="alert" data-state={connection}>
      {wasOpen.current ? 'Lost the connection to Reelforge. Reconnecting…' : 'Cannot reach Reelforge. Is `reelforge serve` still running? Retrying…'}
    </div>
  );
}
