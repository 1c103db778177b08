import { useId, useMemo, useState } from 'react';
import { groupVoices, voiceLabel } from '../lib/voiceGroups';
import { useApp } from '../store/store';

export { voiceLabel };

/**
 * Every engine's voices as a searchable <select>: the default voice first, then grouped by
 * engine and language (Edge's free neural voices first). A saved voice that is not listed (an
 * OpenAI voice with no key, a voice from another machine) stays selectable instead of vanishing.
 */
export function VoiceSelect({ value, onChange, unknownLabel, label = 'Voice' }: { value: string; onChange: (id: string) => void; unknownLabel: string; label?: string }) {
  const voices = useApp((s) => s.voices);
  const defaultVoice = useApp((s) => s.settings?.defaultVoice ?? '');
  const [query, setQuery] = useState('');
  const searchId = useId();
  const groups = useMemo(() => groupVoices(voices, query, defaultVoice), [voices, query, defaultVoice]);
  const listed = groups.some((g) => g.voices.some((v) => v.id === value));
  return (
    <div className="voice-select stack-1">
      <input
        id={searchId}
        type="search"
        className="voice-search"
        placeholder={`Search ${voices.length} voices: name, language (en-GB), female…`}
        aria-label="Search voices"
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
      />
      {/* Named on its own: a wrapping <label> names only its first control (the search box). */}
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)} aria-label={label} aria-describedby={searchId}>
        {!listed ? <option value={value}>{value || unknownLabel}</option> : null}
        {groups.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.voices.map((v) => (
              <option key={v.id} value={v.id}>
                {voiceLabel(v)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
