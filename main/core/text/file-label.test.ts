import { describe, expect, it } from 'vitest';
import { fileLabel } from './file-label.js';

describe('fileLabel', () => {
  it('names a file by its base name, without an upload uuid', () => {
    expect(fileLabel('/data/uploads/ca5087c0-1f2e-4d3c-9b8a-0123456789ab-topics.csv')).toBe('topics.csv');
    expect(fileLabel('/home/me/lists/topics.txt')).toBe('topics.txt');
    expect(fileLabel('/x/ca5087c0-topics.txt')).toBe('ca5087c0-topics.txt');
  });
});
