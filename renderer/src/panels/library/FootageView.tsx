import { useEffect, useRef, useState } from 'react';
import { chunk, filesFromEntries, type DropCapture } from '../../api/dropFiles';
import { getApi, isDesktop } from '../../api/getApi';
import { uploadFiles, type UploadProgress } from '../../api/upload';
import { useAction, useDropTarget } from '../../components/hooks';
import { Icon } from '../../components/Icon';
import { InlineError } from '../../components/InlineError';
import { ProgressBar } from '../../components/ProgressBar';
import { formatClock } from '../../lib/format';
import { actions } from '../../store/store';
import type { FootageProgress, FootageSnapshot } from '../../types/contract';
import { folderSummary, parentOf, progressFraction, progressText } from './footageRules';
import { ShotPlanner } from './ShotPlanner';
import './footage.css';

const PAGE = 240;

/**
 * The creator's footage library: folders of clips and stills, each clip with its scene
 * thumbnails and tags, broken files with the reason. Add a folder by dropping it or picking it;
 * indexing runs on the workers and its progress shows here.
 */
export function FootageView() {
  const [snap, setSnap] = useState<FootageSnapshot | null>(null);
  const [progress, setProgress] = useState<FootageProgress | null>(null);
  const [upload, setUpload] = useState<UploadProgress | null>(null);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ names: Set<string>; related: string[] } | null>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  // A library of thousands of files shows a page at a time: the grid stays quick.
  const [limit, setLimit] = useState(PAGE);

  const load = useAction(async () => {
    const s = await getApi().invoke('footage.list', {});
    setSnap(s);
    setProgress(s.indexing);
  });
  const reload = load.run;
  useEffect(() => {
    void reload();
  }, [reload]);

  // Progress arrives as events; the list is reloaded when a run finishes.
  useEffect(() => getApi().on('footage', (p) => {
    setProgress(p.phase === 'done' ? null : p);
    if (p.phase === 'done') void reload();
  }), [reload]);

  useEffect(() => {
    if (folderInput.current) folderInput.current.webkitdirectory = true;
  }, []);

  const add = useAction(async (capture: DropCapture) => {
    const api = getApi();
    let paths: string[];
    if (isDesktop()) {
      // A dropped folder comes as itself; a picked one as the files in it (each is what the user chose).
      paths = [...new Set(capture.files.map((f) => api.pathForFile(f)).filter((p): p is string => Boolean(p)))];
    } else {
      // The browser host gets copies: they land in its uploads folder, which is then indexed.
      const files = capture.entries.length > 0 ? await filesFromEntries(capture.entries) : capture.files;
      const uploaded = files.length > 0 ? await uploadFiles(files, setUpload) : [];
      setUpload(null);
      paths = [...new Set(uploaded.map(parentOf))];
    }
    if (paths.length === 0) throw new Error('Nothing to add: drop a folder of clips or pictures.');
    let added = 0;
    const errors: string[] = [];
    for (const part of chunk(paths, 1000)) {
      const r = await api.invoke('footage.add', { paths: part });
      added += r.added.length;
      errors.push(...r.errors.map((e) => e.message));
    }
    if (errors.length > 0) throw new Error(errors.slice(0, 3).join(' '));
    actions().pushToast('info', added > 0 ? `Indexing ${added} new source${added === 1 ? '' : 's'}…` : 'Looking for new and changed files…');
    await reload();
  });

  const remove = useAction(async (folder: string) => {
    await getApi().invoke('footage.remove', { path: folder });
    await reload();
  });

  const search = useAction(async (text: string) => {
    if (text.trim() === '') {
      setFound(null);
      return;
    }
    const r = await getApi().invoke('footage.search', { text });
    setFound({ names: new Set(r.results.map((x) => x.path)), related: r.related });
  });

  const drop = useDropTarget((capture) => void add.run(capture));

  const items = snap?.items ?? [];
  const shown = found ? items.filter((i) => found.names.has(i.path)) : items;
  const broken = snap?.problems.filter((p) => p.status === 'broken') ?? [];

  return (
    <section className="footage stack-4" aria-label="Footage library">
      <div
        className="drop-zone footage-drop"
        data-testid="footage-drop"
        {...drop.props}
      >
        <Icon name="upload" size={22} />
        <p className="drop-text">Drop folders of your clips and pictures here. Reelforge finds their scenes and tags, and puts them under the sentences they show.</p>
        <button type="button" className="button" disabled={add.pending} onClick={() => folderInput.current?.click()}>
          Add a folder…
        </button>
        <input
          ref={folderInput}
          className="sr-only"
          type="file"
          multiple
          tabIndex={-1}
          aria-label="Footage folder to add"
          data-testid="footage-folder-input"
          onChange={(e) => {
            const files = Array.from(e.currentTarget.files ?? []);
            e.currentTarget.value = '';
            if (files.length > 0) void add.run({ files, entries: [] });
          }}
        />
      </div>
      {upload && upload.total > 0 ? <p className="drop-progress" aria-live="polite">Uploading {Math.min(upload.done + 1, upload.total)} of {upload.total}: {upload.current}</p> : null}
      {progress ? (
        <div className="footage-progress stack-1" aria-live="polite" data-testid="footage-progress">
          <ProgressBar value={progressFraction(progress)} label="Indexing footage" />
          <span className="small muted">{progressText(progress)}</span>
        </div>
      ) : null}
      <InlineError message={add.error ?? load.error ?? remove.error ?? search.error} />

      {snap && snap.folders.length > 0 ? (
        <>
          <ul className="footage-folders stack-2 plain-list" aria-label="Footage folders">
            {snap.folders.map((f) => (
              <li key={f.path} className="footage-folder">
                <Icon name="folder" size={16} />
                <span className="footage-folder-path mono" title={f.path}>{f.path}</span>
                <span className="small muted">{folderSummary(f, items)}</span>
                <button type="button" className="button ghost small" disabled={remove.pending} onClick={() => void remove.run(f.path)} aria-label={`Remove ${f.path} from the footage library`}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <form
            className="footage-search"
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              void search.run(query);
            }}
          >
            <label className="field inline">
              <span>What would show for</span>
              <input type="search" value={query} placeholder="a puppy at the beach" onChange={(e) => setQuery(e.currentTarget.value)} />
            </label>
            <button type="submit" className="button small" disabled={search.pending}>Search</button>
            {found ? (
              <span className="small muted">
                {found.names.size} match{found.names.size === 1 ? '' : 'es'}{found.related.length ? ` · also looked for ${found.related.slice(0, 4).map((r) => r.split(' ← ')[0]).join(', ')}` : ''}
              </span>
            ) : null}
          </form>
        </>
      ) : null}

      {snap && snap.items.length > 0 ? <ShotPlanner /> : null}

      {snap && snap.folders.length === 0 && !progress ? (
        <div className="empty-state">
          <h2>No footage yet</h2>
          <p>Add the folders you keep your clips and photos in. Each sentence of a video then gets a shot of its own from them; stock sites and the built-in looks fill in the rest.</p>
        </div>
      ) : null}

      {shown.length > 0 ? (
        <ul className="footage-grid" aria-label="Clips and stills" data-testid="footage-grid">
          {shown.slice(0, limit).map((item) => (
            <li key={item.path} className="footage-item" data-testid="footage-item">
              <div className="footage-thumb">
                {item.scenes[0]?.thumbnailUrl ? <img src={item.scenes[0].thumbnailUrl} alt="" loading="lazy" decoding="async" /> : <div className="footage-nothumb" />}
                <span className="footage-badge">{item.kind === 'still' ? 'still' : formatClock(item.durationSec)}</span>
                {item.scenes.length > 1 ? <span className="footage-scenes">{item.scenes.length} scenes</span> : null}
              </div>
              <span className="footage-name" title={item.path}>{item.name}</span>
              {item.tags.length > 0 ? (
                <ul className="tag-list" aria-label={`Tags of ${item.name}`}>
                  {item.tags.slice(0, 6).map((t) => <li key={t} className="tag">{t}</li>)}
                </ul>
              ) : null}
              {item.scenes[0]?.description ? <p className="small muted footage-description">{item.scenes[0].description}</p> : null}
              {item.note ? <p className="small footage-note">{item.note}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {shown.length > limit ? (
        <button type="button" className="button ghost" onClick={() => setLimit((l) => l + PAGE * 4)}>
          Show more ({shown.length - limit} not shown)
        </button>
      ) : null}

      {broken.length > 0 ? (
        <details className="footage-broken" open={broken.length <= 5}>
          <summary>{broken.length} file{broken.length === 1 ? '' : 's'} could not be used</summary>
          <ul>
            {broken.map((b) => (
              <li key={b.path}>
                <span className="mono" title={b.path}>{b.path.split(/[\\/]/).pop()}</span>: {b.error}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
