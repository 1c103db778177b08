import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fontsDir } from '../fonts.js';
import { assColour, inlineColour } from './ass-document.js';
import { getCaptionStyle, getTitleStyle } from './builtin-styles.js';
import { wordsOf } from './chunk.js';
import { parseFont } from './font-metrics.js';
import type { SpokenChunk, SpokenWord } from './pages.js';
import type { CaptionStyle } from './style-schema.js';
import { fontMeasure } from './text-width.js';
import { distribute } from './timing.js';
import { buildCaptionTrack, type CaptionTrackInput } from './track.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const noto = { family: 'Noto Sans', measure: fontMeasure(parseFont(readFileSync(path.join(fontsDir(), 'NotoSans-Bold.ttf')))) };
const size = { width: 1080, height: 1920 };

/** Sentences → a voice track: words share each chunk's span by weight, chunks 150 ms apart. */
function voice(sentences: string[], msPerWord = 300): { words: SpokenWord[]; chunks: SpokenChunk[]; endMs: number } {
  const words: SpokenWord[] = [];
  const chunks: SpokenChunk[] = [];
  let t = 0;
  sentences.forEach((s, i) => {
    const ws = wordsOf(s);
    const span = { startMs: t, endMs: t + ws.length * msPerWord };
    chunks.push({ text: s, sentence: i, ...span });
    for (const w of distribute(ws, span)) words.push({ ...w, chunk: i });
    t = span.endMs + 150;
  });
  return { words, chunks, endMs: t };
}

function track(sentences: string[], style: CaptionStyle, extra: Partial<CaptionTrackInput> = {}): ReturnType<typeof buildCaptionTrack> {
  const v = voice(sentences);
  return buildCaptionTrack({
    words: v.words, chunks: v.chunks, style, font: noto, title: null, endCard: null, keywords: null, emojiDrawable: true,
    preset: 'tiktok', size, videoMs: v.endMs + 600, ...extra,
  });
}

const dialogues = (ass: string, style = 'Caption'): string[] => ass.split('\n').filter((l) => l.startsWith('Dialogue:') && l.split(',')[3] === style);
const textOf = (d: string): string => d.split(',').slice(9).join(',');
const toMs = (t: string): number => {
  const [h, m, s] = t.split(':');
  return Math.round((Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000);
};
const times = (d: string): [number, number] => [toMs(d.split(',')[1]!), toMs(d.split(',')[2]!)];
/** Override blocks libass would parse: a `{` not preceded by a backslash, up to the next `}`. */
const overrideBlocks = (text: string): string[] => [...text.matchAll(/(?<!\\)\{([^}]*)\}/g)].map((m) => m[1] ?? '');

describe('colours', () => {
  it('converts #RRGGBB + opacity to ASS', () => {
    expect(assColour('#FFE100')).toBe('&H0000E1FF');
    expect(assColour('#000000', 0.5)).toBe('&H80000000');
    expect(inlineColour('#33FF66')).toBe('&H66FF33&');
  });
});

