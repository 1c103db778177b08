/**
 * Which run of each job is on the farm, in reelforge.db (SQLite stays the record; Redis only
 * dispatches). A run gets its own BullMQ job id, `<job>-r<run>`:
 * - resuming an interrupted job (a controller restart) keeps the open run, so the controller
 *   re-attaches to the farm job, finished or not, instead of rendering the video again;
 * - a new attempt after the run settled (a retry, a resume after a pause or cancel) opens the
 *   next run: a fresh farm job, its finished stages cache hits.
 */
import type { Db } from '../db.js';

export interface FarmRun {
  run: number;
  /** The BullMQ job id of this run. */
  farmJobId: string;
  /** True when an open run was found: the job is re-attached, not started again. */
  attached: boolean;
}

export class FarmRuns {
  constructor(private readonly db: Db, private readonly now: () => number = Date.now) {}

  /** The open run of a job, or a new one. */
  begin(jobId: string): FarmRun {
    return this.db.transaction((): FarmRun => {
      const row = this.db.prepare('SELECT run, open FROM farm_runs WHERE job_id = ?').get(jobId) as { run: number; open: number } | undefined;
      if (row?.open === 1) return { run: row.run, farmJobId: farmJobId(jobId, row.run), attached: true };
      const run = (row?.run ?? 0) + 1;
      this.db.prepare(`INSERT INTO farm_runs (job_id, run, open, updated_at) VALUES (?, ?, 1, ?)
        ON CONFLICT (job_id) DO UPDATE SET run = excluded.run, open = 1, updated_at = excluded.updated_at`).run(jobId, run, this.now());
      return { run, farmJobId: farmJobId(jobId, run), attached: false };
    })();
  }

  /** The run finished (done, failed, cancelled): the next attempt is a new run. */
  settle(jobId: string): void {
    this.db.prepare('UPDATE farm_runs SET open = 0, updated_at = ? WHERE job_id = ?').run(this.now(), jobId);
  }

  /** Jobs with a run still out on the farm. */
  openJobs(): string[] {
    return (this.db.prepare('SELECT job_id FROM farm_runs WHERE open = 1').all() as { job_id: string }[]).map((r) => r.job_id);
  }
}

/** BullMQ ids must not contain ':' nor be all digits; queue job ids are `j<hex>`. */
export function farmJobId(jobId: string, run: number): string {
  return `${jobId.replace(/:/g, '_')}-r${run}`;
}
