import { useRef } from 'react';
import { getApi } from '../../api/getApi';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { VoiceSelect } from '../../components/VoiceSelect';

interface Props {
  voice: string;
  onVoice: (id: string) => void;
  /** The voice's speed, 0.5–2. */
  rate: number;
  onRate: (rate: number) => void;
  sampleText: string;
}

/** Choose the voice and its speed, and hear them: create.voicePreview answers with a URL the <audio> plays. */
export function VoicePicker({ voice, onVoice, rate, onRate, sampleText }: Props) {
  const audio = useRef<HTMLAudioElement>(null);

  const previewVoice = useAction(async () => {
    const text = sampleText.trim() || 'This is how your next video will sound.';
    const { audioUrl } = await getApi().invoke('create.voicePreview', { text: text.slice(0, 500), voice, ...(rate !== 1 ? { rate } : {}) });
    const el = audio.current;
    if (!el) return;
    el.src = audioUrl;
    await el.play();
  });

  return (
    <div className="voice-picker stack-2">
      {/* Not a <label>: VoiceSelect names its search box and its list itself. */}
      <div className="field">
        <span aria-hidden="true">Voice</span>
        <VoiceSelect value={voice} onChange={onVoice} unknownLabel="Default voice" />
      </div>
      <label className="field">
        <span>Speed: {rate.toFixed(2)}×</span>
        <input
          type="range" min={0.5} max={2} step={0.05} value={rate} data-testid="voice-rate"
          aria-valuetext={`${rate.toFixed(2)} times the voice's own pace`}
          onChange={(e) => onRate(Number(e.currentTarget.value))}
        />
      </label>
      <button type="button" className="button" disabled={previewVoice.pending} onClick={() => void previewVoice.run()}>
        {previewVoice.pending ? 'Synthesising…' : 'Preview voice'}
      </button>
      <audio ref={audio} className="voice-audio" controls data-testid="voice-audio" />
      <InlineError message={previewVoice.error} />
    </div>
  );
}
