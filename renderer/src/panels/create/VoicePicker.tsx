import { useRef } from 'react';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { VoiceSelect } from '../../components/VoiceSelect';

/** Choose the voice and hear it: create.voicePreview answers with a URL the <audio> plays. */
export function VoicePicker({ voice, onVoice, sampleText }: { voice: string; onVoice: (id: string) => void; sampleText: string }) {
  const audio = useRef<HTMLAudioElement>(null);

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
      {/* Not a <label>: VoiceSelect names its search box and its list itself. */}
      <div className="field">
        <span aria-hidden="true">Voice</span>
        <VoiceSelect value={voice} onChange={onVoice} unknownLabel="Default voice" />
      </div>
      <button type="button" className="button" disabled={previewVoice.pending} onClick={() => void previewVoice.run()}>
        {previewVoice.pending ? 'Synthesising…' : 'Preview voice'}
      </button>
      <audio ref={audio} className="voice-audio" controls data-testid="voice-audio" />
      <InlineError message={previewVoice.error} />
    </div>
  );
}