describe('the ASS document', () => {
  const sentences = ['Why do cats purr {\\fs200} \\N so much?', 'Scientists found 25 reasons.'];

  it('declares the frame, no libass wrapping, and whole-text bidi (Encoding -1) on every style', () => {
    const { ass } = track(sentences, getCaptionStyle('bold'));
    expect(ass).toContain('PlayResX: 1080');
    expect(ass).toContain('PlayResY: 1920');
    expect(ass).toContain('WrapStyle: 2');
    const styles = ass.split('\n').filter((l) => l.startsWith('Style:'));
    expect(styles.length).toBeGreaterThan(0);
    for (const s of styles) expect(s.split(',').at(-1)).toBe('-1');
    expect(styles[0]).toContain('Caption,Noto Sans,96,&H00FFFFFF');
  });

  it('colour highlight: one event per word, exactly the spoken word marked, in order, never overlapping', () => {
    const { ass } = track(sentences, getCaptionStyle('bold'));
    const ev = dialogues(ass);
    const v = voice(sentences);
    expect(ev).toHaveLength(v.words.length);
    let prevEnd = 0;
    ev.forEach((d) => {
      const [start, end] = times(d);
      expect(start).toBeGreaterThanOrEqual(prevEnd);
      expect(end).toBeGreaterThan(start);
      prevEnd = end;
      expect(textOf(d).split('\\1c&H00E1FF&').length - 1).toBe(1);
    });
  });

  it('cannot be injected: script text adds no override tag and no line break', () => {
    const { ass } = track(sentences, getCaptionStyle('bold'));
    const withBraces = dialogues(ass).filter((d) => d.includes('fs200'));
    expect(withBraces.length).toBeGreaterThan(0);
    for (const d of withBraces) {
      expect(overrideBlocks(textOf(d)).join('')).not.toContain('fs200');
      expect(textOf(d)).not.toMatch(/(?<!\\)\\N/);
    }
  });

  it('scale pop enlarges the spoken word; box mode puts a box behind it; none is one event per page', () => {
    const pop = track(sentences, getCaptionStyle('pop')).ass;
    expect(pop).toContain('\\t(0,90,\\fscx112\\fscy112)');
    expect(pop).toContain('WHY');
    const box = track(sentences, getCaptionStyle('word-box')).ass;
    expect(box.split('\n').find((l) => l.startsWith('Style: Spoken,'))!.split(',')[15]).toBe('3');
    for (const d of dialogues(box)) expect(textOf(d).match(/\\rSpoken/g)).toHaveLength(1);
    const none = track(sentences, getCaptionStyle('lower-third'));
    expect(dialogues(none.ass)).toHaveLength(none.pages.length);
    expect(none.ass).not.toMatch(/\\1c&H00E1FF&/);
  });

  it('an entrance plays once per page, on its first event', () => {
    const popped = track(sentences, { ...getCaptionStyle('bold'), entrance: 'pop' });
    const ev = dialogues(popped.ass);
    expect(ev.filter((d) => d.includes('\\t(0,120,'))).toHaveLength(popped.pages.length);
    const faded = track(sentences, { ...getCaptionStyle('bold'), entrance: 'fade' });
    expect(dialogues(faded.ass).filter((d) => d.includes('\\fad('))).toHaveLength(faded.pages.length);
    expect(dialogues(faded.ass)[1]).not.toContain('\\fad(');
  });

  it('words per caption and lines follow the style', () => {
    const one = track(sentences, getCaptionStyle('one-word'));
    expect(one.pages.every((p) => p.words.length === 1)).toBe(true);
    const boxed = track(sentences, getCaptionStyle('boxed'));
    expect(boxed.pages.every((p) => p.lines.length <= 2)).toBe(true);
    expect(boxed.ass.split('\n').find((l) => l.startsWith('Style: Caption,'))!.split(',')[15]).toBe('4'); // one box per event
  });

  it('emphasis colours key words and numbers; emoji sit above their caption', () => {
    const { ass, pages } = track(sentences, getCaptionStyle('karaoke-emoji'));
    const green = inlineColour('#33FF66');
    const scientists = dialogues(ass).find((d) => textOf(d).includes('FOUND') && !textOf(d).includes(`${green}25`));
    expect(scientists).toBeDefined();
    expect(dialogues(ass).some((d) => textOf(d).includes(`{\\1c${green}}25`))).toBe(true);
    const emoji = dialogues(ass, 'Emoji');
    expect(emoji.length).toBeGreaterThan(0);
    expect(emoji.length).toBeLessThanOrEqual(pages.length);
    const captionY = Number(/\\pos\(\d+,(\d+)\)/.exec(textOf(dialogues(ass)[0]!))![1]);
    for (const e of emoji) expect(Number(/\\pos\(\d+,(\d+)\)/.exec(textOf(e))![1])).toBeLessThan(captionY - 96);
    const noFont = track(sentences, getCaptionStyle('karaoke-emoji'), { emojiDrawable: false });
    expect(dialogues(noFont.ass, 'Emoji')).toHaveLength(0);
  });

  it('an LLM\'s keywords and emoji replace the offline picks; without them the offline rules hold', () => {
    const lines = ['Sunlight holds every colour of the rainbow.', 'Air molecules scatter short blue waves.'];
    const green = inlineColour('#33FF66');
    const emphasised = (ass: string, word: string): boolean => dialogues(ass).some((d) => textOf(d).includes(`{\\1c${green}}${word}`));
    const emojiOf = (ass: string): string[] => dialogues(ass, 'Emoji').map((d) => textOf(d).replace(/\{[^}]*\}/g, ''));

    const offline = track(lines, getCaptionStyle('karaoke-emoji')).ass;
    expect(emphasised(offline, 'SUNLIGHT')).toBe(true); // a caption's longest content word
    expect(emphasised(offline, 'SCATTER')).toBe(false);
    expect(emojiOf(offline)).toEqual(['\u{1F30A}']); // the table's, for "waves"

    const marked = track(lines, getCaptionStyle('karaoke-emoji'), { keywords: ['scatter'], markedEmoji: [{ word: 'Sunlight', emoji: '\u2600' }] }).ass;
    expect(emphasised(marked, 'SCATTER')).toBe(true);
    expect(emphasised(marked, 'SUNLIGHT')).toBe(false);
    expect(emojiOf(marked)).toEqual(['\u2600']);
  });

  it('the hook title shows over the first seconds, off the captions; the end card over the last second', () => {
    const title = { text: 'Most people get this completely wrong', style: getTitleStyle('headline'), font: noto };
    const endCard = { text: 'Follow for more', handle: '@reelforge', style: getTitleStyle('headline'), font: noto };
    const v = voice(sentences);
    const { ass } = track(sentences, getCaptionStyle('one-word'), { title, endCard });
    const [t] = dialogues(ass, 'Title');
    expect(times(t!)).toEqual([0, 2500]);
    expect(textOf(t!)).toContain('MOST PEOPLE');
    const titleY = Number(/\\pos\(\d+,(\d+)\)/.exec(textOf(t!))![1]);
    expect(titleY).toBeLessThan(1920 / 2 - 200); // above the middle-of-frame captions
    const [card] = dialogues(ass, 'EndCard');
    expect(times(card!)).toEqual([v.endMs + 600 - 1000, v.endMs + 600]);
    expect(textOf(card!)).toMatch(/^\{[^}]*\}FOLLOW(\\N| )FOR MORE\\N@REELFORGE$/);
  });

  it('a word too long for the safe width is drawn smaller, never wider than the zone', () => {
    const { ass } = track(['Pneumonoultramicroscopicsilicovolcanoconiosis explained'], getCaptionStyle('pop'));
    const fs = /\\fs(\d+)/.exec(ass);
    expect(fs).not.toBeNull();
    const size = Number(fs![1]);
    expect(size).toBeLessThan(100);
    const width = noto.measure.width('PNEUMONOULTRAMICROSCOPICSILICOVOLCANOCONIOSIS') * size * 1.12;
    expect(width).toBeLessThanOrEqual(1080 * 0.72);
  });

  it('the SRT is plain text: no tags, no forced case, no emoji', () => {
    const { srt } = track(['Why do cats purr so much?', 'Scientists found 25 reasons.'], getCaptionStyle('karaoke-emoji'));
    expect(srt).not.toMatch(/\\1c|\\an|\{\\/);
    expect(srt).toContain('Why do cats');
    expect(srt).not.toMatch(/\p{Extended_Pictographic}/u);
    expect(srt.split('\n')[1]).toMatch(/^\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}$/);
  });
});

