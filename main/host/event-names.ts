/**
 * The contract declares events as a type only; hosts need them at run time to subscribe.
 * The two checks below fail to compile if this list and EventPayloads ever disagree.
 */
import type { EventName, EventPayloads } from '../core/contract.js';

export const EVENT_NAMES = ['jobs', 'batches', 'cache', 'perf', 'notice', 'footage'] as const satisfies readonly EventName[];

type Missing = Exclude<EventName, (typeof EVENT_NAMES)[number]>;
const _everyEventListed: [Missing] extends [never] ? true : Missing = true;
void _everyEventListed;

/** What a host needs from the Studio besides the channel handlers: its event stream. */
export interface EventSource {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): unknown;
}

/** Subscribes to every event; returns a function that unsubscribes where the source supports it. */
export function subscribeAll(source: EventSource, send: (event: EventName, payload: unknown) => void): () => void {
  const offs: unknown[] = EVENT_NAMES.map((name) => source.on(name, (payload) => send(name, payload)));
  return () => {
    for (const off of offs) if (typeof off === 'function') (off as () => void)();
  };
}
