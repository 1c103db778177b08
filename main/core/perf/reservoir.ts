/**
 * The last `capacity` values of a series, in a fixed ring: percentiles follow recent behaviour
 * and memory stays flat however long a batch runs.
 */
export class Reservoir {
  private readonly ring: number[] = [];
  private next = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`Reservoir capacity must be at least 1, got ${capacity}`);
  }

  push(value: number): void {
    if (this.ring.length < this.capacity) this.ring.push(value);
    else this.ring[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
  }

  get size(): number {
    return this.ring.length;
  }

  /** The values held, oldest first. */
  values(): number[] {
    return this.ring.length < this.capacity ? [...this.ring] : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }
}
