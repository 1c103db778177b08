import { describe, expect, it } from 'vitest';
import { seededFraction } from '../pipeline/segment.js';
import { assignShots, MIN_SPEED, scenesOf } from './assign.js';
import { planSlots } from './slots.js';
import type { Candidate, TimedChunk, TimedSentence } from './types.js';

const FRAME = 1 / 30;
const EPS = 1e-6;

/** A tiny seeded generator for property runs. */
function rng(seed: number): () => number {
  let n = seed;
  return () => seededFraction(n++);
}

function narration(r: () => number): { sentences: TimedSentence[]; chunks: TimedChunk[]; totalSec: number } {
  const sentences: TimedSentence[] = [];
  const chunks: TimedChunk[] = [];
  let t = 0;
  const count = 1 + Math.floor(r() * 14);
  for (let s = 0; s < count; s++) {
    const start = t;
    const parts = 1 + Math.floor(r() * 7);
    for (let c = 0; c < parts; c++) {
      const d = 0.25 + r() * 2.2;
      chunks.push({ sentence: s, text: `s${s}c${c}`, startSec: t, endSec: t + d });
      t += d + 0.12;
    }
    sentences.push({ index: s, text: `sentence ${s}`, startSec: start, endSec: t - 0.12 });
  }
  return { sentences, chunks, totalSec: Math.round((t - 0.12 + 0.6) * 1000) / 1000 };
}

function clip(id: string, score: number, durationSec: number, scenes: [number, number][] = [], tier = 0): Candidate {
  return {
    id, source: 'library', kind: 'clip', tier, score, reason: id, durationSec,
    scenes: scenes.map(([startSec, endSec]) => ({ startSec, endSec })), path: `/footage/${id}.mp4`, label: id, thumbnail: null, credit: null,
  };
}

const builtin: Candidate = {
  id: 'builtin:aurora', source: 'builtin', kind: 'builtin', tier: 9, score: 0, reason: 'no match', durationSec: 0, scenes: [], path: null, label: 'aurora', thumbnail: null, credit: null,
};

function candidatesFor(r: () => number, slots: number, pool: Candidate[]): Candidate[][] {
  return Array.from({ length: slots }, () => [...pool.filter(() => r() < 0.6).map((c) => ({ ...c, score: Math.round(r() * 100) / 100 })), builtin]);
}

describe('planSlots', () => {
  it('covers the voice exactly, with no gaps or overlaps and every shot 1.2–6 s (200 random narrations)', () => {
    for (let run = 0; run < 200; run++) {
      const r = rng(run * 7919 + 1);
      const { sentences, chunks, totalSec } = narration(r);
      const slots = planSlots(sentences, chunks, totalSec);
      expect(slots[0]?.startSec).toBe(0);
      expect(slots.at(-1)?.endSec).toBe(totalSec);
      for (const [i, s] of slots.entries()) {
        expect(s.index).toBe(i);
        if (i > 0) expect(s.startSec).toBe(slots[i - 1]?.endSec);
        const len = s.endSec - s.startSec;
        if (totalSec >= 1.2) {
          expect(len).toBeGreaterThanOrEqual(1.2 - FRAME - EPS);
          expect(len).toBeLessThanOrEqual(6 + FRAME + EPS);
        }
        // Cuts fall on frames (the end is the voice's own length).
        if (i > 0) expect(Math.abs(s.startSec * 30 - Math.round(s.startSec * 30))).toBeLessThan(1e-6);
      }
      // Every sentence is illustrated by at least one slot.
      const covered = new Set(slots.flatMap((s) => s.sentences));
      for (const s of sentences) expect(covered.has(s.index)).toBe(true);
    }
  });

  it('cuts between sentences, merges a short one, splits a long one at a pause between chunks', () => {
    const sentences: TimedSentence[] = [
      { index: 0, text: 'A dog runs.', startSec: 0, endSec: 2 },
      { index: 1, text: 'Wow.', startSec: 2.2, endSec: 2.6 },
      { index: 2, text: 'The ocean at sunset, waves rolling in, gulls overhead, forever.', startSec: 2.8, endSec: 12 },
    ];
    const chunks: TimedChunk[] = [
      { sentence: 0, text: 'A dog runs.', startSec: 0, endSec: 2 },
      { sentence: 1, text: 'Wow.', startSec: 2.2, endSec: 2.6 },
      { sentence: 2, text: 'The ocean at sunset,', startSec: 2.8, endSec: 5 },
      { sentence: 2, text: 'waves rolling in,', startSec: 5.2, endSec: 7.3 },
      { sentence: 2, text: 'gulls overhead, forever.', startSec: 7.5, endSec: 12 },
    ];
    const slots = planSlots(sentences, chunks, 12.6);
    expect(slots.map((s) => [s.startSec, s.endSec])).toEqual([[0, 2.7], [2.7, 7.4], [7.4, 12.6]]);
    // "Wow." is too short for a shot of its own: it shares its shorter neighbour's picture.
    expect(slots[0]?.sentences).toEqual([0, 1]);
    expect(slots[0]?.text).toBe('A dog runs. Wow.');
    expect(slots[1]?.text).toBe('The ocean at sunset, waves rolling in,');
    expect(slots[2]?.text).toBe('gulls overhead, forever.');
    expect(slots[2]?.sentenceText).toContain('The ocean at sunset');
  });

  it('refuses limits that cannot tile every length', () => {
    expect(() => planSlots([], [], 10, { minSec: 4, maxSec: 6 })).toThrow(/twice/);
  });
});

