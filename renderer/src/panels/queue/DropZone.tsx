import { useEffect, useRef, useState } from 'react';
import { addToQueue, type DropCapture } from '../../api/dropFiles';
import type { UploadProgress } from '../../api/upload';
import { useAction, useDropTarget } from '../../components/hooks';
import { Icon } from '../../components/Icon';
import { InlineError } from '../../components/InlineError';
import { actions } from '../../store/store';
import { describeAdd } from './jobRules';

/**
 * Where topics files, clips and folders enter the queue: drop them, or pick files or a folder.
 * Problems with individual files are listed right here, under the zone they were dropped on.
 */
export function DropZone({ compact }: { compact: boolean }) {
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [fileErrors, setFileErrors] = useState<string[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // Not in React's input props; lets the browser pick a whole folder.
    if (folderInput.current) folderInput.current.webkitdirectory = true;
  }, []);

  const add = useAction(async (capture: DropCapture) => {
    setFileErrors([]);
    try {
      const result = await addToQueue(capture, setProgress);
      setFileErrors(result.errors.map((e) => (e.subject ? `${e.subject}: ${e.message}` : e.message)));
      // Green only when everything went in: rejected rows make it a warning that says how many.
      actions().pushToast(result.errors.length === 0 && result.jobsAdded + result.backgroundsAdded.length > 0 ? 'success' : 'warning', describeAdd(result));
    } finally {
      setProgress(null);
    }
  });

  const drop = useDropTarget((capture) => void add.run(capture));


  function onPicked(input: HTMLInputElement | null): void {
    if (!input?.files || input.files.length === 0) return;
    const files = Array.from(input.files);
    input.value = '';
    void add.run({ files, entries: [] });
  }

  return (
    <div className="drop-area stack-2">
      <div
        className="drop-zone"
        data-testid="drop-zone"
        data-compact={compact || undefined}
        aria-busy={add.pending}
        {...drop.props}
      >
        <Icon name="upload" size={compact ? 20 : 28} />
        <p className="drop-text">Drop topics (.txt, .csv, .json), clips or folders here</p>
        <div className="drop-buttons">
          <button type="button" className="button" disabled={add.pending} onClick={() => fileInput.current?.click()}>
            Choose files…
          </button>
          <button type="button" className="button ghost" disabled={add.pending} onClick={() => folderInput.current?.click()}>
            Choose folder…
          </button>
        </div>
        <input ref={fileInput} className="sr-only" type="file" multiple tabIndex={-1} aria-label="Files to add" accept=".txt,.csv,.json,video/*,.mp4,.mov,.mkv,.webm,.m4v,audio/*" onChange={(e) => onPicked(e.currentTarget)} />
        <input ref={folderInput} className="sr-only" type="file" multiple tabIndex={-1} aria-label="Folder to add" onChange={(e) => onPicked(e.currentTarget)} />
        {progress && progress.total > 0 ? (
          <p className="drop-progress" aria-live="polite">
            Uploading {Math.min(progress.done + 1, progress.total)} of {progress.total}: {progress.current}
          </p>
        ) : add.pending ? (
          <p className="drop-progress">Adding…</p>
        ) : null}
      </div>
      <InlineError message={add.error} />
      {fileErrors.length > 0 ? (
        <ul className="inline-error-list" role="alert" aria-label="Files that could not be added">
          {fileErrors.map((msg, i) => (
            <li key={i}>{msg}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
