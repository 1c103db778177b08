import { PRESETS } from '../lib/presets';

/** The output formats as a <select>'s options, in the same order and words everywhere. */
export function PresetOptions() {
  return (
    <>
      {PRESETS.map((p) => (
        <option key={p.name} value={p.name}>
          {p.label}
        </option>
      ))}
    </>
  );
}
