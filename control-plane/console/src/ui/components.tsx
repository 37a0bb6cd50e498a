import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { RunState } from '../api/types';
import { localTime } from './format';

export function StateBadge({ state }: { state: RunState | string }) {
  return <span className={`state state-${state.toLowerCase()}`}>{state.replace('_', ' ')}</span>;
}

/** A time in the browser's zone; the exact instant (UTC) on hover. */
export function Time({ at }: { at: string | null | undefined }) {
  if (!at) return <span className="muted">–</span>;
  return (
    <time dateTime={at} title={new Date(at).toISOString()}>
      {localTime(at)}
    </time>
  );
}

export function ErrorBanner({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div className="banner error" role="alert">
      {message}
    </div>
  );
}

export function OfflineBanner({ offline }: { offline: boolean }) {
  if (!offline) return null;
  return (
    <div className="banner warning" role="status">
      The control plane cannot be reached; showing what was last loaded and retrying.
    </div>
  );
}

/** Shows a native dialog as a modal while `open` (focus moves into it, Escape closes it, the page behind is inert). */
function useModal(open: boolean) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      if (typeof element.showModal === 'function') element.showModal();
      else element.setAttribute('open', '');
    }
    if (!open && element.open) {
      if (typeof element.close === 'function') element.close();
      else element.removeAttribute('open');
    }
  }, [open]);
  return dialog;
}

/**
 * A modal confirmation (a native dialog: focus moves into it, Escape closes it, the page behind is
 * inert).
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useModal(props.open);
  // several dialogs may be on one page: each is named by its own title
  const titleId = `confirm-title-${useId().replace(/:/g, '')}`;
  return (
    <dialog ref={dialog} aria-labelledby={titleId} onCancel={props.onCancel} className="confirm">
      <h2 id={titleId}>{props.title}</h2>
      <div>{props.children}</div>
      <div className="actions">
        <button type="button" onClick={props.onCancel} autoFocus>
          Keep it
        </button>
        <button type="button" className="danger" onClick={props.onConfirm} disabled={props.busy}>
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/** A modal dialog holding a form of its own (Run now). Escape or the form's own cancel closes it. */
export function FormDialog(props: { open: boolean; title: string; children: ReactNode; onCancel: () => void }) {
  const dialog = useModal(props.open);
  const titleId = `dialog-title-${useId().replace(/:/g, '')}`;
  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        props.onCancel();
      }}
      className="confirm form-dialog"
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.open && props.children}
    </dialog>
  );
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [said, setSaid] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setSaid('Copied');
    } catch {
      // no clipboard outside a secure context: select the text for Ctrl-C instead
      const field = button.current?.previousElementSibling;
      if (field instanceof HTMLInputElement) field.select();
      setSaid('Selected: press Ctrl-C');
    }
  }
  return (
    <>
      <button type="button" ref={button} onClick={copy}>
        {label}
      </button>
      <span role="status" aria-live="polite" className="muted small">
        {said}
      </span>
    </>
  );
}
