import { useRef } from 'react';
import { getApi, isDesktop } from '../../api/getApi';
import { uploadFiles } from '../../api/upload';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/**
 * A music bed for this video: the creator picks a track, which the host accepts through the
 * same door as a drop (queue.addFiles: uploaded in the browser host, its own path on the
 * desktop). It is mixed under the voice and ducked while the voice speaks.
 */
export function MusicField({ music, onMusic, folder }: { music: string; onMusic: (path: string) => void; folder: string }) {
  const input = useRef<HTMLInputElement>(null);

  const pick = useAction(async (file: File) => {
    const api = getApi();
    const path = isDesktop() ? api.pathForFile(file) : (await uploadFiles([file]))[0];
    if (!path) throw new Error(`Could not read "${file.name}".`);
    const res = await api.invoke('queue.addFiles', { paths: [path] });
    const accepted = res.musicAdded?.[0];
    if (!accepted) throw new Error(`"${file.name}" is not an audio file Reelforge can mix (mp3, m4a, aac, wav, ogg, opus, flac).`);
    onMusic(accepted);
  });

  return (
    <div className="field music-field">
      <span id="music-label">Music</span>
      <div className="music-line">
        <span className="music-name" data-testid="music-name">
          {music ? baseName(music) : folder ? `A track from ${baseName(folder)} (Settings)` : 'No music'}
        </span>
        <button type="button" className="button small" aria-describedby="music-label" disabled={pick.pending} onClick={() => input.current?.click()}>
          {pick.pending ? 'Adding…' : music ? 'Change…' : 'Choose a track…'}
        </button>
        {music ? (
          <button type="button" className="button ghost small" onClick={() => onMusic('')}>
            Remove
          </button>
        ) : null}
      </div>
      <input
        ref={input}
        className="sr-only"
        type="file"
        tabIndex={-1}
        aria-label="Music track"
        accept="audio/*,.mp3,.m4a,.aac,.wav,.ogg,.opus,.flac"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) void pick.run(file);
        }}
      />
      <span className="hint">Mixed under the voice and ducked while it speaks.</span>
      <InlineError message={pick.error} />
    </div>
  );
}
