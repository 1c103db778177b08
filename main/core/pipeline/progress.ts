import type { RenderEvent, StageName, StageStatus } from './types.js';

/** How much of a render's wall time each stage takes, roughly (compile dominates: it encodes). */
export const STAGE_WEIGHTS: Record<StageName, number> = {
  script: 4, ideas: 1, virality: 1, voice: 8, captions: 1, background: 3, shots: 4, compile: 78,
};

/**
 * Turns stage updates into overall percent and ETA. Overall never goes backwards, so a
 * progress bar only moves forward even when a stage restarts after a worker crash.
 */
export class RenderProgress {
  private readonly fractions = new Map<StageName, number>();
  private overall = 0;
  private readonly startedAt: number;

  constructor(
    private readonly emit: (e: RenderEvent) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now();
  }

  update(stage: StageName, status: StageStatus, fraction: number): void {
    const f = status === 'done' || status === 'cached' || status === 'skipped' || status === 'failed' ? 1 : Math.max(0, Math.min(1, fraction));
    this.fractions.set(stage, Math.max(this.fractions.get(stage) ?? 0, f));
    let sum = 0;
    let total = 0;
    for (const [name, weight] of Object.entries(STAGE_WEIGHTS) as [StageName, number][]) {
      total += weight;
      sum += weight * (this.fractions.get(name) ?? 0);
    }
    this.overall = Math.max(this.overall, sum / total);
    const elapsedSec = (this.now() - this.startedAt) / 1000;
    const event: RenderEvent = { type: 'stage', stage, status, fraction: f, overall: this.overall };
    if (this.overall > 0.03 && this.overall < 1) event.etaSec = (elapsedSec * (1 - this.overall)) / this.overall;
    if (this.overall >= 1) event.etaSec = 0;
    this.emit(event);
  }

  get value(): number {
    return this.overall;
  }
}
