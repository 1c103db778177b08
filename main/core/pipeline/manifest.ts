import type { BackgroundIdeas, ProviderIdentity, Script, ViralityScore } from '../ai/types.js';
import type { ResolvedPreset } from '../media/presets.js';
import type { ShotPlan, StockCredit } from '../shots/types.js';
import type { RenderManifest, RenderRequest, SoundManifest, StageReport } from './types.js';

export interface ManifestParts {
  req: RenderRequest;
  script: Script;
  ideas: BackgroundIdeas | null;
  virality: ViralityScore | null;
  warnings: string[];
  reports: StageReport[];
  sound?: SoundManifest;
  preset: ResolvedPreset;
  provider: ProviderIdentity;
  durationSec: number;
  background: RenderManifest['background'];
  slug: string;
  key: string;
  totalMs: number;
  /** Shots (#11). */
  shots?: ShotPlan | null;
  credits?: StockCredit[];
}

/** The record written next to every video: what made it, what it cost, what the cache saved. */
export function buildManifest(p: ManifestParts): RenderManifest {
  const hits = p.reports.filter((r) => r.status === 'cached');
  const sum = (xs: (number | undefined)[]): number => xs.reduce<number>((a, b) => a + (b ?? 0), 0);
  return {
    version: 1,
    key: p.key,
    title: p.script.title,
    slug: p.slug,
    topic: p.req.topic ?? null,
    offlineDraft: p.script.offlineDraft,
    provider: { id: p.provider.id, model: p.provider.model },
    voice: p.req.voice,
    preset: p.req.preset,
    width: p.preset.width,
    height: p.preset.height,
    durationSec: Math.round(p.durationSec * 1000) / 1000,
    background: p.background,
    music: p.sound?.music ?? p.req.music ?? null,
    ...(p.sound ? { sound: p.sound } : {}),
    script: p.script,
    ideas: p.ideas,
    virality: p.virality,
    warnings: p.warnings,
    stages: p.reports,
    cache: {
      videoHit: false,
      hits: hits.length,
      misses: p.reports.filter((r) => r.status === 'done').length,
      savedMs: sum(hits.map((r) => r.savedMs)),
    },
    costUsd: sum(p.reports.map((r) => r.costUsd)),
    costSavedUsd: sum(p.reports.map((r) => r.costSavedUsd)),
    totalMs: Math.round(p.totalMs),
    outputs: { mp4: '', srt: '', json: '', thumbnail: '' },
    shots: p.shots ?? null,
    credits: p.credits ?? [],
    createdAt: new Date().toISOString(),
  };
}
