import type { Run } from '../api/types';
import { duration } from '../ui/format';
import { phasesOf } from './phases';

const ROW = 26;
const LEFT = 86;
const WIDTH = 720;

/** The run's phases per attempt as bars on one time axis (an SVG, so nothing but the page's own code draws it). */
export function TimelineChart({ run, now }: { run: Run; now: number }) {
  const phases = phasesOf(run, now);
  if (phases.length === 0) return <p className="muted">No phases yet.</p>;
  const start = Math.min(...phases.map((phase) => phase.start));
  const end = Math.max(...phases.map((phase) => phase.end), start + 1000);
  const attempts = [...new Set(phases.map((phase) => phase.attempt))];
  const x = (time: number) => LEFT + ((time - start) / (end - start)) * (WIDTH - LEFT - 10);
  const height = attempts.length * ROW + 30;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={`Timeline of ${attempts.length} attempt(s) over ${duration(end - start)}`}>
        {attempts.map((attempt, row) => (
          <text key={attempt} x={4} y={row * ROW + 18} className="axis-label">
            attempt {attempt}
          </text>
        ))}
        {phases.map((phase) => {
          const row = attempts.indexOf(phase.attempt);
          const left = x(phase.start);
          return (
            <rect
              key={`${phase.attempt}-${phase.name}`}
              x={left}
              y={row * ROW + 5}
              width={Math.max(2, x(phase.end) - left)}
              height={ROW - 10}
              className={`phase phase-${phase.name}${phase.ongoing ? ' ongoing' : ''}`}
            >
              <title>{`attempt ${phase.attempt} ${phase.name}: ${duration(phase.end - phase.start)}${phase.ongoing ? ' so far' : ''}`}</title>
            </rect>
          );
        })}
        <line x1={LEFT} x2={WIDTH - 10} y1={height - 24} y2={height - 24} className="axis" />
        <text x={LEFT} y={height - 8} className="axis-label">
          0
        </text>
        <text x={WIDTH - 10} y={height - 8} className="axis-label" textAnchor="end">
          {duration(end - start)}
        </text>
      </svg>
      <figcaption className="legend">
        {phases.map((phase) => (
          <span key={`${phase.attempt}-${phase.name}`}>
            <i className={`swatch phase-${phase.name}`} /> {phase.attempt > 1 || attempts.length > 1 ? `#${phase.attempt} ` : ''}
            {phase.name} {duration(phase.end - phase.start)}
            {phase.ongoing ? '…' : ''}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
