/** `<slug>.credits.txt`: every stock shot's author, site, page and licence, ready to paste under a post (pure). */
import type { StockCredit } from '../shots/types.js';

const SITE: Record<StockCredit['provider'], string> = { pexels: 'Pexels', pixabay: 'Pixabay' };

/** One entry per stock video (a video used for two shots is credited once), in order of first use. */
export function uniqueCredits(credits: readonly (StockCredit | null)[]): StockCredit[] {
  const seen = new Set<string>();
  const out: StockCredit[] = [];
  for (const c of credits) {
    if (!c || seen.has(c.pageUrl)) continue;
    seen.add(c.pageUrl);
    out.push(c);
  }
  return out;
}

export function creditsText(title: string, credits: readonly StockCredit[]): string {
  if (credits.length === 0) return '';
  const lines = credits.map((c) => `- Video by ${c.author} on ${SITE[c.provider]}: ${c.pageUrl}${c.authorUrl ? ` (${c.authorUrl})` : ''}`);
  const licences = [...new Set(credits.map((c) => c.licence))].map((l) => `  ${l}`);
  return [`Stock footage in "${title}":`, ...lines, '', 'Licences:', ...licences, ''].join('\n');
}
