import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { Schedule } from '../api/types';
import { validate, type Schema } from '../submit/schema';
import { describeInterval, describeWhen, emptyScheduleForm, errorsByScheduleField, localInputOf, scheduleFormOf, scheduleRequestOf } from './scheduleForm';

const contract = parse(readFileSync(resolve(process.cwd(), '../../api-spec/openapi.yaml'), 'utf8'));
const JOB = '6f1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f';

const SCHEDULE: Schedule = {
  id: '7a1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f',
  workspace: 'default',
  job: JOB,
  cron: '30 2 * * *',
  timeZone: 'Europe/Berlin',
  paused: true,
  catchUp: 'LAST',
  parameters: { date: '{{sparkplane.fireDate}}' },
  nextFireTimes: [],
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
};

describe('scheduleRequestOf', () => {
  it('a cron expression in a time zone, always saying whether it is paused', () => {
    const { body, errors } = scheduleRequestOf({ ...emptyScheduleForm(JOB, 'Europe/Berlin'), cron: ' 30 2 * * * ' }, []);
    expect(errors).toEqual([]);
    expect(body).toEqual({ job: JOB, cron: '30 2 * * *', timeZone: 'Europe/Berlin', paused: false });
    expect(validate({ $ref: '#/components/schemas/ScheduleRequest' } as Schema, body, contract.components.schemas)).toEqual([]);
  });

  it('an interval from a start given in the browser zone, sent as UTC; no time zone', () => {
    const form = { ...emptyScheduleForm(JOB, 'Europe/Berlin'), kind: 'interval' as const, interval: 'pt15m', startAt: localInputOf('2026-12-01T08:00:00Z') };
    expect(scheduleRequestOf(form, []).body).toEqual({ job: JOB, interval: 'PT15M', startAt: '2026-12-01T08:00:00Z', paused: false });
  });

  it('catch-up, its run count only with ALL, parameters and a description', () => {
    const form = { ...emptyScheduleForm(JOB, 'UTC'), cron: '@daily', catchUp: 'ALL' as const, maxCatchUpRuns: '5', parameters: { date: 'x', input: '' }, description: ' nightly ', paused: true };
    expect(scheduleRequestOf(form, [{ name: 'date' }, { name: 'input', default: 'a.csv' }]).body).toEqual({
      job: JOB,
      cron: '@daily',
      timeZone: 'UTC',
      paused: true,
      catchUp: 'ALL',
      maxCatchUpRuns: 5,
      parameters: { date: 'x' },
      description: 'nightly',
    });
    expect(scheduleRequestOf({ ...form, catchUp: 'NONE' }, []).body).not.toHaveProperty('maxCatchUpRuns');
  });

  it('names what is missing at its field', () => {
    expect(scheduleRequestOf(emptyScheduleForm('', 'UTC'), [{ name: 'date' }]).errors.map((error) => error.field)).toEqual(['job', 'cron', 'parameters.date']);
    expect(scheduleRequestOf({ ...emptyScheduleForm(JOB, 'UTC'), kind: 'interval' }, []).errors.map((error) => error.field)).toEqual(['interval']);
  });

  it('fills the form from a schedule, and sends it back as it was', () => {
    const form = scheduleFormOf(SCHEDULE);
    expect(form).toMatchObject({ kind: 'cron', cron: '30 2 * * *', timeZone: 'Europe/Berlin', paused: true, catchUp: '' });
    expect(scheduleRequestOf(form, [{ name: 'date' }]).body).toEqual({ job: JOB, cron: '30 2 * * *', timeZone: 'Europe/Berlin', paused: true, parameters: { date: '{{sparkplane.fireDate}}' } });
    const interval = scheduleFormOf({ ...SCHEDULE, cron: undefined, timeZone: undefined, interval: 'PT1H', startAt: '2026-12-01T08:00:00Z', catchUp: 'ALL', maxCatchUpRuns: 10 });
    expect(scheduleRequestOf(interval, [{ name: 'date' }]).body).toMatchObject({ interval: 'PT1H', startAt: '2026-12-01T08:00:00Z', catchUp: 'ALL', maxCatchUpRuns: 10 });
  });
});

describe('when a schedule fires, in words', () => {
  it.each([
    ['PT15M', 'every 15 minutes'],
    ['PT1H', 'every hour'],
    ['P1D', 'every day'],
    ['P1DT12H', 'every 1 day 12 hours'],
    ['PT90S', 'every 90 seconds'],
    ['P1W', 'every P1W'],
  ])('%s is %s', (interval, words) => expect(describeInterval(interval)).toBe(words));

  it('a cron expression with its zone', () => {
    expect(describeWhen(SCHEDULE)).toBe('30 2 * * * (Europe/Berlin)');
    expect(describeWhen({ interval: 'PT5M' })).toBe('every 5 minutes');
  });
});

describe("the API's field errors in the schedule form", () => {
  it('go to their fields, a parameter to its own; the rest to the form with their paths', () => {
    expect(
      errorsByScheduleField([
        { field: 'cron', message: 'not a cron expression' },
        { field: 'parameters.date', message: 'required' },
        { field: 'parameters', message: 'at most 64' },
      ]),
    ).toEqual({ cron: ['not a cron expression'], 'parameters.date': ['required'], form: ['parameters: at most 64'] });
  });
});
