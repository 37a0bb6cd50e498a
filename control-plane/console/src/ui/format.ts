// Times in the browser's own zone, durations people read, sizes in binary units. Pure.

export function localTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return '–';
  const at = new Date(iso);
  const sameDay = at.toDateString() === now.toDateString();
  return sameDay
    ? at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : at.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** 850 ms, 4.2 s, 3 min 05 s, 2 h 01 min */
export function duration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) return '–';
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  const seconds = milliseconds / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function between(from: string | null | undefined, to: string | null | undefined, now: Date = new Date()): string {
  if (!from) return '–';
  return duration((to ? new Date(to) : now).getTime() - new Date(from).getTime());
}

export function bytes(count: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `key=value` lines (or commas) into a map; the line numbers of malformed entries as errors. */
export function parsePairs(text: string): { pairs: Record<string, string>; errors: string[] } {
  const pairs: Record<string, string> = {};
  const errors: string[] = [];
  text.split('\n').forEach((line, index) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    const equals = trimmed.indexOf('=');
    if (equals <= 0) {
      errors.push(`line ${index + 1}: expected key=value`);
      return;
    }
    pairs[trimmed.slice(0, equals).trim()] = trimmed.slice(equals + 1).trim();
  });
  return { pairs, errors };
}

export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}
