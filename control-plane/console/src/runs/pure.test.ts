import { describe, expect, it } from 'vitest';
import type { Run } from '../api/types';
import { niceMax, stepPath } from './chartScale';
import { keepTail, searchLines, splitOnMatch } from './logSearch';
import { phasesOf } from './phases';

const t = (seconds: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, seconds)).toISOString();
const ms = (seconds: number) => Date.UTC(2026, 11, 6, 12, 0, seconds);

function run(fields: Partial<Run>): Run {
  return { createdAt: t(0), queuedAt: t(0), state: 'QUEUED', attempt: 1, attempts: [], ...fields } as Run;
}

describe('phasesOf', () => {
  it('a new run waits in the queue until now', () => {
    expect(phasesOf(run({}), ms(5))).toEqual([{ attempt: 1, name: 'queued', start: ms(0), end: ms(5), ongoing: true }]);
  });

  it('a finished run: queued, provisioning, running', () => {
    const phases = phasesOf(
      run({ state: 'SUCCEEDED', attempts: [{ attempt: 1, state: 'SUCCEEDED', provisioningAt: t(1), startedAt: t(4), endedAt: t(10), reason: null, message: null, exitCode: 0 }] }),
      ms(60),
    );
    expect(phases.map((phase) => [phase.name, (phase.end - phase.start) / 1000, phase.ongoing])).toEqual([
      ['queued', 1, false],
      ['provisioning', 3, false],
      ['running', 6, false],
    ]);
  });

  it('a retry queues from the end of the failed attempt; a failed provisioning has no running phase', () => {
    const phases = phasesOf(
      run({
        state: 'RUNNING',
        attempt: 2,
        attempts: [
          { attempt: 1, state: 'FAILED', provisioningAt: t(1), startedAt: null, endedAt: t(3), reason: 'PROVISIONING_FAILED', message: null, exitCode: null },
          { attempt: 2, state: 'RUNNING', provisioningAt: t(5), startedAt: t(7), endedAt: null, reason: null, message: null, exitCode: null },
        ],
      }),
      ms(9),
    );
    expect(phases.map((phase) => `${phase.attempt}:${phase.name}:${(phase.end - phase.start) / 1000}${phase.ongoing ? '+' : ''}`)).toEqual([
      '1:queued:1',
      '1:provisioning:2',
      '2:queued:2',
      '2:provisioning:2',
      '2:running:2+',
    ]);
  });
});

describe('charts', () => {
  it.each([
    [0, 1],
    [1, 1],
    [3, 5],
    [7, 10],
    [11, 20],
    [240, 250],
    [1001, 2000],
  ])('niceMax(%d) = %d', (value, nice) => expect(niceMax(value)).toBe(nice));

  it('steps hold a value until the next point', () => {
    expect(stepPath([[0, 10], [5, 4], [9, 4]])).toBe('M0.0,10.0H5.0V4.0H9.0V4.0');
    expect(stepPath([])).toBe('');
  });
});

describe('log search', () => {
  it('counts matching lines, case-insensitively, without a trailing empty line', () => {
    const { lines, matches } = searchLines('INFO a\nERROR b\nerror c\n', 'error');
    expect(lines).toEqual(['INFO a', 'ERROR b', 'error c']);
    expect(matches).toEqual([1, 2]);
    expect(searchLines('x\n', '  ').matches).toEqual([]);
  });

  it('cuts a line around every match', () => {
    expect(splitOnMatch('Error: an error', 'error')).toEqual([
      { text: 'Error', match: true },
      { text: ': an ', match: false },
      { text: 'error', match: true },
    ]);
  });

  it('keeps the tail of a long log from a line start', () => {
    expect(keepTail('aaa\nbbb\nccc\n', 100)).toEqual({ text: 'aaa\nbbb\nccc\n', dropped: false });
    expect(keepTail('aaa\nbbb\nccc\n', 6)).toEqual({ text: 'ccc\n', dropped: true });
  });
});
