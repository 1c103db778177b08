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
  // Footage library (#11): folders the creator added, files found in them (path → content
  // identity, remembered with size and mtime so an unchanged file is not read again), and the
  // analysis of each content (probe, scenes with thumbnails and descriptions, tags, embeddings),
  // keyed by SHA-256 so a moved or copied file keeps it.
  `
  CREATE TABLE footage_folders (
    path        TEXT PRIMARY KEY,                -- absolute, as the creator chose it
    added_at    INTEGER NOT NULL,
    scanned_at  INTEGER
  );
  CREATE TABLE footage_files (
    path        TEXT PRIMARY KEY,                -- absolute
    folder      TEXT NOT NULL REFERENCES footage_folders(path) ON DELETE CASCADE,
    kind        TEXT NOT NULL,                   -- 'clip' | 'still'
    size        INTEGER NOT NULL,
    mtime_ms    INTEGER NOT NULL,
    sha256      TEXT,                            -- NULL until hashed
    status      TEXT NOT NULL,                   -- 'pending' | 'ready' | 'broken' | 'missing'
    error       TEXT,                            -- why it is broken, for the creator
    attempts    INTEGER NOT NULL DEFAULT 0,      -- indexing starts; a file that keeps crashing a worker stops being retried
    name_tags   TEXT NOT NULL DEFAULT '[]',      -- [{word, weight}] from file/folder names and the sidecar
    seen_at     INTEGER NOT NULL,
    indexed_at  INTEGER
  );
  CREATE INDEX footage_files_by_status ON footage_files(status);
  CREATE INDEX footage_files_by_sha ON footage_files(sha256);
  CREATE INDEX footage_files_by_folder ON footage_files(folder);
  CREATE TABLE footage_media (
    sha256        TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    duration_sec  REAL NOT NULL,                 -- usable length (0 for a still)
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    rotation      INTEGER NOT NULL DEFAULT 0,
    fps           REAL NOT NULL DEFAULT 0,
    has_audio     INTEGER NOT NULL DEFAULT 0,
    codec         TEXT,
    note          TEXT,
    analysed_at   INTEGER NOT NULL
  );
  CREATE TABLE footage_scenes (
    sha256       TEXT NOT NULL REFERENCES footage_media(sha256) ON DELETE CASCADE,
    n            INTEGER NOT NULL,
    start_sec    REAL NOT NULL,
    end_sec      REAL NOT NULL,
    thumb        TEXT NOT NULL,                  -- file under <data>/footage/thumbs
    description  TEXT,                           -- from a vision model, when one is configured
    described_by TEXT,                           -- model + prompt digest the description came from
    PRIMARY KEY (sha256, n)
  ) WITHOUT ROWID;
  CREATE TABLE footage_embeddings (
    sha256  TEXT NOT NULL REFERENCES footage_media(sha256) ON DELETE CASCADE,
    n       INTEGER NOT NULL,                    -- scene
    model   TEXT NOT NULL,
    vector  BLOB NOT NULL,                       -- float32 little-endian
    PRIMARY KEY (sha256, n, model)
  ) WITHOUT ROWID;
  `,
  // Studio (#14): "Clear finished" hides settled jobs from the Queue (the Library keeps done ones);
  // a Library delete hides the job everywhere until its undo window ends, then the row and its files go.
  `
  ALTER TABLE jobs ADD COLUMN cleared_at INTEGER;
  ALTER TABLE jobs ADD COLUMN deleted_at INTEGER;
  `,
];
