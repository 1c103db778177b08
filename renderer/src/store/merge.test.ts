import { describe, expect, it } from 'vitest';
import { batchesInOrder, countByStatus, emptyJobTable, mergeBatches, mergeJobs, removeJobs, tableFromSnapshot } from './merge';
import { batch, job } from './testData';

describe('mergeJobs', () => {
  it('lists the newest batch first and each batch in file order, whatever the ids', () => {
    const older = [2, 0, 1].map((seq) => job({ id: `z${seq}`, batchId: 'b1', seq, createdAt: 1 }));
    const t1 = mergeJobs(emptyJobTable, older);
    expect(t1.order).toEqual(['z0', 'z1', 'z2']);
    // A new batch goes on top (prepended: the common case), in its own file order.
    const t2 = mergeJobs(t1, [job({ id: 'a9', batchId: 'b2', seq: 1, createdAt: 2 }), job({ id: 'q1', batchId: 'b2', seq: 0, createdAt: 2 })]);
    expect(t2.order).toEqual(['q1', 'a9', 'z0', 'z1', 'z2']);
  });

  it('sorts when a job arrives out of place (a late snapshot row)', () => {
    const t1 = mergeJobs(emptyJobTable, [job({ id: 'c', createdAt: 9 }), job({ id: 'a', createdAt: 1 })]);
    const t2 = mergeJobs(t1, [job({ id: 'b', createdAt: 5 }), job({ id: 'old', createdAt: 0 })]);
    expect(t2.order).toEqual(['c', 'b', 'a', 'old']);
  });

  it('removes jobs that left the list, and keeps the table when none were held', () => {
    const t = mergeJobs(emptyJobTable, [job({ id: 'a', seq: 0 }), job({ id: 'b', seq: 1 }), job({ id: 'c', seq: 2 })]);
    const r = removeJobs(t, ['b', 'nope']);
    expect(r.order).toEqual(['a', 'c']);
    expect(r.byId.b).toBeUndefined();
    expect(removeJobs(r, ['nope'])).toBe(r);
  });

  it('updates in place and keeps the identity of untouched jobs (rows do not re-render)', () => {
    const a = job({ id: 'a' });
    const b = job({ id: 'b', createdAt: 2 });
    const t1 = mergeJobs(emptyJobTable, [a, b]);
    const t2 = mergeJobs(t1, [job({ id: 'b', createdAt: 2, progress: 0.5, updatedAt: 2000 })]);
    expect(t2.byId.a).toBe(a);
    expect(t2.byId.b!.progress).toBe(0.5);
    expect(t2.order).toBe(t1.order);
  });

  it('ignores updates older than what it holds, and returns the same table when nothing changed', () => {
    const t1 = mergeJobs(emptyJobTable, [job({ id: 'a', status: 'running', updatedAt: 5000 })]);
    const t2 = mergeJobs(t1, [job({ id: 'a', status: 'queued', updatedAt: 4000 })]);
    expect(t2).toBe(t1);
    expect(mergeJobs(t1, [])).toBe(t1);
    expect(mergeJobs(t1, [t1.byId.a!])).toBe(t1);
  });

  it('the last of several updates to one job in a batch wins', () => {
    const t = mergeJobs(emptyJobTable, [job({ id: 'a', progress: 0.1, updatedAt: 1 }), job({ id: 'a', progress: 0.2, updatedAt: 2 })]);
    expect(t.order).toEqual(['a']);
    expect(t.byId.a!.progress).toBe(0.2);
  });

  it('handles a thousand jobs', () => {
    const many = Array.from({ length: 1000 }, (_, i) => job({ id: `j${i}`, seq: i }));
    const t = mergeJobs(emptyJobTable, many);
    expect(t.order).toHaveLength(1000);
    expect(t.order[999]).toBe('j999');
  });
});

describe('tableFromSnapshot', () => {
  it('replaces the table but keeps a newer version received by event', () => {
    const held = mergeJobs(emptyJobTable, [job({ id: 'a', status: 'done', updatedAt: 9000 }), job({ id: 'gone', createdAt: 0 })]);
    const t = tableFromSnapshot(held, [job({ id: 'a', status: 'running', updatedAt: 8000 }), job({ id: 'b', createdAt: 2000 })]);
    expect(t.order).toEqual(['b', 'a']);
    expect(t.byId.a!.status).toBe('done');
    expect(t.byId.gone).toBeUndefined();
  });
});

describe('batches', () => {
  it('merges by id and lists the newest first', () => {
    const m = mergeBatches({}, [batch({ id: 'new', createdAt: 2 }), batch({ id: 'old', createdAt: 1 })]);
    const m2 = mergeBatches(m, [batch({ id: 'new', createdAt: 2, status: 'running' })]);
    expect(batchesInOrder(m2).map((b) => [b.id, b.status])).toEqual([
      ['new', 'running'],
      ['old', 'queued'],
    ]);
    expect(mergeBatches(m2, [])).toBe(m2);
  });
});

describe('countByStatus', () => {
  it('counts every status', () => {
    const t = mergeJobs(emptyJobTable, [job({ id: 'a', status: 'done' }), job({ id: 'b', status: 'done' }), job({ id: 'c', status: 'failed' })]);
    expect(countByStatus(t)).toMatchObject({ done: 2, failed: 1, queued: 0 });
  });
});
