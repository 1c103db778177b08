import { describe, expect, it } from 'vitest';
import { createCoalescer } from './coalescer';

/** A manual frame clock: tests decide when the next animation frame happens. */
function frames() {
  const queue: (() => void)[] = [];
  return {
    schedule: (run: () => void) => queue.push(run),
    tick() {
      for (const run of queue.splice(0)) run();
    },
    get pending() {
      return queue.length;
    },
  };
}

describe('createCoalescer', () => {
  it('delivers once per frame with the latest item per key', () => {
    const clock = frames();
    const delivered: { id: string; v: number }[][] = [];
    const c = createCoalescer<{ id: string; v: number }>((x) => x.id, (items) => delivered.push(items), clock.schedule);
    c.push([{ id: 'a', v: 1 }]);
    c.push([{ id: 'b', v: 1 }]);
    c.push([{ id: 'a', v: 2 }]);
    expect(clock.pending).toBe(1);
    expect(delivered).toEqual([]);
    clock.tick();
    expect(delivered).toEqual([
      [
        { id: 'b', v: 1 },
        { id: 'a', v: 2 },
      ],
    ]);
  });

  it('ten streaming jobs × many events per frame → one delivery of ten', () => {
    const clock = frames();
    let deliveries = 0;
    let lastSize = 0;
    const c = createCoalescer<{ id: string; p: number }>((x) => x.id, (items) => {
      deliveries++;
      lastSize = items.length;
    }, clock.schedule);
    for (let step = 0; step < 20; step++) for (let j = 0; j < 10; j++) c.push([{ id: `j${j}`, p: step }]);
    clock.tick();
    expect(deliveries).toBe(1);
    expect(lastSize).toBe(10);
  });

  it('schedules again after a frame, not before; empty pushes schedule nothing', () => {
    const clock = frames();
    const c = createCoalescer<{ id: string }>((x) => x.id, () => undefined, clock.schedule);
    c.push([]);
    expect(clock.pending).toBe(0);
    c.push([{ id: 'a' }]);
    clock.tick();
    c.push([{ id: 'a' }]);
    expect(clock.pending).toBe(1);
  });

  it('flush delivers immediately and the pending frame then finds nothing', () => {
    const clock = frames();
    const delivered: string[][] = [];
    const c = createCoalescer<string>((x) => x, (items) => delivered.push(items), clock.schedule);
    c.push(['a', 'b']);
    expect(c.size).toBe(2);
    c.flush();
    expect(delivered).toEqual([['a', 'b']]);
    clock.tick();
    expect(delivered).toHaveLength(1);
  });
});
