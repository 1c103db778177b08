import { useEffect } from 'react';
import { actions, useApp } from '../store/store';
import type { Toast } from '../store/uiSlice';
import { Icon } from './Icon';

/** How long a toast stays; errors stay until dismissed, because they usually need action. */
const LIFETIME_MS: Record<Toast['level'], number | null> = { info: 5000, success: 4000, warning: 8000, error: null };

/** Host notices and action results. One polite live region, so screen readers hear each. */
export function Toasts() {
  const toasts = useApp((s) => s.toasts);
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const ms = toast.action?.ms ?? LIFETIME_MS[toast.level];
  useEffect(() => {
    if (ms === null) return;
    const timer = setTimeout(() => actions().dismissToast(toast.id), ms);
    return () => clearTimeout(timer);
  }, [toast.id, ms]);

  return (
    <div className="toast" data-level={toast.level}>
      <span className="toast-message">{toast.message}</span>
      {toast.action ? (
        <button
          type="button"
          className="button small toast-action"
          onClick={() => {
            toast.action?.run();
            actions().dismissToast(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      ) : null}
      <button type="button" className="icon-button" aria-label="Dismiss notification" onClick={() => actions().dismissToast(toast.id)}>
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
