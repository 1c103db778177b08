/**
 * Tags a file gets from where it lives (pure): the words of its name, of the folders between the
 * footage folder and it (and the footage folder's own name), and of its sidecar (`clip.mp4.txt`,
 * the creator's own description). A name word is the strongest hint; a folder word says less
 * about any one file in it.
 */
import path from 'node:path';
import type { Tag } from '../shots/match.js';
import { contentWords, nameWords } from '../words/tokens.js';

export const NAME_WEIGHT = 1;
export const SIDECAR_WEIGHT = 1;
export const FOLDER_WEIGHT = 0.7;
export const DESCRIPTION_WEIGHT = 0.8;

export interface NamedTag extends Tag {
  source: 'name' | 'folder' | 'sidecar';
}

export function nameTags(file: string, root: string, sidecar: string | null): NamedTag[] {
  const out = new Map<string, NamedTag>();
  const add = (words: string[], weight: number, source: NamedTag['source']): void => {
    for (const word of words) {
      const prev = out.get(word);
      if (!prev || prev.weight < weight) out.set(word, { word, weight, source });
    }
  };
  const rel = path.relative(root, path.dirname(file));
  const folders = [path.basename(root), ...(rel === '' || rel.startsWith('..') ? [] : rel.split(path.sep))];
  add(folders.flatMap(nameWords), FOLDER_WEIGHT, 'folder');
  add(nameWords(path.basename(displayName(file), path.extname(file))), NAME_WEIGHT, 'name');
  if (sidecar) add(contentWords(sidecar.slice(0, 4000)), SIDECAR_WEIGHT, 'sidecar');
  return [...out.values()];
}

/** A file's name as the creator gave it: files uploaded through the browser host are stored as `<uuid>-<name>`. */
export function displayName(file: string): string {
  return path.basename(file).replace(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-/i, '');
}
