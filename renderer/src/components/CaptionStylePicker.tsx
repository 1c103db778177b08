import { useLooks } from './useLooks';

/**
 * Caption styles as a <select>: the built-ins, then the creator's own. Self-contained (it
 * loads the list itself), so Create, the Queue and Settings can each drop one in. A value the
 * list does not know (a style file, a style from another machine) stays selectable.
 */
export function CaptionStylePicker({ value, onChange, id, kind = 'caption' }: { value: string; onChange: (name: string) => void; id?: string; kind?: 'caption' | 'title' }) {
  const { looks } = useLooks();
  const styles = kind === 'caption' ? (looks?.captionStyles ?? []) : (looks?.titleStyles ?? []);
  const builtin = styles.filter((s) => s.builtin);
  const own = styles.filter((s) => !s.builtin);
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)} aria-label={kind === 'caption' ? 'Caption style' : 'Title style'}>
      {value !== '' && !styles.some((s) => s.name === value) ? <option value={value}>{value}</option> : null}
      <optgroup label="Built-in">
        {builtin.map((s) => (
          <option key={s.name} value={s.name} title={s.description}>
            {s.name}
          </option>
        ))}
      </optgroup>
      {own.length > 0 ? (
        <optgroup label="Yours">
          {own.map((s) => (
            <option key={s.name} value={s.name} title={s.description}>
              {s.name}
            </option>
          ))}
        </optgroup>
      ) : null}
    </select>
  );
}

/** Brand kits as a <select>, with "No brand" first. Self-contained like CaptionStylePicker. */
export function BrandPicker({ value, onChange, id }: { value: string; onChange: (name: string) => void; id?: string }) {
  const { looks } = useLooks();
  const brands = looks?.brands ?? [];
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)} aria-label="Brand kit">
      <option value="">No brand</option>
      {value !== '' && !brands.some((b) => b.name === value) ? <option value={value}>{value}</option> : null}
      {brands.map((b) => (
        <option key={b.name} value={b.name} title={b.description}>
          {b.name}
        </option>
      ))}
    </select>
  );
}
