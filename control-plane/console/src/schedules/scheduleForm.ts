import type { CatchUpPolicy, FieldError, JobParameter, Schedule } from '../api/types';
import { scheduleParametersOf } from '../jobs/parameters';

// The schedule form's values and the body of POST/PUT /api/v1/schedules they make, a schedule back
// into the form, and the words for when a schedule fires. Pure.

export interface ScheduleForm {
  job: string;
  kind: 'cron' | 'interval';
  cron: string;
  /** an IANA zone; the cron expression is read in it */
  timeZone: string;
  /** an ISO-8601 duration, PT15M */
  interval: string;
  /** the first fire time of an interval, as a datetime-local input gives it (the browser's zone); empty: when it is made */
  startAt: string;
  paused: boolean;
  catchUp: '' | CatchUpPolicy;
  maxCatchUpRuns: string;
  /** values by parameter name; empty: the job's default at each fire time */
  parameters: Record<string, string>;
  description: string;
}

/** A new schedule of a job, read in the browser's zone (as Cloud Scheduler's console starts). */
export function emptyScheduleForm(job: string, timeZone: string): ScheduleForm {
  return { job, kind: 'cron', cron: '', timeZone, interval: '', startAt: '', paused: false, catchUp: '', maxCatchUpRuns: '', parameters: {}, description: '' };
}

/**
 * The body of POST /api/v1/schedules (and PUT, which replaces the whole definition: so `paused` is
 * always sent, or a change would resume a paused schedule).
 */
export function scheduleRequestOf(form: ScheduleForm, jobParameters: JobParameter[]): { body: Record<string, unknown>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const body: Record<string, unknown> = { job: form.job };
  if (!form.job) errors.push({ field: 'job', message: 'required: the job the schedule starts' });
  if (form.kind === 'cron') {
    if (!form.cron.trim()) errors.push({ field: 'cron', message: 'required: five fields (minute hour day-of-month month day-of-week) or @hourly, @daily…' });
    body.cron = form.cron.trim();
    if (form.timeZone.trim()) body.timeZone = form.timeZone.trim();
  } else {
    if (!form.interval.trim()) errors.push({ field: 'interval', message: 'required: an ISO-8601 duration such as PT15M, PT1H or P1D' });
    body.interval = form.interval.trim().toUpperCase();
    if (form.startAt.trim()) {
      const start = new Date(form.startAt);
      if (Number.isNaN(start.getTime())) errors.push({ field: 'startAt', message: 'not a date and time' });
      else body.startAt = start.toISOString().replace('.000Z', 'Z');
    }
  }
  body.paused = form.paused;
  if (form.catchUp) body.catchUp = form.catchUp;
  if (form.catchUp === 'ALL' && form.maxCatchUpRuns.trim()) {
    const value = Number(form.maxCatchUpRuns.trim());
    if (!Number.isInteger(value)) errors.push({ field: 'maxCatchUpRuns', message: 'must be a whole number' });
    body.maxCatchUpRuns = value;
  }
  const parameters = scheduleParametersOf(jobParameters, form.parameters);
  errors.push(...parameters.errors);
  if (Object.keys(parameters.parameters).length) body.parameters = parameters.parameters;
  if (form.description.trim()) body.description = form.description.trim();
  return { body, errors };
}

/** The form of a schedule, to change it. */
export function scheduleFormOf(schedule: Schedule): ScheduleForm {
  return {
    job: schedule.job,
    kind: schedule.interval ? 'interval' : 'cron',
    cron: schedule.cron ?? '',
    timeZone: schedule.timeZone ?? 'UTC',
    interval: schedule.interval ?? '',
    startAt: schedule.interval && schedule.startAt ? localInputOf(schedule.startAt) : '',
    paused: schedule.paused,
    catchUp: schedule.catchUp === 'LAST' ? '' : schedule.catchUp,
    maxCatchUpRuns: schedule.maxCatchUpRuns === undefined ? '' : String(schedule.maxCatchUpRuns),
    parameters: { ...schedule.parameters },
    description: schedule.description ?? '',
  };
}

/** An instant as a datetime-local input shows it, in the browser's zone, to the second. */
export function localInputOf(iso: string): string {
  const at = new Date(iso);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
}

const UNITS: [string, string, string][] = [
  ['D', 'day', 'days'],
  ['H', 'hour', 'hours'],
  ['M', 'minute', 'minutes'],
  ['S', 'second', 'seconds'],
];

/** PT15M as "every 15 minutes", P1DT12H as "every 1 day 12 hours"; anything else as written. */
export function describeInterval(interval: string): string {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(interval.trim());
  if (!match || match.slice(1).every((part) => part === undefined)) return `every ${interval}`;
  const parts = match
    .slice(1)
    .map((count, index) => (count === undefined || Number(count) === 0 ? '' : `${Number(count)} ${Number(count) === 1 ? UNITS[index][1] : UNITS[index][2]}`))
    .filter(Boolean);
  if (parts.length === 1 && parts[0].startsWith('1 ')) return `every ${parts[0].slice(2)}`;
  return `every ${parts.join(' ')}`;
}

/** When a schedule fires, in words: its cron expression and zone, or its interval. */
export function describeWhen(schedule: Pick<Schedule, 'cron' | 'timeZone' | 'interval'>): string {
  if (schedule.cron) return `${schedule.cron} (${schedule.timeZone ?? 'UTC'})`;
  if (schedule.interval) return describeInterval(schedule.interval);
  return '–';
}

/** An instant as the wall clocks of a named zone show it, and the zone's name. */
export function timeIn(iso: string, timeZone: string): string {
  return `${new Date(iso).toLocaleString(undefined, { timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })} in ${timeZone}`;
}

/** The IANA zones the browser knows, for the time zone field's suggestions. */
export function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const SCHEDULE_FIELDS = ['job', 'cron', 'timeZone', 'interval', 'startAt', 'paused', 'catchUp', 'maxCatchUpRuns', 'description'];

/** Errors grouped by the form field that shows them: a parameter's by `parameters.<name>`, others by name; the rest under `form`. */
export function errorsByScheduleField(errors: FieldError[]): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const error of errors) {
    const key = /^parameters\.[^.]+$/.test(error.field) || SCHEDULE_FIELDS.includes(error.field) ? error.field : 'form';
    (grouped[key] ??= []).push(key === 'form' ? `${error.field}: ${error.message}` : error.message);
  }
  return grouped;
}
