/**
 * Closing BullMQ objects while Redis is unreachable can wait for a reconnect that never comes
 * (QueueEvents does). Shutting down must not hang on that: wait a little, then go on; the
 * sockets are torn down with the process.
 */
export async function closeWithin(ms: number, closes: readonly Promise<unknown>[]): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(closes),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}
