import type { MetricPoint } from '../api/types';
import { duration } from '../ui/format';
import { niceMax, scale, stepPath } from './chartScale';

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 40, right: 48, top: 12, bottom: 28 };

/**
 * Executors against the task backlog over the attempt: executors alive and the workers the
 * autoscaler wanted on the left axis, pending tasks (the backlog) on the right.
 */
export function MetricsChart({ points }: { points: MetricPoint[] }) {
  if (points.length < 2) {
    return <p className="muted">The driver reports its backlog about every second once the job's Spark context runs; nothing yet.</p>;
  }
  const times = points.map((point) => new Date(point.at).getTime());
  const start = times[0];
  const end = times[times.length - 1];
  const executorsTop = niceMax(Math.max(...points.map((point) => Math.max(point.executorsAlive, point.desiredWorkers, point.aliveWorkers))));
  const backlogTop = niceMax(Math.max(...points.map((point) => point.pendingTasks)));
  const x = scale(start, end, PAD.left, WIDTH - PAD.right);
  const left = scale(0, executorsTop, HEIGHT - PAD.bottom, PAD.top);
  const right = scale(0, backlogTop, HEIGHT - PAD.bottom, PAD.top);
  const series = (value: (point: MetricPoint) => number, y: (value: number) => number) =>
    stepPath(points.map((point, index) => [x(times[index]), y(value(point))]));
  const backlog = series((point) => point.pendingTasks, right);
  const area = `${backlog}V${HEIGHT - PAD.bottom}H${x(start)}Z`;
  const last = points[points.length - 1];
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Executors against backlog over ${duration(end - start)}: now ${last.executorsAlive} executors, ${last.pendingTasks} pending tasks`}
      >
        <path d={area} className="series-backlog-area" />
        <path d={backlog} className="series-backlog" />
        <path d={series((point) => point.desiredWorkers, left)} className="series-desired" />
        <path d={series((point) => point.executorsAlive, left)} className="series-executors" />
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} className="axis" />
        <text x={PAD.left - 6} y={PAD.top + 4} textAnchor="end" className="axis-label">
          {executorsTop}
        </text>
        <text x={PAD.left - 6} y={HEIGHT - PAD.bottom} textAnchor="end" className="axis-label">
          0
        </text>
        <text x={WIDTH - PAD.right + 6} y={PAD.top + 4} className="axis-label">
          {backlogTop}
        </text>
        <text x={PAD.left} y={HEIGHT - 8} className="axis-label">
          0 s
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 8} textAnchor="end" className="axis-label">
          {duration(end - start)}
        </text>
      </svg>
      <figcaption className="legend">
        <span>
          <i className="swatch series-executors" /> executors alive (left axis)
        </span>
        <span>
          <i className="swatch series-desired" /> workers wanted by the autoscaler (left)
        </span>
        <span>
          <i className="swatch series-backlog" /> pending tasks, the backlog (right)
        </span>
      </figcaption>
    </figure>
  );
}
