import { describe, expect, it } from 'vitest';
import type { CaptionStyle } from '../../types/contract';
import { brandFromForm, emptyBrandForm, formFromBrand } from './brandForm';
import { editableCopy, nameProblem, patch, plain, previewRequest, withLayoutMode, withPosition } from './styleForm';

const bold: CaptionStyle = {
  version: 1, name: 'bold', description: 'd', font: { family: 'Noto Sans', bold: true, sizePercent: 5 }, fill: '#FFFFFF',
  stroke: { width: 9, colour: '#000000' }, shadow: { depth: 4, colour: '#000000', opacity: 0.5 }, box: null, case: 'as-written',
  layout: { wordsPerCaption: 3 }, position: 'bottom', highlight: { mode: 'colour', colour: '#FFE100', scalePercent: 100, textOnBox: '#000000' },
  entrance: 'none', emphasis: { enabled: false, colour: '#FFE100' }, emoji: false,
};

describe('style editor form', () => {
  it('edits nested fields immutably and switches layout and position kinds', () => {
    const s = patch(bold, 'highlight', { mode: 'box' });
    expect(s.highlight).toEqual({ ...bold.highlight, mode: 'box' });
    expect(bold.highlight.mode).toBe('colour');
    expect(withLayoutMode(bold, 'lines').layout).toEqual({ charsPerLine: 24, lines: 2 });
    expect(withLayoutMode(bold, 'words')).toBe(bold);
    expect(withPosition(bold, 'height', 40).position).toEqual({ heightPercent: 40 });
  });

  it('never saves over a built-in by accident', () => {
    expect(editableCopy(bold, ['bold']).name).toBe('bold-mine');
    expect(nameProblem('bold', ['bold'])).toMatch(/built-in/);
    expect(nameProblem('My Style', [])).toMatch(/lower-case/);
    expect(nameProblem('my-style', ['bold'])).toBeNull();
    expect(plain({ ...bold, builtin: true })).toEqual(bold);
  });

  it('asks for a still with sample text even when the box is empty', () => {
    const req = previewRequest(bold, { preset: 'tiktok', text: '  ', atSec: -1, title: null, titleText: '', width: 300 });
    expect(req).toMatchObject({ preset: 'tiktok', atSec: 0, title: null, background: 'builtin:aurora', width: 300 });
    expect(req.text.length).toBeGreaterThan(0);
  });
});

describe('brand editor form', () => {
  it('keeps only what the creator set, and round-trips', () => {
    expect(brandFromForm({ ...emptyBrandForm, name: 'acme' })).toEqual({ version: 1, name: 'acme', captionStyle: 'bold', titleStyle: 'headline' });
    const full = brandFromForm({ ...emptyBrandForm, name: 'acme', hookTitle: 'off', logoPath: '/d/logo.png', endHandle: '@acme', preset: 'reels' });
    expect(full).toMatchObject({ hookTitle: false, logo: { path: '/d/logo.png', corner: 'top-left' }, endCard: { text: '', handle: '@acme' }, preset: 'reels' });
    expect(brandFromForm(formFromBrand(full))).toEqual(full);
  });
});
