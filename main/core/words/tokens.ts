/**
 * Words out of file names, folder names, sidecars, sentences and descriptions: split, lower-
 * cased, stop words and camera noise ("IMG_2034", "final_v2") dropped, Porter-stemmed for
 * comparison ("puppies" and "puppy" both become "puppi").
 */
import { stemmer } from 'stemmer';

const STOP = new Set(`
a about above after again against all also am an and any are aren as at be because been before being below between both
but by can cannot could did didn do does doesn doing don down during each even ever every few for from further get gets
got had has have having he her here hers herself him himself his how i if in into is isn it its itself just let ll me
might more most much must my myself never no nor not now of off on once one only or other ought our ours ourselves out
over own per quite rather re really s same she should so some such t than that the their theirs them themselves then
there these they this those through thus to too under until up upon us ve very was wasn we were weren what when where
which while who whom whose why will with within without won would yet you your yours yourself yourselves
thing things way ways lot lots kind sort like make makes made take takes took go goes going gone come comes came
know knows knew see sees saw seen say says said tell tells told look looks looked use used uses using want wants
actually basically literally simply probably maybe almost often always usually sometimes something anything nothing
everything someone anyone everyone today yesterday tomorrow first second third next last new old many
`.split(/\s+/).filter(Boolean));

/** Camera and editor noise in file names. */
const FILE_NOISE = new Set([
  'img', 'dsc', 'dscf', 'dscn', 'mov', 'mvi', 'vid', 'pxl', 'gopr', 'gopro', 'clip', 'clips', 'video', 'videos', 'footage',
  'final', 'edit', 'edited', 'export', 'copy', 'untitled', 'take', 'raw', 'hd', 'uhd', 'fhd', 'fps', 'mp4', 'mkv', 'webm',
  'jpg', 'jpeg', 'png', 'webp', 'stock', 'broll', 'roll', 'shot', 'shots', 'scene', 'v1', 'v2', 'v3', 'proxy', 'render',
  'upload', 'uploads', 'download', 'downloads', 'desktop', 'documents', 'pictures', 'photos', 'movies', 'camera', 'dcim',
]);

export function isStopWord(word: string): boolean {
  return STOP.has(word);
}

/** Lower-case words of 2+ letters; camelCase and digits split off ("DogPark2" → dog, park). */
export function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z']+/)
    .map((w) => w.replace(/^'+|'+$/g, '').replace(/'s$/, ''))
    .filter((w) => w.length >= 2);
}

/** The words of a sentence or description that carry meaning. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => !STOP.has(w));
}

/** The words of a file or folder name that carry meaning (no "IMG", "final", "v2"…). */
export function nameWords(name: string): string[] {
  return contentWords(name).filter((w) => !FILE_NOISE.has(w));
}

const stems = new Map<string, string>();

/** Porter stem, remembered (matching stems the same few thousand words over and over). */
export function stem(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    s = stemmer(word);
    if (stems.size > 50_000) stems.clear();
    stems.set(word, s);
  }
  return s;
}
