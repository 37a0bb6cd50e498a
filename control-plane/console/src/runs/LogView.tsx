import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { describeError, Unreachable } from '../api/client';
import { useSession } from '../session/SessionContext';
import { useVisible } from '../ui/useVisible';
import { keepTail, searchLines, splitOnMatch } from './logSearch';

const KEEP_CHARACTERS = 4_000_000;
const RENDERED_LINES = 5000;

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * An attempt's driver log, followed live (the API's follow mode, resumed at the byte reached when
 * the connection drops, paused while the tab is hidden) until the log is complete, with a search that
 * counts and highlights matching lines.
 */
export const LogView = memo(function LogView({ runId, attemptCount, current }: { runId: string; attemptCount: number; current: number }) {
  const { api } = useSession();
  const visible = useVisible();
  const [attempt, setAttempt] = useState(current);
  const [text, setText] = useState('');
  const [dropped, setDropped] = useState(false);
  const [status, setStatus] = useState<'following' | 'complete' | 'waiting' | 'paused' | 'error'>('following');
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [onlyMatches, setOnlyMatches] = useState(false);
  const [stickToEnd, setStickToEnd] = useState(true);
  const box = useRef<HTMLPreElement>(null);
  // where the log of this run and attempt has been read to; kept while the tab is hidden
  const position = useRef({ key: '', offset: 0, buffer: '', complete: false });

  // a new attempt started: follow it, unless the user picked an older one
  const followed = useRef(current);
  useEffect(() => {
    if (attempt === followed.current && current !== followed.current) setAttempt(current);
    followed.current = current;
  }, [current, attempt]);

  useEffect(() => {
    const key = `${runId}/${attempt}`;
    if (position.current.key !== key) {
      position.current = { key, offset: 0, buffer: '', complete: false };
      setText('');
      setDropped(false);
      setError(null);
    }
    if (position.current.complete) {
      setStatus('complete');
      return;
    }
    if (!visible) {
      setStatus('paused');
      return;
    }
    const controller = new AbortController();
    const append = (piece: string) => {
      if (!piece) return;
      const kept = keepTail(position.current.buffer + piece, KEEP_CHARACTERS);
      position.current.buffer = kept.text;
      if (kept.dropped) setDropped(true);
      setText(kept.text);
    };
    (async () => {
      let failures = 0;
      setStatus('following');
      while (!controller.signal.aborted) {
        try {
          const reached = await api.followLog(runId, attempt, position.current.offset, append, controller.signal);
          position.current.offset = reached.offset;
          setError(null);
          if (reached.complete) {
            position.current.complete = true;
            setStatus('complete');
            return;
          }
          failures = reached.dropped ? failures + 1 : 0;
          setStatus(reached.dropped ? 'waiting' : 'following');
          // the stream ended with the attempt (or its 30 minutes), or dropped: ask again shortly, never in a tight loop
          await sleep(reached.dropped ? Math.min(5000, 500 * failures) : 500);
        } catch (failure) {
          if (controller.signal.aborted) return;
          failures++;
          if (failure instanceof Unreachable) {
            setStatus('waiting');
          } else {
            setError(describeError(failure));
            setStatus('error');
            if (failures > 3) return;
          }
          await sleep(Math.min(5000, 500 * failures));
        }
      }
    })();
    return () => controller.abort();
  }, [api, runId, attempt, visible]);

  const { lines, matches } = useMemo(() => searchLines(text, query), [text, query]);
  const selected = onlyMatches && query.trim() ? matches : lines.map((_, index) => index);
  // the DOM holds the last lines only; the search still covers everything kept
  const shown = selected.slice(-RENDERED_LINES);

  useEffect(() => {
    if (stickToEnd && box.current && !query) box.current.scrollTop = box.current.scrollHeight;
  }, [text, stickToEnd, query]);

  // scrolling up to read stops following the end; scrolling back to it starts again
  function scrolled() {
    const element = box.current;
    if (!element) return;
    const atEnd = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
    if (atEnd !== stickToEnd) setStickToEnd(atEnd);
  }

  const attempts = Array.from({ length: attemptCount }, (_, index) => index + 1);
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
          {{ following: 'live', complete: 'complete', waiting: 'reconnecting…', paused: 'paused while hidden', error: 'stopped' }[status]}
        </span>
      </div>
      {error && <p className="field-error">{error}</p>}
      {selected.length > shown.length && (
        <p className="muted small">
          Showing the last {RENDERED_LINES} of {selected.length} lines; search to find older ones.
        </p>
      )}
      {dropped && <p className="muted small">Only the last 4 million characters are kept here; the whole log is in the run's staging (driver.log).</p>}
      <pre ref={box} className="log-text" tabIndex={0} aria-label={`Driver log of attempt ${attempt}`} onScroll={scrolled}>
        {shown.length === 0 && <span className="muted">{status === 'complete' ? 'The log is empty.' : 'Waiting for the driver log…'}</span>}
        {shown.map((index) => (
          <span key={index} className="log-line">
            {splitOnMatch(lines[index], query).map((part, at) => (part.match ? <mark key={at}>{part.text}</mark> : part.text))}
          </span>
        ))}
      </pre>
    </div>
  );
});
