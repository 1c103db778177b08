import { describe, expect, it } from 'vitest';
import { folderSummary, parentOf, progressFraction, progressText } from './footageRules';

describe('footage rules', () => {
  it('describes indexing progress', () => {
    expect(progressText({ phase: 'indexing', done: 2, total: 12, current: '/m/dog.mp4', broken: 1 })).toBe('Indexing 3 of 12 · dog.mp4 · 1 broken');
    expect(progressText({ phase: 'scanning', done: 240, total: 0, current: 'C:\\Footage', broken: 0 })).toBe('Scanning Footage (240 files)…');
    expect(progressFraction({ phase: 'indexing', done: 3, total: 12, current: null, broken: 0 })).toBe(0.25);
    expect(progressFraction(null)).toBe(0);
  });

  it('summarises a folder', () => {
    const item = (kind: 'clip' | 'still', folder = '/f') => ({ path: '', name: '', folder, kind, durationSec: 1, width: 1, height: 1, note: null, tags: [], scenes: [] });
    expect(folderSummary({ path: '/f', files: 4, ready: 3, pending: 0, broken: 1, scannedAt: 1 }, [item('clip'), item('clip'), item('still'), item('clip', '/g')])).toBe('2 clips, 1 still · 1 broken');
    expect(folderSummary({ path: '/f', files: 1, ready: 1, pending: 0, broken: 0, scannedAt: 1 }, [item('clip')])).toBe('1 clip');
  });

  it('finds the folder an uploaded file landed in', () => {
    expect(parentOf('/data/uploads/a.mp4')).toBe('/data/uploads');
    expect(parentOf('C:\\data\\uploads\\a.mp4')).toBe('C:\\data\\uploads');
  });
});
