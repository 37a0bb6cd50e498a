import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../api/client';
import type { Job, JobPage, Schedule } from '../api/types';
import { isRequired } from '../jobs/parameters';
import { useSession } from '../session/SessionContext';
import { canEdit } from '../session/permissions';
import { Field } from '../submit/RunFields';
import { ErrorBanner } from '../ui/components';
import { navigate, type Route } from '../ui/router';
import { browserTimeZone, emptyScheduleForm, errorsByScheduleField, scheduleFormOf, scheduleRequestOf, timeZones, type ScheduleForm } from './scheduleForm';

const CRON_EXAMPLES = ['@hourly', '@daily', '@weekly', '@monthly', '0 2 * * *', '*/15 * * * *', '30 6 * * 1-5', '0 0 1 * *'];
const INTERVAL_EXAMPLES = ['PT1M', 'PT5M', 'PT15M', 'PT30M', 'PT1H', 'PT6H', 'PT12H', 'P1D', 'P7D'];

/**
 * Make a schedule of a job (`?job=` in the address, or chosen here) or change one (`scheduleId`): a
 * cron expression read in a time zone, or an interval from a start; the job's parameters for its runs.
 */
export function ScheduleFormPage({ scheduleId, route }: { scheduleId?: string; route: Route }) {
  const { api, identity } = useSession();
  const [form, setForm] = useState<ScheduleForm>(() => emptyScheduleForm(route.query.get('job') ?? '', browserTimeZone()));
  const [schedule, setSchedule] = useState<Schedule | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!scheduleId) return;
    api.get<Schedule>(`/api/v1/schedules/${scheduleId}`).then((found) => {
      setSchedule(found);
      setForm(scheduleFormOf(found));
    }, (failure) => setProblem(describeError(failure)));
  }, [api, scheduleId]);

  // the jobs to choose from, when none is named: those of the workspaces the caller may change
  const chooseJob = !scheduleId && !route.query.get('job');
  useEffect(() => {
    if (!chooseJob) return;
    api.get<JobPage>('/api/v1/jobs?limit=200').then((page) => setJobs(page.items.filter((item) => canEdit(identity, item.workspace))), (failure) => setProblem(describeError(failure)));
  }, [api, identity, chooseJob]);

  // the job's parameters, for the values the schedule gives them
  useEffect(() => {
    if (!form.job) {
      setJob(null);
      return;
    }
    api.get<Job>(`/api/v1/jobs/${form.job}`).then(setJob, (failure) => setProblem(describeError(failure)));
  }, [api, form.job]);

  if (!canEdit(identity) || (job && !canEdit(identity, job.workspace))) {
    return (
      <section>
        <h1>{scheduleId ? 'Change a schedule' : 'New schedule'}</h1>
        <p>Your role may read schedules but not change them. An admin can give you an editor token.</p>
      </section>
    );
  }
  if (scheduleId && !schedule) {
    return (
      <section>
        <ErrorBanner message={problem} />
        {!problem && <p className="muted">Loading schedule…</p>}
      </section>
    );
  }

  const set = <K extends keyof ScheduleForm>(field: K, value: ScheduleForm[K]) => setForm((current) => ({ ...current, [field]: value }));
  const parameters = job?.parameters ?? [];
  // values the schedule holds for parameters its job no longer has, to be cleared
  const orphans = Object.keys(form.parameters).filter((name) => !parameters.some((parameter) => parameter.name === name));

  async function save(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const request = scheduleRequestOf(form, parameters);
    setErrors(errorsByScheduleField(request.errors));
    if (request.errors.length) {
      setProblem(`${request.errors.length} field${request.errors.length === 1 ? ' needs' : 's need'} a change before the schedule can be saved.`);
      return;
    }
    setBusy(true);
    try {
      const saved = await api.send<Schedule>(scheduleId ? 'PUT' : 'POST', scheduleId ? `/api/v1/schedules/${scheduleId}` : '/api/v1/schedules', request.body);
      navigate(`#/schedules/${saved.id}`);
    } catch (failure) {
      if (failure instanceof ApiError && failure.problem?.errors?.length) {
        setErrors(errorsByScheduleField(failure.problem.errors));
        setProblem(`The control plane refused the schedule: ${failure.problem.detail}`);
      } else {
        setProblem(describeError(failure));
      }
    } finally {
      setBusy(false);
    }
  }

  const input = (field: 'cron' | 'timeZone' | 'interval' | 'startAt' | 'maxCatchUpRuns', options: { placeholder?: string; type?: string; list?: string; className?: string } = {}) =>
    (id: string, describedBy: string | undefined) => (
      <input
        id={id}
        type={options.type ?? 'text'}
        step={options.type === 'datetime-local' ? 1 : undefined}
        list={options.list}
        className={options.className}
        value={form[field]}
        placeholder={options.placeholder}
        onChange={(event) => set(field, event.target.value)}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={describedBy}
      />
    );

  return (
    <section aria-labelledby="schedule-form-title">
      <p>
        <a href={scheduleId ? `#/schedules/${scheduleId}` : form.job ? `#/jobs/${form.job}` : '#/schedules'}>← {scheduleId ? 'Schedule' : job ? job.name : 'Schedules'}</a>
      </p>
      <h1 id="schedule-form-title">{scheduleId ? 'Change a schedule' : job ? `Schedule ${job.name}` : 'New schedule'}</h1>
      <ErrorBanner message={problem} />
      {errors.form && (
        <ul className="field-error" role="alert">
          {errors.form.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      <form onSubmit={save} noValidate className="submit-form">
        <fieldset>
          <legend>When</legend>
          {chooseJob && (
            <Field
              name="job"
              label="Job"
              errors={errors.job}
              input={(id, describedBy) => (
                <select id={id} value={form.job} onChange={(event) => setForm((current) => ({ ...current, job: event.target.value, parameters: {} }))} aria-describedby={describedBy}>
                  <option value="">{jobs === null ? 'loading…' : jobs.length === 0 ? 'no job you may schedule' : 'choose a job'}</option>
                  {(jobs ?? []).map((item) => (
                    <option key={item.id} value={item.id}>
                      {item.name} ({item.workspace})
                    </option>
                  ))}
                </select>
              )}
            />
          )}
          {!chooseJob && errors.job && <div className="field-error">{errors.job.join(' ')}</div>}
          <div className="radio-row" role="radiogroup" aria-label="Fires">
            <label>
              <input type="radio" name="kind" checked={form.kind === 'cron'} onChange={() => set('kind', 'cron')} /> On a cron schedule, in a time zone
            </label>
            <label>
              <input type="radio" name="kind" checked={form.kind === 'interval'} onChange={() => set('kind', 'interval')} /> Every interval
            </label>
          </div>
          {form.kind === 'cron' ? (
            <div className="grid wide">
              <Field
                name="cron"
                label="Cron expression"
                errors={errors.cron}
                help="minute hour day-of-month month day-of-week, as 30 2 * * * (02:30 every day); or @hourly, @daily, @weekly, @monthly, @yearly."
                input={input('cron', { placeholder: '30 2 * * *', list: 'cron-examples', className: 'mono' })}
              />
              <Field
                name="timeZone"
                label="Time zone"
                errors={errors.timeZone}
                help="The IANA zone the expression is read in: 02:30 stays 02:30 there across daylight-saving changes."
                input={input('timeZone', { placeholder: 'UTC', list: 'time-zones' })}
              />
            </div>
          ) : (
            <div className="grid wide">
              <Field
                name="interval"
                label="Interval"
                errors={errors.interval}
                help="An ISO-8601 duration: PT15M, PT1H, P1D; from a minute to 366 days. Elapsed time, whatever the clocks on walls say."
                input={input('interval', { placeholder: 'PT15M', list: 'interval-examples', className: 'mono' })}
              />
              <Field
                name="startAt"
                label="First fire time"
                errors={errors.startAt}
                help={`In your time zone (${browserTimeZone()}). Empty: one interval after the schedule is made.`}
                input={input('startAt', { type: 'datetime-local' })}
              />
            </div>
          )}
          <datalist id="cron-examples">
            {CRON_EXAMPLES.map((example) => (
              <option key={example} value={example} />
            ))}
          </datalist>
          <datalist id="interval-examples">
            {INTERVAL_EXAMPLES.map((example) => (
              <option key={example} value={example} />
            ))}
          </datalist>
          <datalist id="time-zones">
            {timeZones().map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <div className="grid wide">
            <Field
              name="catchUp"
              label="Missed fire times"
              errors={errors.catchUp}
              help="Fire times that passed while no replica of the control plane was up."
              input={(id, describedBy) => (
                <select id={id} value={form.catchUp} onChange={(event) => set('catchUp', event.target.value as ScheduleForm['catchUp'])} aria-describedby={describedBy}>
                  <option value="">start the latest one (default)</option>
                  <option value="LAST">LAST: start the latest one</option>
                  <option value="ALL">ALL: start each, oldest first</option>
                  <option value="NONE">NONE: start none</option>
                </select>
              )}
            />
            {form.catchUp === 'ALL' && (
              <Field name="maxCatchUpRuns" label="At most" errors={errors.maxCatchUpRuns} help="1 to 100; default 10." input={input('maxCatchUpRuns', { type: 'number', placeholder: '10' })} />
            )}
          </div>
          <label className="inline">
            <input type="checkbox" checked={form.paused} onChange={(event) => set('paused', event.target.checked)} /> Paused: no fire time starts a run until it is resumed
          </label>
        </fieldset>
        <fieldset>
          <legend>Parameters</legend>
          {!job && <p className="muted">{form.job ? 'Loading the job…' : 'Choose a job first.'}</p>}
          {job && parameters.length === 0 && orphans.length === 0 && <p className="muted">The job has no parameters.</p>}
          {job && parameters.length > 0 && <p className="help">Empty: the job's default at each fire time. {'{{sparkplane.fireDate}}'} is the fire time's date in the schedule's time zone.</p>}
          {parameters.map((parameter) => {
            const field = `parameters.${parameter.name}`;
            const required = isRequired(parameter);
            return (
              <Field
                key={parameter.name}
                name={field}
                label={required ? `${parameter.name} (required)` : parameter.name}
                errors={errors[field]}
                help={[parameter.description, required ? 'Required: the job has no default.' : ''].filter(Boolean).join(' ') || undefined}
                input={(id, describedBy) => (
                  <input
                    id={id}
                    className="mono"
                    value={form.parameters[parameter.name] ?? ''}
                    placeholder={required ? '' : `default: ${parameter.default}`}
                    required={required}
                    onChange={(event) => set('parameters', { ...form.parameters, [parameter.name]: event.target.value })}
                    aria-invalid={errors[field] ? true : undefined}
                    aria-describedby={describedBy}
                  />
                )}
              />
            );
          })}
          {orphans.map((name) => (
            <div key={name} className="field invalid">
              <span>
                <span className="mono">
                  {name}={form.parameters[name]}
                </span>{' '}
                is no parameter of the job any more.{' '}
                <button
                  type="button"
                  onClick={() => {
                    const { [name]: _gone, ...rest } = form.parameters;
                    set('parameters', rest);
                  }}
                >
                  Remove it
                </button>
              </span>
              {errors[`parameters.${name}`] && <div className="field-error">{errors[`parameters.${name}`].join(' ')}</div>}
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>Description</legend>
          <Field
            name="description"
            label="Description"
            errors={errors.description}
            input={(id, describedBy) => <textarea id={id} rows={2} value={form.description} onChange={(event) => set('description', event.target.value)} aria-describedby={describedBy} />}
          />
        </fieldset>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : scheduleId ? 'Save' : 'Create schedule'}
          </button>
          <a href={scheduleId ? `#/schedules/${scheduleId}` : form.job ? `#/jobs/${form.job}` : '#/schedules'}>Cancel</a>
        </div>
      </form>
    </section>
  );
}
