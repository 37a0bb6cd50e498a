import type { Run } from '../api/types';

export type PhaseName = 'queued' | 'provisioning' | 'running';

export interface Phase {
  attempt: number;
  name: PhaseName;
  start: number;
  /** the phase's end, or now while it lasts */
  end: number;
  ongoing: boolean;
}

/**
 * A run's phases per attempt, for the timeline chart: each attempt waits in the queue (from the
 * submit, or from the end of the attempt before), provisions its engine cluster, then runs. Pure.
 */
export function phasesOf(run: Run, now: number): Phase[] {
  const phases: Phase[] = [];
  const at = (iso: string | null | undefined) => (iso ? new Date(iso).getTime() : undefined);
  let queuedFrom = at(run.createdAt)!;
  const attempts = [...run.attempts].sort((a, b) => a.attempt - b.attempt);
  for (const attempt of attempts) {
    const provisioning = at(attempt.provisioningAt)!;
    const started = at(attempt.startedAt);
    const ended = at(attempt.endedAt);
    phases.push({ attempt: attempt.attempt, name: 'queued', start: queuedFrom, end: provisioning, ongoing: false });
    const provisionedUntil = started ?? ended ?? now;
    phases.push({ attempt: attempt.attempt, name: 'provisioning', start: provisioning, end: provisionedUntil, ongoing: started === undefined && ended === undefined });
    if (started !== undefined) {
      phases.push({ attempt: attempt.attempt, name: 'running', start: started, end: ended ?? now, ongoing: ended === undefined });
    }
    queuedFrom = ended ?? now;
  }
  // queued for an attempt that has not started provisioning (a new run, or a retry waiting)
  const waiting = run.state === 'QUEUED' && !attempts.some((attempt) => attempt.attempt === run.attempt);
  if (waiting) {
    phases.push({ attempt: run.attempt, name: 'queued', start: at(run.queuedAt) ?? queuedFrom, end: now, ongoing: true });
  }
  return phases;
}
