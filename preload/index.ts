/**
 * The only bridge between the sandboxed renderer and the main process: `window.reelforge`,
 * typed as the contract's ReelforgeApi and nothing more. It runs in a sandboxed preload, so it is
 * bundled to CommonJS and imports nothing but `electron` (the contract is imported for types
 * only; the channel list is copied below and checked against the contract at compile time).
 *
 * - invoke: only contract channels; the main process validates the input again (never trust the page).
 *   The reply is resolved as a value ({ok, result} or {ok: false, error}): a thrown Error would
 *   lose its kind and subject crossing contextBridge (desktop-review D9).
 * - on: only contract events; the IpcRendererEvent is stripped (checklist #20) and an unsubscribe returned.
 * - pathForFile: the real path of a dropped/picked File (webUtils), so drops need no upload. It
 *   also tells the main process the user chose that path (the only way a page's drop lets the
 *   studio read a file; see main/electron/chosen-paths.ts).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { Channel, ChannelInput, DesktopBridge, EventName, EventPayloads, InvokeReply } from '../main/core/contract.js';

/** Must match main/electron/ipc.ts. */
const INVOKE_PREFIX = 'rf:';
const EVENT_PREFIX = 'rf:event:';
/** Must match main/electron/chosen-paths.ts. */
const CHOSEN_PATHS_CHANNEL = 'rf:chosen-paths';

const CHANNELS = [
  'app.info', 'settings.get', 'settings.set', 'settings.setApiKey', 'voices.list', 'backgrounds.list',
  'create.preview', 'create.voicePreview', 'create.recording', 'queue.addFiles', 'queue.addJobs', 'queue.list',
  'batch.start', 'batch.pause', 'batch.resume', 'batch.cancel', 'batch.retryFailed', 'batch.setOptions',
  'job.cancel', 'job.retry', 'job.rerender', 'job.open', 'job.reveal',
  'library.list', 'cache.stats', 'cache.prune', 'cache.clear', 'perf.snapshot',
  'footage.list', 'footage.add', 'footage.remove', 'footage.search', 'shots.plan', 'shots.choose', 'shots.render', 'settings.serviceKeys', 'settings.setServiceKey',
  'farm.status', 'farm.configure', 'farm.resumeWorker',
  'looks.list', 'looks.saveStyle', 'looks.saveBrand', 'looks.preview',
  'queue.clearFinished', 'library.delete', 'library.restore',
] as const satisfies readonly Channel[];
const EVENTS = ['jobs', 'batches', 'cache', 'perf', 'notice', 'footage'] as const satisfies readonly EventName[];

// Compile-time: every contract channel and event is listed (a new one fails the build here).
type MissingChannel = Exclude<Channel, (typeof CHANNELS)[number]>;
type MissingEvent = Exclude<EventName, (typeof EVENTS)[number]>;
const _allListed: [MissingChannel, MissingEvent] extends [never, never] ? true : [MissingChannel, MissingEvent] = true;
void _allListed;

const channelSet: ReadonlySet<string> = new Set(CHANNELS);
const eventSet: ReadonlySet<string> = new Set(EVENTS);

const api: DesktopBridge = {
  async invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<InvokeReply<C>> {
    if (!channelSet.has(channel)) return { ok: false, error: { kind: 'usage', message: `Unknown channel "${String(channel)}".` } };
    return (await ipcRenderer.invoke(`${INVOKE_PREFIX}${channel}`, input)) as InvokeReply<C>;
  },

  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    if (!eventSet.has(event)) throw new Error(`Unknown event "${String(event)}".`);
    const wrapped = (_event: IpcRendererEvent, payload: EventPayloads[E]) => listener(payload);
    ipcRenderer.on(`${EVENT_PREFIX}${event}`, wrapped);
    return () => {
      ipcRenderer.removeListener(`${EVENT_PREFIX}${event}`, wrapped);
    };
  },

  pathForFile(file: File): string | null {
    let p: string;
    try {
      p = webUtils.getPathForFile(file);
    } catch {
      return null;
    }
    if (p === '') return null;
    // Sent before the page can use the path: IPC from one frame arrives in order, so the grant
    // is recorded before the queue.addFiles that names it.
    ipcRenderer.send(CHOSEN_PATHS_CHANNEL, [p]);
    return p;
  },
};

contextBridge.exposeInMainWorld('reelforge', api);
