import { filterPath } from '../filter-escape.js';
import type { GraphPart } from './graph-part.js';

/** What is drawn over the picture. */
export interface Overlays {
  /** The ASS captions (and titles) burned in by libass. */
  assPath: string;
  /** The bundled fonts libass may use besides the system's. */
  fontsDir: string;
}

/** The subtitles burn-in: libass with the bundled fonts, both paths escaped for the filtergraph. */
export function assFilter(assPath: string, fontsDir: string): string {
  return `ass=filename=${filterPath(assPath)}:fontsdir=${filterPath(fontsDir)}`;
}

/** Picture `[in]` → picture with everything drawn over it `[v]`. */
export function buildOverlays(o: Overlays, inLabel: string, _firstInput: number): GraphPart {
  return { inputs: [], filter: `[${inLabel}]${assFilter(o.assPath, o.fontsDir)}[v]`, out: 'v' };
}