describe('golden files (UPDATE_GOLDEN=1 rewrites them)', () => {
  const golden = (name: string, actual: string): void => {
    const file = path.join(here, 'golden', name);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  };

  it('CJK: lines break without spaces, never before a closing mark', () => {
    const style = { ...getCaptionStyle('boxed'), layout: { charsPerLine: 12, lines: 2 } };
    const v = voice(['为什么猫会发出呼噜声？', '科学家发现了二十五个原因。'], 150);
    // Characters are the voice's words in unspaced scripts.
    const words = v.chunks.flatMap((c, i) => distribute(Array.from(c.text), c).map((w) => ({ ...w, chunk: i })));
    const t = buildCaptionTrack({ words, chunks: v.chunks, style, font: noto, title: null, endCard: null, keywords: null, emojiDrawable: false, preset: 'shorts', size, videoMs: v.endMs });
    for (const p of t.pages) for (const line of p.lines) expect(line[0]!.text).not.toMatch(/^[？。，]/);
    golden('cjk.ass', t.ass);
    golden('cjk.srt', t.srt);
  });

  it('RTL: the karaoke keeps the spoken word order (logical order, bidi left to libass)', () => {
    const t = track(['لماذا تخرخر القطط كثيرا؟', 'שלום עולם יפה'], getCaptionStyle('bold'));
    const first = dialogues(t.ass)[0]!;
    // The first spoken word is marked first and stays first in the text: no reversal by us.
    expect(textOf(first)).toMatch(/^\{[^}]*\}\{\\1c&H00E1FF&\}لماذا\{/);
    golden('rtl.ass', t.ass);
  });
});
