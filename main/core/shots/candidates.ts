/**
 * The pictures that could fill each slot, from the sources `--visuals` names, in its order
 * (default: the footage library when it has a good match, then stock when a key is set, then
 * the built-in look). A library clip that matches only weakly still beats the built-in look,
 * but comes after stock. Stock is searched only for slots that need it, one cached search per
 * distinct query; a stock site's trouble is a warning, never a failed video.
 */
import { isUserError } from '../errors.js';
import { displayName } from '../footage/name-tags.js';
import type { FootageMatch, QueryEmbedding } from '../footage/search.js';
import type { StockLibrary } from '../stock/stock-library.js';
import type { StockVideo } from '../stock/types.js';
import type { RelatedWords } from '../words/related-words.js';
import { contentWords } from '../words/tokens.js';
import { buildQuery, scoreTags, tagsFromWords } from './match.js';
import type { Candidate, Slot, VisualSource } from './types.js';

/** A library match at least this good is used before stock. */
export const GOOD_MATCH = 0.25;
/** Library matches offered per slot (the strip shows the next ones as alternatives). */
const LIBRARY_PER_SLOT = 8;
const STOCK_PER_SLOT = 6;

export interface LibrarySearch {
  match(text: string, context?: string, opts?: { embedding?: QueryEmbedding; limit?: number }): FootageMatch[];
}

export interface CandidateSources {
  order: readonly VisualSource[];
  library: LibrarySearch | null;
  stock: StockLibrary | null;
  /** The look shown when nothing matches (the request's built-in background). */
  builtin: string;
  /** The output is taller than wide (portrait stock preferred). */
  portrait: boolean;
  related: RelatedWords;
  /** Search terms for the whole video (the ideas stage), tried when a slot's own words find nothing. */
  fallbackTerms: readonly string[];
  /** Embeddings of the slots' text, when the library has them (index by slot). */
  embeddings?: (QueryEmbedding | undefined)[];
  signal?: AbortSignal;
}

export interface Gathered {
  candidates: Candidate[][];
  /** Stock videos by candidate id, for the download once one is chosen. */
  stock: Map<string, StockVideo>;
  warnings: string[];
}

const SITE = { pexels: 'Pexels', pixabay: 'Pixabay' } as const;

function tierOf(order: readonly VisualSource[], source: VisualSource, weak = false): number {
  const p = order.indexOf(source);
  const builtinAt = order.indexOf('builtin');
  if (p < 0) return 100; // not asked for: only the last resort (built-in) ends up here
  if (!weak) return 2 * p;
  // After the next source, but still before the built-in look.
  return builtinAt > p ? Math.min(2 * p + 3, 2 * builtinAt - 1) : 2 * p + 3;
}

function libraryCandidate(m: FootageMatch, tier: number): Candidate {
  const best = [...m.scenes].sort((a, b) => b.score - a.score)[0];
  return {
    id: `library:${m.item.media.sha256}`,
    source: 'library',
    kind: m.item.media.kind === 'still' ? 'still' : 'clip',
    tier,
    score: m.score,
    reason: m.reason,
    durationSec: m.item.media.durationSec,
    scenes: m.item.media.kind === 'still' ? [] : m.scenes.map((s) => ({ startSec: s.startSec, endSec: s.endSec, score: s.score })),
    path: m.item.path,
    label: displayName(m.item.path),
    thumbnail: best?.thumb || null,
    credit: null,
  };
}

/** The words worth sending to a stock site: the slot's nouns first, at most three. */
export function stockQuery(text: string, related: RelatedWords): string {
  const words = [...new Set(contentWords(text))];
  // WordNet knows which are things (nouns); those find footage, verbs and adjectives rarely do.
  const nouns = words.filter((w) => /^[a-z]+$/.test(w) && related.isNoun(w));
  return (nouns.length > 0 ? nouns : words).slice(0, 3).join(' ');
}

export async function gatherCandidates(slots: readonly Slot[], s: CandidateSources): Promise<Gathered> {
  const warnings: string[] = [];
  const stockVideos = new Map<string, StockVideo>();
  const useLibrary = s.library !== null && s.order.includes('library');
  const useStock = s.stock !== null && s.stock.providers.length > 0 && s.order.includes('stock');
  const stockFirst = s.order.indexOf('stock') >= 0 && s.order.indexOf('stock') < s.order.indexOf('library');
  const searches = new Map<string, Promise<StockVideo[]>>();
  const searchStock = (query: string): Promise<StockVideo[]> => {
    let p = searches.get(query);
    if (!p) {
      p = (s.stock as StockLibrary).search(query, { portrait: s.portrait, ...(s.signal ? { signal: s.signal } : {}) }).then((r) => {
        warnings.push(...r.warnings);
        return r.videos;
      }, (err: unknown) => {
        if (s.signal?.aborted) throw err;
        warnings.push(`Stock search for "${query}" failed: ${isUserError(err) ? err.message : String(err)}`);
        return [];
      });
      searches.set(query, p);
    }
    return p;
  };

  const candidates: Candidate[][] = [];
  for (const slot of slots) {
    const list: Candidate[] = [];
    let goodLibrary = false;
    if (useLibrary) {
      const matches = (s.library as LibrarySearch).match(slot.text, slot.sentenceText, {
        limit: LIBRARY_PER_SLOT, ...(s.embeddings?.[slot.index] ? { embedding: s.embeddings[slot.index] as QueryEmbedding } : {}),
      });
      for (const m of matches) {
        const good = m.score >= GOOD_MATCH;
        goodLibrary ||= good;
        list.push(libraryCandidate(m, tierOf(s.order, 'library', !good)));
      }
    }
    if (useStock && (stockFirst || !goodLibrary)) {
      const q = buildQuery(slot.text, slot.sentenceText, s.related);
      const queries = [stockQuery(slot.text, s.related), stockQuery(slot.sentenceText, s.related), ...s.fallbackTerms].filter((x, i, a) => x !== '' && a.indexOf(x) === i);
      for (const query of queries) {
        const videos = await searchStock(query);
        if (videos.length === 0) continue;
        for (const v of videos.slice(0, STOCK_PER_SLOT)) {
          const id = `stock:${v.provider}:${v.id}`;
          stockVideos.set(id, v);
          // The site already judged it relevant to the words; its tags say how well it fits this slot.
          const fit = scoreTags(q, tagsFromWords(v.tags, 1));
          list.push({
            id, source: 'stock', kind: 'clip', tier: tierOf(s.order, 'stock'), score: Math.min(1, 0.3 + 0.7 * fit.score),
            reason: fit.reason ? `${SITE[v.provider]}: ${fit.reason}` : `${SITE[v.provider]} search "${query}"`,
            durationSec: v.durationSec, scenes: [], path: null, label: `${SITE[v.provider]} · ${v.credit.author}`,
            thumbnail: v.thumbnail, credit: v.credit,
          });
        }
        break;
      }
    }
    list.push({
      id: `builtin:${s.builtin}`, source: 'builtin', kind: 'builtin', tier: s.order.includes('builtin') ? tierOf(s.order, 'builtin') : 1000,
      score: 0, reason: 'no matching picture', durationSec: 0, scenes: [], path: null, label: s.builtin, thumbnail: null, credit: null,
    });
    candidates.push(list);
  }
  return { candidates, stock: stockVideos, warnings: [...new Set(warnings)] };
}
