import { describe, expect, it } from 'vitest';
import { batch, job } from '../../store/testData';
import type { JobView } from '../../types/contract';
import { clearableCount, countFilters, filterJobs, filterOf, pauseNote, retryLabel, statusLabel } from './jobRules';

function table(jobs: JobView[]): { ids: string[]; byId: Record<string, JobView> } {
  return { ids: jobs.map((j) => j.id), byId: Object.fromEntries(jobs.map((j) => [j.id, j])) };
}

describe('queue filters at volume', () => {
  const jobs = [
    job({ id: 'q', title: 'Why cats purr', status: 'queued' }),
    job({ id: 'w', title: 'Honey never spoils', status: 'running', waiting: true }),
    job({ id: 'r', title: 'How bees find home', status: 'running' }),
    job({ id: 'f', title: 'Deep sea glow', status: 'failed' }),
    job({ id: 'c', title: 'Cats and boxes', status: 'cancelled' }),
    job({ id: 'd', title: 'Octopus hearts', status: 'done' }),
    job({ id: 'p', title: 'Paused one', status: 'paused' }),
  ];
  const { ids, byId } = table(jobs);

  it('puts every job under one filter: waiting includes jobs held for a worker, failed includes cancelled', () => {
    expect(jobs.map((j) => [j.id, filterOf(j)])).toEqual([['q', 'waiting'], ['w', 'waiting'], ['r', 'running'], ['f', 'failed'], ['c', 'failed'], ['d', 'done'], ['p', 'waiting']]);
    expect(countFilters(ids, byId)).toEqual({ all: 7, waiting: 3, running: 1, failed: 2, done: 1 });
  });

  it('filters and searches (words in any order, any case), keeping list order', () => {
    expect(filterJobs(ids, byId, 'all', '')).toBe(ids);
    expect(filterJobs(ids, byId, 'failed', '')).toEqual(['f', 'c']);
    expect(filterJobs(ids, byId, 'all', 'CATS')).toEqual(['q', 'c']);
    expect(filterJobs(ids, byId, 'waiting', 'purr why')).toEqual(['q']);
    expect(filterJobs(ids, byId, 'done', 'cats')).toEqual([]);
  });

  it('a 1,000-job queue filters in one pass', () => {
    const many = table(Array.from({ length: 1000 }, (_, i) => job({ id: `j${i}`, title: `Topic ${i}`, status: i % 10 === 0 ? 'done' : 'queued' })));
    expect(filterJobs(many.ids, many.byId, 'done', '')).toHaveLength(100);
    expect(filterJobs(many.ids, many.byId, 'all', 'topic 999')).toEqual(['j999']);
    expect(filterJobs(many.ids, many.byId, 'all', '99')).toHaveLength(19);
    expect(clearableCount(many.ids, many.byId)).toBe(100);
  });

  it('rows say "waiting" until a worker is on them, and Retry says what it brings back', () => {
    expect(statusLabel({ status: 'queued', waiting: false })).toBe('waiting');
    expect(statusLabel({ status: 'running', waiting: true })).toBe('waiting for a worker');
    expect(statusLabel({ status: 'running', waiting: false })).toBe('running');
    const counts = { queued: 0, running: 0, done: 4, failed: 0, cancelled: 996, interrupted: 0, paused: 0 };
    expect(retryLabel(counts)).toBe('Retry 996 cancelled');
    expect(retryLabel({ ...counts, failed: 3 })).toBe('Retry 3 failed and 996 cancelled');
    expect(retryLabel({ ...counts, cancelled: 0 })).toBe('Retry failed');
  });

  it('a paused batch says its running videos will finish', () => {
    expect(pauseNote(batch({ id: 'b', status: 'running' }))).toBeNull();
    expect(pauseNote(batch({ id: 'b', status: 'paused', counts: { ...batch({ id: 'b' }).counts, running: 2 } }))).toBe('Paused: 2 videos already rendering will finish; nothing new starts.');
    expect(pauseNote(batch({ id: 'b', status: 'paused' }))).toBe('Paused: nothing new starts until you resume.');
  });
});
