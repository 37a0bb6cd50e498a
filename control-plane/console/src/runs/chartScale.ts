/** A linear scale from [min, max] onto [from, to], with a "nice" rounded top for the axis. Pure. */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (value <= step * magnitude) return step * magnitude;
  }
  return 10 * magnitude;
}

export function scale(min: number, max: number, from: number, to: number): (value: number) => number {
  const span = max - min || 1;
  return (value) => from + ((value - min) / span) * (to - from);
}

/** An SVG path through the points as steps (a count holds until the next observation). */
export function stepPath(points: [number, number][]): string {
  if (points.length === 0) return '';
  let path = `M${points[0][0].toFixed(1)},${points[0][1].toFixed(1)}`;
  for (let index = 1; index < points.length; index++) {
    path += `H${points[index][0].toFixed(1)}V${points[index][1].toFixed(1)}`;
  }
  return path;
}
