import { useEffect, useRef, useState, type ReactNode } from 'react';
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
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (props.open && !element.open) {
      if (typeof element.showModal === 'function') element.showModal();
      else element.setAttribute('open', '');
    }
    if (!props.open && element.open) {
      if (typeof element.close === 'function') element.close();
      else element.removeAttribute('open');
    }
  }, [props.open]);
  return (
    <dialog ref={dialog} aria-labelledby="confirm-title" onCancel={props.onCancel} className="confirm">
      <h2 id="confirm-title">{props.title}</h2>
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
