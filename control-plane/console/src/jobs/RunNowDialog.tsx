import { useRef, useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../api/client';
import type { Job, JobVersion, Run } from '../api/types';
import { useSession } from '../session/SessionContext';
import { Field } from '../submit/RunFields';
import { ErrorBanner, FormDialog } from '../ui/components';
import { navigate } from '../ui/router';
import { initialValues, isRequired, parameterOf, startRequestOf } from './parameters';

/**
 * Run now: a value for each of the job's parameters (its default filled in, a required one marked),
 * optionally an earlier version; the new run's page opens once it is made.
 */
export function RunNowDialog(props: { job: Job; versions: JobVersion[]; open: boolean; initialVersion?: number; onClose: () => void }) {
  return (
    <FormDialog open={props.open} title={`Run ${props.job.name}`} onCancel={props.onClose}>
      <RunNowForm job={props.job} versions={props.versions} initialVersion={props.initialVersion} onClose={props.onClose} />
    </FormDialog>
  );
}

function RunNowForm({ job, versions, initialVersion, onClose }: { job: Job; versions: JobVersion[]; initialVersion?: number; onClose: () => void }) {
  const { api } = useSession();
  const [version, setVersion] = useState(initialVersion ?? job.version);
  const parametersOf = (number: number) => (number === job.version ? job.parameters : (versions.find((item) => item.version === number)?.parameters ?? job.parameters));
  const parameters = parametersOf(version);
  const [values, setValues] = useState<Record<string, string>>(() => initialValues(parameters));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // one key for this dialog: a second click, or a retry after a dropped answer, starts no second run
  const key = useRef(`console-${crypto.randomUUID()}`);

  function chooseVersion(number: number) {
    setVersion(number);
    setValues(initialValues(parametersOf(number)));
    setErrors({});
    key.current = `console-${crypto.randomUUID()}`;
  }

  async function start(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const request = startRequestOf(parameters, values, version === job.version ? undefined : version);
    const grouped: Record<string, string[]> = {};
    request.errors.forEach((error) => (grouped[error.field] ??= []).push(error.message));
    setErrors(grouped);
    if (request.errors.length) return;
    setBusy(true);
    try {
      const run = await api.send<Run>('POST', `/api/v1/jobs/${job.id}/runs`, request.body, { 'Idempotency-Key': key.current });
      navigate(`#/runs/${run.id}`);
    } catch (failure) {
      const fieldErrors = failure instanceof ApiError ? (failure.problem?.errors ?? []) : [];
      const atFields: Record<string, string[]> = {};
      const elsewhere: string[] = [];
      for (const error of fieldErrors) {
        if (parameterOf(error.field) !== undefined || error.field === 'version') (atFields[error.field] ??= []).push(error.message);
        // the template with these values is no valid run (a path, a size): the job's definition is at fault
        else elsewhere.push(`${error.field}: ${error.message}`);
      }
      setErrors(atFields);
      setProblem([describeError(failure), ...elsewhere].join(' · '));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={start} noValidate className="run-now">
      <ErrorBanner message={problem} />
      {versions.length > 1 && (
        <Field
          name="version"
          label="Version"
          errors={errors.version}
          input={(id, describedBy) => (
            <select id={id} value={version} onChange={(event) => chooseVersion(Number(event.target.value))} aria-describedby={describedBy}>
              {versions.map((item) => (
                <option key={item.version} value={item.version}>
                  {item.version}
                  {item.version === job.version ? ' (current)' : ''}
                </option>
              ))}
            </select>
          )}
        />
      )}
      {parameters.length === 0 && <p className="muted">The job has no parameters: the run is its template as it is.</p>}
      {parameters.map((parameter) => {
        const field = `parameters.${parameter.name}`;
        const required = isRequired(parameter);
        const help = [parameter.description, required ? 'Required: the job has no default.' : `Default: ${parameter.default === '' ? '(empty)' : parameter.default}`].filter(Boolean).join(' ');
        return (
          <Field
            key={`${version}-${parameter.name}`}
            name={field}
            label={required ? `${parameter.name} (required)` : parameter.name}
            errors={errors[field]}
            help={help}
            input={(id, describedBy) => (
              <input
                id={id}
                className="mono"
                value={values[parameter.name] ?? ''}
                required={required}
                aria-invalid={errors[field] ? true : undefined}
                aria-describedby={describedBy}
                onChange={(event) => setValues((current) => ({ ...current, [parameter.name]: event.target.value }))}
              />
            )}
          />
        );
      })}
      <div className="actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Starting…' : 'Start run'}
        </button>
      </div>
    </form>
  );
}
