/** The link to the privileged side. Electron's IPC is always `open`; the WebSocket can drop. */
export type ConnectionState = 'connecting' | 'open' | 'closed';

export type ConnectionListener = (state: ConnectionState) => void;
