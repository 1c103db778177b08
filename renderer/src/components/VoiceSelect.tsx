import { useApp } from '../store/store';
import type { VoiceInfo } from '../types/contract';

/** "OpenAI · alloy" — voices grouped by engine read better in a long list. */
export function voiceLabel(v: VoiceInfo): string {
  const engine = v.engine === 'openai' ? 'OpenAI' : 'System';
  return `${engine} · ${v.name}${v.language ? ` (${v.language})` : ''}`;
}

/**
 * The voices this machine has, as a <select>. A saved voice that is not listed (an OpenAI
 * voice with no key, a voice from another machine) stays selectable instead of vanishing.
 */
export function VoiceSelect({ value, onChange, unknownLabel }: { value: string; onChange: (id: string) => void; unknownLabel: string }) {
  const voices = useApp((s) => s.voices);
  return (
    <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      {!voices.some((v) => v.id === value) ? <option value={value}>{value || unknownLabel}</option> : null}
      {voices.map((v) => (
        <option key={v.id} value={v.id}>
          {voiceLabel(v)}
        </option>
      ))}
    </select>
  );
}
