import { describe, expect, it } from 'vitest';
import type { JobParameter } from '../api/types';
import { initialValues, isRequired, parameterOf, scheduleParametersOf, startRequestOf } from './parameters';

const PARAMETERS: JobParameter[] = [
  { name: 'input', default: 'sales.csv' },
  { name: 'date', description: 'the day to process' },
  { name: 'suffix', default: '' },
];

describe('Run now', () => {
  it('shows the defaults, and nothing for a required parameter', () => {
    expect(initialValues(PARAMETERS)).toEqual({ input: 'sales.csv', date: '', suffix: '' });
    expect(PARAMETERS.map(isRequired)).toEqual([false, true, false]);
  });

  it('sends only the values that differ from their defaults', () => {
    expect(startRequestOf(PARAMETERS, { input: 'sales.csv', date: '2026-12-01', suffix: '' })).toEqual({
      body: { parameters: { date: '2026-12-01' } },
      errors: [],
    });
    expect(startRequestOf(PARAMETERS, { input: 'other.csv', date: 'x', suffix: '-v2' }, 2).body).toEqual({
      version: 2,
      parameters: { input: 'other.csv', date: 'x', suffix: '-v2' },
    });
  });

  it('sends an emptied default as the empty value it now is', () => {
    expect(startRequestOf(PARAMETERS, { input: '', date: 'x', suffix: '' }).body.parameters).toEqual({ input: '', date: 'x' });
  });

  it('refuses a required parameter left empty, at its field', () => {
    expect(startRequestOf(PARAMETERS, initialValues(PARAMETERS)).errors).toEqual([{ field: 'parameters.date', message: 'required: the job has no default for it' }]);
  });

  it('sends an empty body for a job without parameters', () => {
    expect(startRequestOf([], {})).toEqual({ body: {}, errors: [] });
  });
});

describe("a schedule's parameters", () => {
  it("leaves empty ones out, for the job's default at each fire time; a required one must be given", () => {
    expect(scheduleParametersOf(PARAMETERS, { input: '', date: '', suffix: 'x' })).toEqual({
      parameters: { suffix: 'x' },
      errors: [{ field: 'parameters.date', message: 'required: the job has no default for it' }],
    });
  });

  it('keeps a value of a parameter the job no longer has, for the server to name', () => {
    expect(scheduleParametersOf(PARAMETERS, { date: 'd', gone: 'y' }).parameters).toEqual({ date: 'd', gone: 'y' });
  });

  it('finds the parameter an error is about', () => {
    expect(parameterOf('parameters.date')).toBe('date');
    expect(parameterOf('version')).toBeUndefined();
  });
});
