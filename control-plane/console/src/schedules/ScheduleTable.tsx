import { useState } from 'react';
import { describeError } from '../api/client';
import type { Schedule } from '../api/types';
import { useSession } from '../session/SessionContext';
import { canEdit } from '../session/permissions';
import { ErrorBanner, Time } from '../ui/components';
import { describeWhen } from './scheduleForm';

/** Pauses or resumes a schedule; the answer is the schedule as it is now. */
export function usePauseResume(onChanged: (schedule: Schedule) => void) {
  const { api } = useSession();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function toggle(schedule: Schedule) {
    setBusy(schedule.id);
    setError(null);
    try {
      onChanged(await api.send<Schedule>('POST', `/api/v1/schedules/${schedule.id}/${schedule.paused ? 'resume' : 'pause'}`));
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(null);
    }
  }
  return { toggle, busy, error };
}

export function ScheduleState({ schedule }: { schedule: Schedule }) {
  return <span className={`state ${schedule.paused ? 'state-paused' : 'state-active'}`}>{schedule.paused ? 'PAUSED' : 'ACTIVE'}</span>;
}

/**
 * Schedules, each linked to its page, with when it fires next and last; editors pause and resume them
 * here. With `jobNames`, each row names its job.
 */
export function ScheduleTable({ schedules, jobNames, onChanged }: { schedules: Schedule[]; jobNames?: Record<string, string>; onChanged: () => void }) {
  const { identity } = useSession();
  const { toggle, busy, error } = usePauseResume(onChanged);
  return (
    <>
      <ErrorBanner message={error} />
      <div className="table-scroll">
        <table className="schedules">
          <thead>
            <tr>
              <th scope="col">When</th>
              {jobNames && <th scope="col">Job</th>}
              <th scope="col">State</th>
              <th scope="col">Next fire time</th>
              <th scope="col">Last fire time</th>
              <th scope="col">Workspace</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {schedules.map((schedule) => (
              <tr key={schedule.id} data-schedule-id={schedule.id}>
                <td>
                  <a href={`#/schedules/${schedule.id}`} className="mono">
                    {describeWhen(schedule)}
                  </a>
                  {schedule.description && <div className="muted small">{schedule.description}</div>}
                </td>
                {jobNames && (
                  <td>
                    <a href={`#/jobs/${schedule.job}`}>{jobNames[schedule.job] ?? schedule.job.slice(0, 8)}</a>
                  </td>
                )}
                <td>
                  <ScheduleState schedule={schedule} />
                </td>
                <td>{schedule.nextFireTimes.length ? <Time at={schedule.nextFireTimes[0]} /> : <span className="muted">{schedule.paused ? 'none while paused' : 'none'}</span>}</td>
                <td>
                  <Time at={schedule.lastFireTime} />
                  {schedule.lastRunId && (
                    <>
                      {' '}
                      <a href={`#/runs/${schedule.lastRunId}`} className="small">
                        its run
                      </a>
                    </>
                  )}
                </td>
                <td>{schedule.workspace}</td>
                <td>
                  {canEdit(identity, schedule.workspace) && (
                    <button type="button" onClick={() => toggle(schedule)} disabled={busy === schedule.id} aria-label={`${schedule.paused ? 'Resume' : 'Pause'} ${describeWhen(schedule)}`}>
                      {schedule.paused ? 'Resume' : 'Pause'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
