import { describe, expect, it } from 'vitest';
import { readCsvRecords } from './csv-records.js';
import { parseCsv } from './parse-csv.js';

describe('readCsvRecords (RFC 4180)', () => {
  it('reads quoted commas, doubled quotes and line breaks inside quotes, with start lines', () => {
    const text = 'a,b\r\n"x, y","say ""hi"""\r\n"multi\r\nline",z\r\nlast,row';
    const { records, unterminatedQuoteLine } = readCsvRecords(text);
    expect(unterminatedQuoteLine).toBeNull();
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', 'z'] },
      { line: 5, fields: ['last', 'row'] },
    ]);
  });

  it('skips blank lines, keeps empty fields, strips a BOM and reports an unclosed quote', () => {
    const { records, unterminatedQuoteLine } = readCsvRecords('\uFEFFa,,c\n\n,\n"open,x\nmore');
    expect(records).toEqual([{ line: 1, fields: ['a', '', 'c'] }, { line: 3, fields: ['', ''] }]);
    expect(unterminatedQuoteLine).toBe(4);
  });
});

describe('parseCsv', () => {
  it('maps headers in any order and case, resolves clip paths next to the file', () => {
    const text = 'Duration,TOPIC,preset,Background,genre\n30,"Why cats purr, really",tiktok,clips/cat.mp4,science\n';
    const r = parseCsv(text, 'topics.csv', '/data/in');
    expect(r.errors).toEqual([]);
    expect(r.jobs).toEqual([{
      spec: { duration: 30, topic: 'Why cats purr, really', preset: 'tiktok', background: '/data/in/clips/cat.mp4', genre: 'science' },
      source: 'topics.csv:line 2',
    }]);
  });

  it('fails bad rows alone, each named by its physical line', () => {
    const text = [
      'topic,duration,preset',
      'Good one,20,shorts',
      ',30,shorts', // no topic
      '"A topic with a',
      'line break",abc,reels', // starts on line 4: duration not a number
      'Bees,25,cinema', // unknown preset
      'Also good,,',
    ].join('\n');
    const r = parseCsv(text, 'x.csv', '/');
    expect(r.jobs.map((j) => j.source)).toEqual(['x.csv:line 2', 'x.csv:line 7']);
    expect(r.errors).toEqual([
      { source: 'x.csv:line 3', message: 'no topic, script or voiceover' },
      { source: 'x.csv:line 4', message: 'duration "abc" is not a number of seconds' },
      { source: 'x.csv:line 6', message: expect.stringMatching(/unknown preset "cinema": use one of shorts/) as unknown as string },
    ]);
  });

  it('reads a voice rate column as a factor or a percentage, and names a bad one', () => {
    const r = parseCsv('topic,voice rate\nFast,1.25\nSlow,80%\nOwn,\nSilly,5\nWord,fast\n', 'r.csv', '/');
    expect(r.jobs.map((j) => j.spec.voiceRate)).toEqual([1.25, 0.8, undefined]);
    expect(r.errors).toEqual([
      { source: 'r.csv:line 5', message: 'voiceRate 5 is outside 0.5–2' },
      { source: 'r.csv:line 6', message: expect.stringMatching(/voiceRate "fast" is not a number/) as unknown as string },
    ]);
  });

  it('accepts a script column instead of a topic, and a semicolon-separated export', () => {
    const r = parseCsv('script;voice\n"Cats purr; they do.";system:en-us\n', 's.csv', '/');
    expect(r.errors).toEqual([]);
    expect(r.jobs[0]?.spec).toEqual({ script: 'Cats purr; they do.', voice: 'system:en-us' });
  });

  it('rejects a header without topic/script, or with an unknown column, as one error', () => {
    expect(parseCsv('genre,duration\nx,10\n', 'a.csv', '/').errors[0]?.message).toMatch(/needs a "topic" or "script" column/);
    const typo = parseCsv('topic,durration\nx,10\n', 'b.csv', '/');
    expect(typo.jobs).toEqual([]);
    expect(typo.errors).toEqual([{ source: 'b.csv:line 1', message: expect.stringContaining('unknown column "durration"') as unknown as string }]);
  });

  it('reports a row with more cells than columns', () => {
    const r = parseCsv('topic,genre\nCats, purr,science\n', 'c.csv', '/');
    expect(r.errors[0]).toEqual({ source: 'c.csv:line 2', message: expect.stringMatching(/3 cells but the header names 2/) as unknown as string });
  });
});
