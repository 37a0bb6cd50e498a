import { useEffect, useMemo, useRef, useState } from 'react';
import { describeError, Unreachable } from '../api/client';
import { useSession } from '../session/SessionContext';
import { keepTail, searchLines, splitOnMatch } from './logSearch';

const KEEP_CHARACTERS = 4_000_000;
const RENDERED_LINES = 5000;

/**
 * An attempt's driver log, followed live (the API's follow mode, resumed at the byte reached after a
 * drop) until the attempt's log is complete, with a search that counts and highlights matches.
 */
export function LogView({ runId, attempts, current }: { runId: string; attempts: number[]; current: number }) {
  const { api } = useSession();
  const [attempt, setAttempt] = useState(current);
  const [text, setText] = useState('');
  const [dropped, setDropped] = useState(false);
  const [status, setStatus] = useState<'following' | 'complete' | 'waiting' | 'error'>('following');
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [onlyMatches, setOnlyMatches] = useState(false);
  const [stickToEnd, setStickToEnd] = useState(true);
  const box = useRef<HTMLPreElement>(null);

  // a new attempt started: follow it, unless the user picked an older one
  const followed = useRef(current);
  useEffect(() => {
    if (attempt === followed.current && current !== followed.current) setAttempt(current);
    followed.current = current;
  }, [current, attempt]);

  useEffect(() => {
    const controller = new AbortController();
    let offset = 0;
    let buffer = '';
    setText('');
    setDropped(false);
    setStatus('following');
    setError(null);
    const append = (piece: string) => {
      if (!piece) return;
      const kept = keepTail(buffer + piece, KEEP_CHARACTERS);
      buffer = kept.text;
      if (kept.dropped) setDropped(true);
      setText(buffer);
    };
    (async () => {
      let failures = 0;
      while (!controller.signal.aborted) {
        try {
          const reached = await api.followLog(runId, attempt, offset, append, controller.signal);
          offset = reached.offset;
          failures = 0;
          if (reached.complete) {
            setStatus('complete');
            return;
          }
          setStatus('following');
          // the stream ended with the attempt (or its 30 minutes): ask again shortly, never in a tight loop
          await new Promise((resolve) => setTimeout(resolve, 500));
        } catch (failure) {
          if (controller.signal.aborted) return;
          failures++;
          if (!(failure instanceof Unreachable)) {
            setError(describeError(failure));
            setStatus('error');
            if (failures > 3) return;
          } else setStatus('waiting');
          await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 500 * failures)));
        }
      }
    })();
    return () => controller.abort();
  }, [api, runId, attempt]);

  const { lines, matches } = useMemo(() => searchLines(text, query), [text, query]);
  const selected = onlyMatches && query.trim() ? matches : lines.map((_, index) => index);
  // the DOM holds the last lines only; the search still covers everything kept
  const shown = selected.slice(-RENDERED_LINES);

  useEffect(() => {
    if (stickToEnd && box.current && !query) box.current.scrollTop = box.current.scrollHeight;
  }, [text, stickToEnd, query]);

  return (
    <div className="log">
      <div className="log-tools">
        {attempts.length > 1 && (
          <label>
            Attempt{' '}
            <select value={attempt} onChange={(event) => setAttempt(Number(event.target.value))}>
              {attempts.map((number) => (
                <option key={number} value={number}>
                  {number}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="grow">
          <span className="visually-hidden">Search the log</span>
          <input type="search" placeholder="Search the log" value={query} onChange={(event) => setQuery(event.target.value)} />
        </label>
        {query.trim() && (
          <span className="muted" role="status" aria-live="polite">
            {matches.length} matching line{matches.length === 1 ? '' : 's'}
          </span>
        )}
        <label>
          <input type="checkbox" checked={onlyMatches} onChange={(event) => setOnlyMatches(event.target.checked)} /> only matching lines
        </label>
        <label>
          <input type="checkbox" checked={stickToEnd} onChange={(event) => setStickToEnd(event.target.checked)} /> follow the end
        </label>
        <span className={`log-status log-${status}`} role="status" data-log-status={status}>
          {status === 'following' ? 'live' : status === 'complete' ? 'complete' : status === 'waiting' ? 'reconnecting…' : 'stopped'}
        </span>
      </div>
      {error && <p className="field-error">{error}</p>}
      {selected.length > shown.length && <p className="muted small">Showing the last {RENDERED_LINES} of {selected.length} lines; search to find older ones.</p>}
      {dropped && <p className="muted small">Only the last 4 MB are shown here; the whole log is in the run's staging (driver.log).</p>}
      <pre ref={box} className="log-text" tabIndex={0} aria-label={`Driver log of attempt ${attempt}`}>
        {shown.length === 0 && <span className="muted">{status === 'complete' ? 'The log is empty.' : 'Waiting for the driver log…'}</span>}
        {shown.map((index) => (
          <div key={index} className="log-line">
            {splitOnMatch(lines[index], query).map((part, at) => (part.match ? <mark key={at}>{part.text}</mark> : part.text))}
          </div>
        ))}
      </pre>
    </div>
  );
}
