import { useRef } from 'react';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { useApp } from '../../store/store';
import type { VoiceInfo } from '../../types/contract';

/** "OpenAI · alloy" — voices grouped by engine read better in a long list. */
export function voiceLabel(v: VoiceInfo): string {
  const engine = v.engine === 'openai' ? 'OpenAI' : 'System';
  return `${engine} · ${v.name}${v.language ? ` (${v.language})` : ''}`;
}

/** Choose the voice and hear it: create.voicePreview answers with a URL the <audio> plays. */
export function VoicePicker({ voice, onVoice, sampleText }: { voice: string; onVoice: (id: string) => void; sampleText: string }) {
  const voices = useApp((s) => s.voices);
  const audio = useRef<HTMLAudioElement>(null);
  const known = voices.some((v) => v.id === voice);

  const previewVoice = useAction(async () => {
    const text = sampleText.trim() || 'This is how your next video will sound.';
    const { audioUrl } = await getApi().invoke('create.voicePreview', { text: text.slice(0, 500), voice });
    const el = audio.current;
    if (!el) return;
    el.src = audioUrl;
    await el.play();
  });

  return (
    <div className="voice-picker">
      <label className="field">
        <span>Voice</span>
        <select value={voice} onChange={(e) => onVoice(e.currentTarget.value)}>
          {!known ? <option value={voice}>{voice || 'Default voice'}</option> : null}
          {voices.map((v) => (
            <option key={v.id} value={v.id}>
              {voiceLabel(v)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button" disabled={previewVoice.pending} onClick={() => void previewVoice.run()}>
        {previewVoice.pending ? 'Synthesising…' : 'Preview voice'}
      </button>
      <audio ref={audio} className="voice-audio" controls data-testid="voice-audio" />
      <InlineError message={previewVoice.error} />
    </div>
  );
}
