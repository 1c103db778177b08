import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, PRESETS } from '../presets.js';
import { blockSpan, fitFontSize, maxLineWidth, placeBlock, textGeometry } from './layout.js';
import { safeRect, SAFE_INSETS } from './safe-zones.js';
import { getCaptionStyle } from './builtin-styles.js';

describe('safe zones', () => {
  it('keep the right-hand buttons and the bottom caption of TikTok, Shorts and Reels clear', () => {
    for (const p of ['tiktok', 'shorts', 'reels'] as const) {
      const r = safeRect(p, { width: 1080, height: 1920 });
      expect(r.x1).toBeLessThanOrEqual(1080 * 0.86 + 1);
      expect(r.y1).toBeLessThanOrEqual(1920 * 0.81 + 1);
      expect(r.x0 + r.x1).toBe(1080); // centred text stays centred
    }
    expect(SAFE_INSETS.landscape.right).toBeLessThan(SAFE_INSETS.tiktok.right);
  });
});

describe('placeBlock', () => {
  const positions = ['top', 'middle', 'bottom', { heightPercent: 0 }, { heightPercent: 50 }, { heightPercent: 100 }] as const;
  it('puts every block inside the safe rectangle, for every preset and position', () => {
    for (const preset of PRESET_NAMES) {
      const size = { width: PRESETS[preset].width / 4, height: PRESETS[preset].height / 4 };
      const rect = safeRect(preset, size);
      for (const position of positions) {
        const block = { textHeight: size.height * 0.12, above: size.height * 0.05, deco: 3, shadow: 2 };
        const at = placeBlock(position, rect, size, block);
        const span = blockSpan(at, block);
        expect(span.top).toBeGreaterThanOrEqual(rect.y0 - 0.5);
        expect(span.bottom).toBeLessThanOrEqual(rect.y1 + 0.5);
        expect(at.x).toBe(Math.round((rect.x0 + rect.x1) / 2));
      }
    }
  });

  it('orders top above middle above bottom and anchors by the text edge', () => {
    const size = { width: 1080, height: 1920 };
    const rect = safeRect('shorts', size);
    const block = { textHeight: 100, above: 0, deco: 0, shadow: 0 };
    const [top, mid, bottom] = (['top', 'middle', 'bottom'] as const).map((p) => placeBlock(p, rect, size, block));
    expect(top!.an).toBe(8);
    expect(mid!.an).toBe(5);
    expect(bottom!.an).toBe(2);
    expect(top!.y).toBeLessThan(mid!.y);
    expect(mid!.y).toBeLessThan(bottom!.y);
    expect(bottom!.y).toBe(Math.round(1920 * 0.72));
  });
});

describe('fitFontSize', () => {
  const g = textGeometry(getCaptionStyle('bold'), { width: 1080, height: 1920 });
  it('keeps the style size when the line fits and shrinks a long word to the width', () => {
    const maxW = maxLineWidth(safeRect('tiktok', { width: 1080, height: 1920 }), g);
    expect(fitFontSize([3], g, maxW, 1000)).toBe(g.fontSize);
    const shrunk = fitFontSize([20], g, maxW, 1000);
    expect(shrunk).toBeLessThan(g.fontSize);
    expect(shrunk * 20).toBeLessThanOrEqual(maxW);
    expect(fitFontSize([1, 1, 1], g, maxW, 120)).toBe(40);
  });

  it('scales sizes, outline and shadow with the frame', () => {
    const small = textGeometry(getCaptionStyle('bold'), { width: 270, height: 480 });
    expect(small.fontSize).toBe(Math.round(g.fontSize / 4));
    expect(small.outline).toBeCloseTo(g.outline / 4, 1);
    const boxed = textGeometry(getCaptionStyle('boxed'), { width: 1080, height: 1920 });
    expect(boxed.outline).toBe(0);
    expect(boxed.boxPad).toBeGreaterThan(0);
  });
});
