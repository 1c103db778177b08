/**
 * Migrations for reelforge.db (the app database: batches, jobs, settings, the background
 * library). Append only: each string runs once, in order, tracked by PRAGMA user_version
 * (see db.ts `migrate`). Never edit a shipped migration; add the next one.
 */
export const APP_DB_MIGRATIONS: string[] = [
  `
  CREATE TABLE batches (
    id            TEXT PRIMARY KEY,
    status        TEXT NOT NULL,
    concurrency   INTEGER NOT NULL,
    stop_on_error INTEGER NOT NULL DEFAULT 0,
    out_dir       TEXT NOT NULL,
    label         TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
  );
  CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    batch_id     TEXT NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,             -- order within the batch: jobs start in this order
    source       TEXT NOT NULL DEFAULT '',     -- "topics.csv:line 7"
    title        TEXT NOT NULL,
    spec         TEXT NOT NULL,                -- JobSpec JSON, as given (plus the assigned background)
    status       TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    stages       TEXT NOT NULL DEFAULT '{}',   -- { stage: StageStatus }
    stage        TEXT,
    progress     REAL NOT NULL DEFAULT 0,
    error        TEXT,                         -- ErrorInfo JSON
    output       TEXT,                         -- { mp4, thumbnail, durationSec } JSON
    manifest     TEXT,                         -- RenderManifest JSON (library, re-render)
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    started_at   INTEGER,
    finished_at  INTEGER
  );
  CREATE INDEX jobs_by_batch ON jobs(batch_id, seq);
  CREATE INDEX jobs_by_status ON jobs(status);
  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL                        -- JSON
  );
  CREATE TABLE background_library (
    path      TEXT PRIMARY KEY,                -- absolute path the user chose (drop or dialog)
    added_at  INTEGER NOT NULL
  );
  `,
  // The render settings a batch was started with (--size, --draft, --no-cache), so `batch --resume`
  // and `retry` make the same videos: {"size":{"width":180,"height":320},"quality":"draft","noCache":true}.
  `ALTER TABLE batches ADD COLUMN render_options TEXT NOT NULL DEFAULT '{}';`,
  // The render farm (main/core/farm/farm-runs.ts): which run of a job is on the farm, so a
  // restarted controller re-attaches to it instead of rendering the video again.
  `
  CREATE TABLE farm_runs (
    job_id     TEXT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
    run        INTEGER NOT NULL,          -- bumped for each new dispatch; a resume keeps it
    open       INTEGER NOT NULL,          -- 1 while dispatched and not settled
    updated_at INTEGER NOT NULL
  );
  `,
];
