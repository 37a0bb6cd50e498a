import { useEffect, useState, type Dispatch, type FormEvent, type SetStateAction } from 'react';
import { ApiError, describeError } from '../api/client';
import { CONCURRENCY_POLICIES, type FieldError, type Job, type Workspace } from '../api/types';
import { useSession } from '../session/SessionContext';
import { canEdit, editableWorkspaces } from '../session/permissions';
import { Field, RunFields, useArtifactPicker } from '../submit/RunFields';
import type { RunForm } from '../submit/runForm';
import { validate, type Components, type Schema } from '../submit/schema';
import { loadSchemas } from '../submit/SubmitPage';
import { ErrorBanner } from '../ui/components';
import { navigate } from '../ui/router';
import { EMPTY_JOB_FORM, EMPTY_PARAMETER, errorsByJobField, jobFormOf, jobRequestOf, type JobForm, type JobFormKey, type ParameterRow } from './jobForm';

type Errors = Partial<Record<JobFormKey, string[]>>;

/**
 * Save a new job, or a new version of one (`jobId`): the submit form's fields make its run template,
 * or the whole body is written as JSON. Either body is checked against JobRequest of the served
 * contract before it is sent; the API's field errors are shown at their fields (in the JSON editor,
 * listed with their paths).
 */
export function JobFormPage({ jobId }: { jobId?: string }) {
  const { api, identity } = useSession();
  const [form, setForm] = useState<JobForm>(EMPTY_JOB_FORM);
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [json, setJson] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [jsonErrors, setJsonErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [schemas, setSchemas] = useState<Components | null>(null);
  const [workspaces, setWorkspaces] = useState<Workspace[]>([]);
  const [job, setJob] = useState<Job | null>(null);
  const [busy, setBusy] = useState(false);
  const setRun: Dispatch<SetStateAction<RunForm>> = (update) => setForm((current) => ({ ...current, run: typeof update === 'function' ? update(current.run) : update }));
  const { pick, upload, failure: uploadFailure } = useArtifactPicker(api, setRun, form.run.workspace, { template: true });

  useEffect(() => {
    loadSchemas().then(setSchemas, (failure) => setProblem(describeError(failure)));
    api.get<{ items: Workspace[] }>('/api/v1/workspaces').then((page) => {
      const allowed = editableWorkspaces(identity);
      const usable = page.items.filter((item) => !allowed || allowed.includes(item.id));
      setWorkspaces(usable);
      if (!jobId) setRun((current) => (usable.length === 0 || usable.some((item) => item.id === current.workspace) ? current : { ...current, workspace: usable[0].id }));
    }, (failure) => setProblem(describeError(failure)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, identity, jobId]);

  useEffect(() => {
    if (!jobId) return;
    api.get<Job>(`/api/v1/jobs/${jobId}`).then((found) => {
      const filled = jobFormOf(found);
      setJob(found);
      setForm(filled.form);
    }, (failure) => setProblem(describeError(failure)));
  }, [api, jobId]);

  if (!canEdit(identity) || (job && !canEdit(identity, job.workspace))) {
    return (
      <section>
        <h1>{jobId ? 'Edit a job' : 'New job'}</h1>
        <p>Your role may read jobs but not change them. An admin can give you an editor token.</p>
      </section>
    );
  }
  if (jobId && !job) {
    return (
      <section>
        <ErrorBanner message={problem} />
        {!problem && <p className="muted">Loading job…</p>}
      </section>
    );
  }

  function switchTo(next: 'form' | 'json') {
    if (next === mode) return;
    setProblem(null);
    if (next === 'json') {
      setJson(JSON.stringify(jobRequestOf(form).body, null, 2));
      setJsonErrors([]);
      setMode('json');
      return;
    }
    try {
      const parsed = JSON.parse(json) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the body must be a JSON object');
      setForm(jobFormOf(parsed as Parameters<typeof jobFormOf>[0]).form);
      setErrors({});
      setMode('form');
    } catch (failure) {
      setProblem(`The JSON cannot be shown as the form: ${describeError(failure)}`);
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    let body: unknown;
    let local: FieldError[] = [];
    if (mode === 'form') {
      const request = jobRequestOf(form);
      body = request.body;
      local = request.errors;
    } else {
      try {
        body = JSON.parse(json);
      } catch (failure) {
        setJsonErrors([{ field: '(body)', message: `not JSON: ${describeError(failure)}` }]);
        return;
      }
    }
    // an older control plane's contract has no JobRequest: the server checks alone then
    if (schemas?.JobRequest) local = [...local, ...validate({ $ref: '#/components/schemas/JobRequest' } as Schema, body, schemas)];
    show(local);
    if (local.length > 0) {
      setProblem(`${local.length} field${local.length === 1 ? ' needs' : 's need'} a change before the job can be saved.`);
      return;
    }
    setBusy(true);
    try {
      const saved = await api.send<Job>(jobId ? 'PUT' : 'POST', jobId ? `/api/v1/jobs/${jobId}` : '/api/v1/jobs', body);
      navigate(`#/jobs/${saved.id}`);
    } catch (failure) {
      if (failure instanceof ApiError && failure.problem?.errors?.length) {
        show(failure.problem.errors);
        setProblem(`The control plane refused the job: ${failure.problem.detail}`);
      } else if (failure instanceof ApiError && failure.status === 409) {
        // the name is taken in the workspace: that is the name field's problem
        show([{ field: 'name', message: failure.problem?.detail ?? 'is taken' }]);
        setProblem(describeError(failure));
      } else {
        setProblem(describeError(failure));
      }
    } finally {
      setBusy(false);
    }
  }

  function show(list: FieldError[]) {
    setErrors(errorsByJobField(list));
    setJsonErrors(list);
  }

  const setParameter = (index: number, change: Partial<ParameterRow>) =>
    setForm((current) => ({ ...current, parameters: current.parameters.map((row, at) => (at === index ? { ...row, ...change } : row)) }));
  const text = (name: 'name' | 'maxConcurrentRuns', key: JobFormKey, placeholder = '', type = 'text') => (id: string, describedBy: string | undefined) => (
    <input
      id={id}
      type={type}
      value={form[name]}
      placeholder={placeholder}
      onChange={(event) => setForm((current) => ({ ...current, [name]: event.target.value }))}
      aria-invalid={errors[key] ? true : undefined}
      aria-describedby={describedBy}
    />
  );

  return (
    <section aria-labelledby="job-form-title">
      <p>
        <a href={jobId ? `#/jobs/${jobId}` : '#/jobs'}>← {jobId ? job?.name : 'Jobs'}</a>
      </p>
      <h1 id="job-form-title">{jobId ? `Edit ${job?.name}` : 'New job'}</h1>
      {job && <p className="muted">Saving a change makes version {job.version + 1}; runs started before keep theirs. Saving it unchanged makes no version.</p>}
      <ErrorBanner message={problem ?? uploadFailure} />
      <div className="radio-row" role="radiogroup" aria-label="Edit as">
        <label>
          <input type="radio" name="mode" checked={mode === 'form'} onChange={() => switchTo('form')} /> Form
        </label>
        <label>
          <input type="radio" name="mode" checked={mode === 'json'} onChange={() => switchTo('json')} /> JSON
        </label>
      </div>
      <form onSubmit={save} noValidate className="submit-form">
        {mode === 'json' ? (
          <fieldset>
            <legend>Definition</legend>
            <Field
              name="json"
              label="Job definition (JSON)"
              help="The body of POST /api/v1/jobs: name, template (a run as POST /api/v1/runs takes it, without workspace), parameters, maxConcurrentRuns, concurrencyPolicy, labels."
              errors={jsonErrors.length ? jsonErrors.map((error) => `${error.field}: ${error.message}`) : undefined}
              input={(id, describedBy) => (
                <textarea id={id} rows={24} value={json} spellCheck={false} onChange={(event) => setJson(event.target.value)} aria-invalid={jsonErrors.length ? true : undefined} aria-describedby={describedBy} />
              )}
            />
          </fieldset>
        ) : (
          <>
            {errors.form && (
              <ul className="field-error" role="alert">
                {errors.form.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            )}
            <fieldset>
              <legend>The job</legend>
              <Field name="jobName" label="Name" errors={errors.jobName} help="Unique among the workspace's jobs." input={text('name', 'jobName', 'nightly-sales')} />
              <Field
                name="description"
                label="Description"
                errors={errors.description}
                input={(id, describedBy) => (
                  <textarea id={id} rows={2} value={form.description} onChange={(event) => setForm((current) => ({ ...current, description: event.target.value }))} aria-describedby={describedBy} />
                )}
              />
            </fieldset>
            <RunFields form={form.run} setForm={setRun} errors={errors} workspaces={workspaces} workspaceLocked={Boolean(jobId)} template pick={pick} upload={upload} />
            <fieldset>
              <legend>Parameters</legend>
              <p className="help">
                Name one in the run name, arguments, Spark property values or run labels as {'{{name}}'}; every run gives it a value, or takes its default.
                {' {{sparkplane.fireTime}} and {{sparkplane.fireDate}} are always there.'}
              </p>
              {errors.parameters && <div className="field-error">{errors.parameters.join(' ')}</div>}
              {form.parameters.map((row, index) => (
                <div key={index} className={`parameter-row${errors[`parameter.${index}`] ? ' invalid' : ''}`} data-field={`parameter.${index}`}>
                  <input aria-label={`Parameter ${index + 1} name`} className="mono" placeholder="name" value={row.name} onChange={(event) => setParameter(index, { name: event.target.value })} />
                  <input
                    aria-label={`Parameter ${index + 1} default`}
                    className="mono"
                    placeholder={row.required ? 'no default' : 'default (may be empty)'}
                    value={row.required ? '' : row.default}
                    disabled={row.required}
                    onChange={(event) => setParameter(index, { default: event.target.value })}
                  />
                  <label className="inline">
                    <input type="checkbox" checked={row.required} onChange={(event) => setParameter(index, { required: event.target.checked })} /> required
                  </label>
                  <input aria-label={`Parameter ${index + 1} description`} placeholder="description" value={row.description} onChange={(event) => setParameter(index, { description: event.target.value })} />
                  <button type="button" onClick={() => setForm((current) => ({ ...current, parameters: current.parameters.filter((_, at) => at !== index) }))} aria-label={`Remove parameter ${index + 1}`}>
                    Remove
                  </button>
                  {errors[`parameter.${index}`] && <div className="field-error">{errors[`parameter.${index}`]!.join(' ')}</div>}
                </div>
              ))}
              <button type="button" onClick={() => setForm((current) => ({ ...current, parameters: [...current.parameters, EMPTY_PARAMETER] }))}>
                Add a parameter
              </button>
            </fieldset>
            <fieldset>
              <legend>Concurrency and labels</legend>
              <div className="grid">
                <Field name="maxConcurrentRuns" label="Runs at a time" errors={errors.maxConcurrentRuns} input={text('maxConcurrentRuns', 'maxConcurrentRuns', '1', 'number')} />
                <Field
                  name="concurrencyPolicy"
                  label="When at the limit"
                  errors={errors.concurrencyPolicy}
                  input={(id, describedBy) => (
                    <select id={id} value={form.concurrencyPolicy} onChange={(event) => setForm((current) => ({ ...current, concurrencyPolicy: event.target.value as JobForm['concurrencyPolicy'] }))} aria-describedby={describedBy}>
                      <option value="">queue the new run (default)</option>
                      {CONCURRENCY_POLICIES.map((policy) => (
                        <option key={policy} value={policy}>
                          {{ QUEUE: 'QUEUE: queue the new run', SKIP: 'SKIP: start nothing', CANCEL_OLDEST: 'CANCEL_OLDEST: cancel the oldest' }[policy]}
                        </option>
                      ))}
                    </select>
                  )}
                />
              </div>
              <Field
                name="jobLabels"
                label="Job labels"
                errors={errors.jobLabels}
                help="key=value per line: the job's own (its runs carry the run labels above)."
                input={(id, describedBy) => (
                  <textarea id={id} rows={2} value={form.labels} spellCheck={false} placeholder="owner=sales" onChange={(event) => setForm((current) => ({ ...current, labels: event.target.value }))} aria-describedby={describedBy} />
                )}
              />
            </fieldset>
          </>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : jobId ? 'Save a new version' : 'Save job'}
          </button>
          <a href={jobId ? `#/jobs/${jobId}` : '#/jobs'}>Cancel</a>
        </div>
      </form>
    </section>
  );
}
