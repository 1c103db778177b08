/**
 * Concurrent requests for the same key share one computation (Go's singleflight, lru-cache's
 * fetch): the first caller runs `compute`, later callers await the same promise. A rejection
 * reaches every waiter and the key is forgotten at once, so nothing failed is remembered and
 * the next request computes afresh.
 */
export class SingleFlight {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  run<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const existing = this.inFlight.get(key);
    if (existing !== undefined) return existing as Promise<T>;
    // compute starts on the next microtask, after the flight is registered, so even a compute
    // that throws synchronously is forgotten properly instead of leaving a rejected entry behind.
    const flight: Promise<T> = Promise.resolve()
      .then(compute)
      .finally(() => {
        if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
      });
    this.inFlight.set(key, flight);
    return flight;
  }

  isInFlight(key: string): boolean {
    return this.inFlight.has(key);
  }

  get size(): number {
    return this.inFlight.size;
  }
}
