import { useId, useRef, useState } from 'react';
import { getApi } from '../../api/getApi';
import { uploadFiles } from '../../api/upload';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';

/** The creator's own voice-over, as a job takes it (jobSpec voiceover + trimSilence). */
export interface Recording {
  path: string;
  name: string;
  durationSec: number;
  trimSilence: boolean;
}

/** What a job spec gets from the picker (nothing when no recording is chosen). */
export function recordingSpec(r: Recording | null): { voiceover?: string; trimSilence?: boolean } {
  return r ? { voiceover: r.path, ...(r.trimSilence ? { trimSilence: true } : {}) } : {};
}

/**
 * "Use my recording": pick an audio file (or a video with sound) to voice the video instead of
 * a synthetic voice. The desktop app reads it where it is; the browser uploads it into the data
 * folder first. The host checks it has sound and says how long it is; the recording sets the
 * video's length, and captions come from the script aligned to it (or from a transcription).
 * Self-contained: Create places it and passes recordingSpec(value) into the job.
 */
export function RecordingPicker({ value, onChange }: { value: Recording | null; onChange: (r: Recording | null) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const trimId = useId();
  const [status, setStatus] = useState<string | null>(null);

  const choose = useAction(async (file: File) => {
    const api = getApi();
    let path = api.pathForFile(file);
    if (path === null) {
      setStatus(`Uploading ${file.name}…`);
      path = (await uploadFiles([file]))[0] ?? null;
    }
    if (!path) throw new Error(`${file.name} could not be read.`);
    setStatus(`Checking ${file.name}…`);
    const info = await api.invoke('create.recording', { path });
    onChange({ ...info, trimSilence: value?.trimSilence ?? false });
  });

  return (
    <div className="field recording-picker">
      <span>Voice-over</span>
      <input
        ref={input}
        type="file"
        accept="audio/*,video/*"
        data-testid="recording-input"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) void choose.run(file).finally(() => setStatus(null));
        }}
      />
      {value ? (
        <div className="recording-file">
          <span data-testid="recording-name">
            {value.name} · {value.durationSec.toFixed(1)} s
          </span>
          <button type="button" className="button" onClick={() => onChange(null)}>
            Use a voice instead
          </button>
        </div>
      ) : (
        <button type="button" className="button" disabled={choose.pending} onClick={() => input.current?.click()}>
          {choose.pending ? (status ?? 'Reading…') : 'Use my recording…'}
        </button>
      )}
      {value ? (
        <label className="check" htmlFor={trimId}>
          <input id={trimId} type="checkbox" checked={value.trimSilence} onChange={(e) => onChange({ ...value, trimSilence: e.currentTarget.checked })} />
          <span>Shorten pauses longer than 0.7 s</span>
        </label>
      ) : (
        <p className="hint">Your own recording replaces the voice and sets the video’s length; captions follow your words.</p>
      )}
      <InlineError message={choose.error} />
    </div>
  );
}
