import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal confirmation on the native <dialog>: focus is trapped, Escape closes it and focus
 * returns to the opener, without any extra library. The safe choice has focus first.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const { open, onClose } = props;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const onCancel = (e: Event) => {
      e.preventDefault();
      onClose();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => dialog.removeEventListener('cancel', onCancel);
  }, [onClose]);

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="confirm-title">
      {open ? (
        <>
          <h2 id="confirm-title">{props.title}</h2>
          <div className="dialog-body">{props.children}</div>
          <div className="dialog-actions">
            <button type="button" className="button" autoFocus onClick={onClose}>
              Back
            </button>
            <button
              type="button"
              className={props.danger ? 'button danger' : 'button primary'}
              onClick={() => {
                props.onConfirm();
                onClose();
              }}
            >
              {props.confirmLabel}
            </button>
          </div>
        </>
      ) : null}
    </dialog>
  );
}
