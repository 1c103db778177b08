/**
 * Looks for the app's hosts (desktop and browser, through the Studio): list the styles and
 * brand kits, save one from the style editor, and render the editor's live still. Paths a
 * request names (a logo, a music folder, a preview background) must have been chosen by the
 * user: the caller passes its guard.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BrandKit } from './brand-schema.js';
import { LookLibrary, type Listed, type LibraryProblem } from './library.js';
import { renderPreview, type PreviewRequest } from './preview.js';
import { resolveFont } from '../media/captions/font-lookup.js';
import type { CaptionStyle, TitleStyle } from '../media/captions/style-schema.js';

export interface LooksList {
  captionStyles: Listed<CaptionStyle>['items'];
  titleStyles: Listed<TitleStyle>['items'];
  brands: Listed<BrandKit>['items'];
  problems: LibraryProblem[];
}

export class LooksService {
  readonly library: LookLibrary;
  private seq = 0;
  private lastPreview: string | null = null;
  /** Previews render one at a time, in the order asked (the editor debounces its requests). */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: { dataDir: string; fontsDir: string; ffmpeg: () => string; check: (p: string, field: string) => Promise<string> }) {
    this.library = new LookLibrary(o.dataDir);
  }

  async list(): Promise<LooksList> {
    const [c, t, b] = await Promise.all([this.library.captionStyles(), this.library.titleStyles(), this.library.brands()]);
    return { captionStyles: c.items, titleStyles: t.items, brands: b.items, problems: [...c.problems, ...t.problems, ...b.problems] };
  }

  async saveStyle(kind: 'caption' | 'title', style: CaptionStyle | TitleStyle): Promise<CaptionStyle | TitleStyle> {
    return this.library.saveStyle(kind === 'caption' ? 'styles' : 'titles', style, `the style editor (${style.name})`, async (s) => {
      await resolveFont(s.font.family, s.font.bold, this.o.fontsDir);
    });
  }

  async saveBrand(kit: BrandKit): Promise<BrandKit> {
    const checked: BrandKit = { ...kit };
    if (kit.logo) checked.logo = { ...kit.logo, path: await this.o.check(kit.logo.path, 'logo') };
    if (kit.musicFolder) checked.musicFolder = await this.o.check(kit.musicFolder, 'musicFolder');
    return this.library.saveBrand(checked, `the brand editor (${kit.name})`, this.o.dataDir);
  }

  /** One still of the look; returns the JPEG's path (the previous still is removed). */
  async preview(req: PreviewRequest): Promise<{ path: string; ms: number }> {
    const checked: PreviewRequest = {
      ...req,
      background: req.background.startsWith('builtin:') ? req.background : await this.o.check(req.background, 'background'),
      logo: req.logo ? { ...req.logo, path: await this.o.check(req.logo.path, 'logo') } : null,
    };
    const job = this.chain.then(async () => {
      const dir = path.join(this.o.dataDir, 'previews');
      await mkdir(dir, { recursive: true });
      // A new name per still, so a browser never shows a cached older one.
      const outJpg = path.join(dir, `look-${process.pid}-${++this.seq}.jpg`);
      const { ms } = await renderPreview(checked, { ffmpeg: this.o.ffmpeg(), fontsDir: this.o.fontsDir, assPath: path.join(dir, `look-${process.pid}.ass`), outJpg });
      const previous = this.lastPreview;
      this.lastPreview = outJpg;
      if (previous) await rm(previous, { force: true });
      return { path: outJpg, ms };
    });
    this.chain = job.catch(() => undefined);
    return job;
  }
}
