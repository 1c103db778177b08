import type { ReactNode } from 'react';

/** A form control with its visible label (the label wraps it, so it names the control). */
export function Labeled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="field">
      <label>
        <span>{label}</span>
        {children}
      </label>
    </div>
  );
}
