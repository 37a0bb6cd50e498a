import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../api/client';
import type { Run, Workspace } from '../api/types';
import { useSession } from '../session/SessionContext';
import { canEdit, editableWorkspaces } from '../session/permissions';
import { ErrorBanner } from '../ui/components';
import { navigate, type Route } from '../ui/router';
import { RunFields, useArtifactPicker, type RunFieldErrors } from './RunFields';
import { EMPTY_FORM, errorsByField, formOf, requestOf, type RunForm } from './runForm';
import { validate, type Components, type Schema } from './schema';

/** The contract's schemas, from the control plane's own /q/openapi. */
export async function loadSchemas(): Promise<Components> {
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
  const [errors, setErrors] = useState<RunFieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [schemas, setSchemas] = useState<Components | null>(null);
  const [workspaces, setWorkspaces] = useState<Workspace[]>([]);
  const [busy, setBusy] = useState(false);
  const { pick, upload, failure: uploadFailure } = useArtifactPicker(api, setForm, form.workspace);
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

  return (
    <section aria-labelledby="submit-title">
      <h1 id="submit-title">{from ? 'Resubmit a run' : 'Submit a run'}</h1>
      {redacted.length > 0 && (
        <div className="banner warning" role="status">
          Secret Spark properties are never shown, so they are not copied: {redacted.join(', ')}. Add them again below.
        </div>
      )}
      <ErrorBanner message={problem ?? uploadFailure} />
      {errors.form && (
        <ul className="field-error" role="alert">
          {errors.form.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} noValidate className="submit-form">
        <RunFields form={form} setForm={setForm} errors={errors} workspaces={workspaces} pick={pick} upload={upload} />
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