describe('assignShots', () => {
  const pool = [
    clip('dog', 0, 20, [[0, 4], [4, 12], [12, 20]]),
    clip('beach', 0, 8),
    clip('short', 0, 1.5),
    clip('city', 0, 30, [[0, 1], [1, 30]]),
    { ...clip('still', 0, 0), kind: 'still' as const },
    { ...clip('stock', 0, 15), source: 'stock' as const, tier: 1 },
  ];

  it('never reuses a picture while an unused match remains, stays inside one scene, and is deterministic', () => {
    for (let run = 0; run < 200; run++) {
      const r = rng(run * 104729 + 3);
      const { sentences, chunks, totalSec } = narration(r);
      const slots = planSlots(sentences, chunks, totalSec);
      const cands = candidatesFor(r, slots.length, pool);
      const shots = assignShots(slots, cands, { seed: run });
      expect(assignShots(slots, cands, { seed: run })).toEqual(shots);

      const used = new Set<string>();
      for (const [i, shot] of shots.entries()) {
        expect(shot.startSec).toBe(slots[i]?.startSec);
        expect(shot.durationSec).toBeCloseTo((slots[i]?.endSec ?? 0) - (slots[i]?.startSec ?? 0), 5);
        const offered = cands[i] ?? [];
        if (used.has(shot.candidateId) || shot.kind === 'builtin') {
          // A repeat or the fallback look only when every footage candidate of this slot was already on screen.
          for (const c of offered) if (c.kind !== 'builtin' && c.id !== shot.candidateId) expect(used.has(c.id)).toBe(true);
        }
        used.add(shot.candidateId);
        const c = offered.find((x) => x.id === shot.candidateId);
        expect(c).toBeDefined();
        if (shot.kind === 'clip' && c && !shot.loop) {
          const played = shot.durationSec * shot.speed;
          const inside = scenesOf(c).some((s) => shot.inSec >= s.startSec - EPS && (shot.inSec + played <= s.endSec + 1e-3 || Math.abs(shot.speed - MIN_SPEED) < 1e-9));
          if (!inside) throw new Error(`run ${run} shot ${i}: ${JSON.stringify(shot)} scenes ${JSON.stringify(scenesOf(c))}`);
          expect(shot.speed).toBeGreaterThanOrEqual(MIN_SPEED);
        }
      }
    }
  });

  it('prefers tier, then score; a short one-scene clip loops; stills alternate push-in and pull-out', () => {
    const slots = planSlots(
      [0, 1, 2, 3].map((i) => ({ index: i, text: `s${i}`, startSec: i * 4, endSec: i * 4 + 3.8 })),
      [0, 1, 2, 3].map((i) => ({ sentence: i, text: `s${i}`, startSec: i * 4, endSec: i * 4 + 3.8 })),
      16.4,
    );
    const still = (id: string): Candidate => ({ ...clip(id, 0.5, 0), kind: 'still' });
    const shots = assignShots(slots, [
      [clip('low', 0.2, 10), clip('high', 0.9, 10), { ...clip('stock', 1, 10), tier: 1 }, builtin],
      [clip('tiny', 0.9, 1), builtin],
      [still('a'), builtin],
      [still('b'), builtin],
    ], { seed: 1 });
    expect(shots.map((s) => s.candidateId)).toEqual(['high', 'tiny', 'a', 'b']);
    expect(shots[1]).toMatchObject({ loop: true, inSec: 0 });
    expect(shots.slice(2).map((s) => s.treatment)).toEqual(['push-in', 'pull-out']);
    // The same candidates under another seed may start elsewhere in the clip, but the choice holds.
    expect(assignShots(slots, [[clip('x', 1, 60)], [builtin], [builtin], [builtin]], { seed: 2 })[0]?.candidateId).toBe('x');
  });

  it('falls back to the built-in look when nothing matches, and to an unseen scene before repeating', () => {
    const slots = planSlots(
      [0, 1, 2].map((i) => ({ index: i, text: `s${i}`, startSec: i * 3, endSec: i * 3 + 2.8 })),
      [], 9.6,
    );
    const two = clip('two', 0.8, 10, [[0, 5], [5, 10]]);
    const shots = assignShots(slots, [[two, builtin], [two, builtin], [two, builtin]], { seed: 4 });
    expect(shots.map((s) => s.candidateId)).toEqual(['two', 'two', 'builtin:aurora']);
    const [a, b] = shots;
    // Different scenes of the same clip.
    expect((a?.inSec ?? 0) < 5).not.toBe((b?.inSec ?? 0) < 5);
    expect(shots[2]).toMatchObject({ kind: 'builtin', builtin: 'aurora', path: null });
  });
});
