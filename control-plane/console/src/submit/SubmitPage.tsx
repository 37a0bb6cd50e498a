import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, describeError } from '../api/client';
import type { Run, Workspace } from '../api/types';
import { useSession } from '../session/SessionContext';
import { canEdit, editableWorkspaces } from '../session/permissions';
import { ErrorBanner } from '../ui/components';
import { bytes } from '../ui/format';
import { navigate, type Route } from '../ui/router';
import { EMPTY_FORM, errorsByField, formOf, requestOf, type FormField, type RunForm } from './runForm';
import { validate, type Components, type Schema } from './schema';

/** The contract's schemas, from the control plane's own /q/openapi. */
async function loadSchemas(): Promise<Components> {
  const response = await fetch('/q/openapi?format=json', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`the API contract could not be loaded (HTTP ${response.status})`);
  const contract = (await response.json()) as { components: { schemas: Components } };
  return contract.components.schemas;
}

/**
 * Submit a run: the form's body is checked against SubmitRunRequest of the served contract before it
 * is sent, and the API's own field errors are shown beside their fields. A local file picked as the
 * code (or as a file for the job) is uploaded as an artifact first.
 */
export function SubmitPage({ route }: { route: Route }) {
  const { api, identity } = useSession();
  const [form, setForm] = useState<RunForm>(EMPTY_FORM);
  const [redacted, setRedacted] = useState<string[]>([]);
  const [errors, setErrors] = useState<Partial<Record<FormField | 'form', string[]>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [schemas, setSchemas] = useState<Components | null>(null);
  const [workspaces, setWorkspaces] = useState<Workspace[]>([]);
  const [busy, setBusy] = useState(false);
  const [upload, setUpload] = useState<string | null>(null);
  const from = route.query.get('from');

  useEffect(() => {
    loadSchemas().then(setSchemas, (failure) => setProblem(describeError(failure)));
    api.get<{ items: Workspace[] }>('/api/v1/workspaces').then((page) => {
      const allowed = editableWorkspaces(identity);
      const usable = page.items.filter((item) => !allowed || allowed.includes(item.id));
      setWorkspaces(usable);
      // the form's workspace (the default, or a resubmitted run's) stays when the caller may use it
      setForm((current) => (usable.length === 0 || usable.some((item) => item.id === current.workspace) ? current : { ...current, workspace: usable[0].id }));
    }, (failure) => setProblem(describeError(failure)));
  }, [api, identity]);

  useEffect(() => {
    if (!from) return;
    api.get<Run>(`/api/v1/runs/${from}`).then((run) => {
      const filled = formOf(run);
      setForm(filled.form);
      setRedacted(filled.redacted);
    }, (failure) => setProblem(describeError(failure)));
  }, [api, from]);

  if (!canEdit(identity)) {
    return (
      <section>
        <h1>Submit a run</h1>
        <p>Your role may read runs but not submit them. An admin can give you an editor token.</p>
      </section>
    );
  }

  const set = (field: FormField) => (value: string) => setForm((current) => ({ ...current, [field]: value }));

  async function pick(input: HTMLInputElement, target: 'code' | 'files' | 'pyFiles') {
    const files = input.files ? Array.from(input.files) : [];
    // the same file may be picked again (changed on disk, or after a failed upload)
    input.value = '';
    if (files.length === 0) return;
    setProblem(null);
    try {
      for (const file of files) {
        setUpload(`uploading ${file.name} (${bytes(file.size)})…`);
        const artifact = await api.upload(file, file.name, form.workspace, (fraction) =>
          setUpload(`uploading ${file.name}: ${Math.round(fraction * 100)}% of ${bytes(file.size)}`),
        );
        setForm((current) => {
          if (target === 'code') return { ...current, code: artifact.ref, name: current.name || file.name };
          return { ...current, [target]: [current[target].trim(), artifact.ref].filter(Boolean).join('\n') };
        });
        setUpload(`${file.name} is stored as ${artifact.ref}${artifact.storedBytes === 0 ? ' (it was there already)' : ''}`);
      }
    } catch (failure) {
      setUpload(null);
      setProblem(`The upload failed: ${describeError(failure)}`);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const { body, errors: formErrors } = requestOf(form);
    const schemaErrors = schemas ? validate({ $ref: '#/components/schemas/SubmitRunRequest' } as Schema, body, schemas) : [];
    const all = [...formErrors, ...schemaErrors];
    setErrors(errorsByField(all));
    if (all.length > 0) {
      setProblem(`${all.length} field${all.length === 1 ? ' needs' : 's need'} a change before the run can be submitted.`);
      return;
    }
    setBusy(true);
    try {
      const run = await api.send<Run>('POST', '/api/v1/runs', body, { 'Idempotency-Key': `console-${crypto.randomUUID()}` });
      navigate(`#/runs/${run.id}`);
    } catch (failure) {
      if (failure instanceof ApiError && failure.problem?.errors?.length) {
        setErrors(errorsByField(failure.problem.errors));
        setProblem(`The control plane refused the run: ${failure.problem.detail}`);
      } else {
        setProblem(describeError(failure));
      }
    } finally {
      setBusy(false);
    }
  }

  const field = (name: FormField, label: string, input: (id: string, describedBy: string | undefined) => ReactNode, help?: string) => (
    <Field name={name} label={label} errors={errors[name]} help={help} input={input} />
  );
  const text = (name: FormField, placeholder = '', type = 'text') => (id: string, describedBy: string | undefined) => (
    <input
      id={id}
      name={name}
      type={type}
      value={form[name]}
      placeholder={placeholder}
      onChange={(event) => set(name)(event.target.value)}
      aria-invalid={errors[name] ? true : undefined}
      aria-describedby={describedBy}
    />
  );
  const area = (name: FormField, placeholder = '', rows = 3) => (id: string, describedBy: string | undefined) => (
    <textarea
      id={id}
      name={name}
      rows={rows}
      value={form[name]}
      placeholder={placeholder}
      spellCheck={false}
      onChange={(event) => set(name)(event.target.value)}
      aria-invalid={errors[name] ? true : undefined}
      aria-describedby={describedBy}
    />
  );

  return (
    <section aria-labelledby="submit-title">
      <h1 id="submit-title">{from ? 'Resubmit a run' : 'Submit a run'}</h1>
      {redacted.length > 0 && (
        <div className="banner warning" role="status">
          Secret Spark properties are never shown, so they are not copied: {redacted.join(', ')}. Add them again below.
        </div>
      )}
      <ErrorBanner message={problem} />
      {errors.form && (
        <ul className="field-error" role="alert">
          {errors.form.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} noValidate className="submit-form">
        <fieldset>
          <legend>What to run</legend>
          {field('workspace', 'Workspace', (id, describedBy) => (
            <select id={id} value={form.workspace} onChange={(event) => set('workspace')(event.target.value)} aria-describedby={describedBy}>
              {workspaces.length === 0 && <option value={form.workspace}>{form.workspace}</option>}
              {workspaces.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.displayName ? `${item.displayName} (${item.id})` : item.id}
                </option>
              ))}
            </select>
          ))}
          <div className="radio-row" role="radiogroup" aria-label="Kind of application">
            <label>
              <input type="radio" name="kind" checked={form.kind === 'python'} onChange={() => set('kind')('python')} /> PySpark (a .py file)
            </label>
            <label>
              <input type="radio" name="kind" checked={form.kind === 'jar'} onChange={() => set('kind')('jar')} /> JVM (a jar and its main class)
            </label>
          </div>
          {field(
            'code',
            form.kind === 'python' ? 'Python file' : 'Jar',
            (id, describedBy) => (
              <div className="with-picker">
                {text('code', 'artifact:sha256:…/job.py, s3://bucket/job.py')(id, describedBy)}
                <label className="button">
                  Upload…
                  <input type="file" className="visually-hidden" aria-label="Upload the code" onChange={(event) => pick(event.currentTarget, 'code')} />
                </label>
              </div>
            ),
            'Upload a local file (stored once per content), or name an artifact or an object store URI.',
          )}
          {form.kind === 'jar' && field('mainClass', 'Main class', text('mainClass', 'org.apache.spark.examples.SparkPi'))}
          {upload && (
            <p className="muted" role="status">
              {upload}
            </p>
          )}
          {field('name', 'Name', text('name', 'default: the file name'))}
          {field('args', 'Arguments', area('args', 'one per line'), 'One argument per line, passed to the job as written.')}
        </fieldset>
        <fieldset>
          <legend>Files</legend>
          {field(
            'files',
            'Files',
            (id, describedBy) => (
              <div className="with-picker">
                {area('files', 'one location per line')(id, describedBy)}
                <label className="button">
                  Add files…
                  <input type="file" multiple className="visually-hidden" aria-label="Upload files for the job" onChange={(event) => pick(event.currentTarget, 'files')} />
                </label>
              </div>
            ),
            "Placed in the working directory of the driver and each executor, under their file names.",
          )}
          {field('pyFiles', 'Python files', area('pyFiles', 'one location per line'))}
          {field('jars', 'Jars', area('jars', 'one location per line'))}
          {field('archives', 'Archives', area('archives', 'one location per line; name#alias unpacks into alias/'))}
        </fieldset>
        <fieldset>
          <legend>Resources and autoscaling</legend>
          <div className="grid">
            {field('driverCores', 'Driver cores', text('driverCores', '1', 'number'))}
            {field('driverMemory', 'Driver memory', text('driverMemory', '1g'))}
            {field('executorCores', 'Executor cores', text('executorCores', '1', 'number'))}
            {field('executorMemory', 'Executor memory', text('executorMemory', '1g'))}
            {field('policy', 'Policy', (id, describedBy) => (
              <select id={id} value={form.policy} onChange={(event) => set('policy')(event.target.value)} aria-describedby={describedBy}>
                <option value="">backlog (default)</option>
                <option value="backlog">backlog</option>
                <option value="dynamic-allocation">dynamic-allocation</option>
                <option value="static">static</option>
              </select>
            ))}
            {field('minExecutors', 'Min executors', text('minExecutors', '1', 'number'))}
            {field('maxExecutors', 'Max executors', text('maxExecutors', '2', 'number'))}
            {field('backend', 'Engine profile', text('backend', "the workspace's default"))}
            {field('timeoutSeconds', 'Timeout (s)', text('timeoutSeconds', 'none', 'number'))}
            {field('maxRetries', 'Retries', text('maxRetries', '0', 'number'))}
          </div>
        </fieldset>
        <fieldset>
          <legend>Configuration and labels</legend>
          {field('sparkConf', 'Spark properties', area('sparkConf', 'spark.sql.shuffle.partitions=8'), 'key=value per line; secret-looking values are never shown again.')}
          {field('labels', 'Labels', area('labels', 'team=data'), 'key=value per line; find runs by them.')}
        </fieldset>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Submitting…' : 'Submit'}
          </button>
          <a href="#/runs">Cancel</a>
        </div>
      </form>
    </section>
  );
}

function Field(props: { name: FormField; label: string; errors?: string[]; help?: string; input: (id: string, describedBy: string | undefined) => ReactNode }) {
  const id = `field-${props.name}-${useId().replace(/:/g, '')}`;
  const described = [props.errors ? `${id}-error` : '', props.help ? `${id}-help` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${props.errors ? ' invalid' : ''}`} data-field={props.name}>
      <label htmlFor={id}>{props.label}</label>
      {props.input(id, described)}
      {props.errors && (
        <div id={`${id}-error`} className="field-error">
          {props.errors.map((message) => (
            <div key={message}>{message}</div>
          ))}
        </div>
      )}
      {props.help && (
        <div id={`${id}-help`} className="help">
          {props.help}
        </div>
      )}
    </div>
  );
}
