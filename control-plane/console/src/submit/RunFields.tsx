import { useId, useState, type Dispatch, type ReactNode, type SetStateAction } from 'react';
import { describeError, type ApiClient } from '../api/client';
import type { Workspace } from '../api/types';
import { bytes } from '../ui/format';
import type { FormField, RunForm } from './runForm';

// The fields of a run, shared by the submit form and a job's run template (the job form), so that
// both read and behave the same; the labels and help say what differs for a template.

export type RunFieldErrors = Partial<Record<FormField | 'form', string[]>>;

/**
 * Uploads picked local files as artifacts of the form's workspace and names them in the form. A run
 * without a name is named for its uploaded code; a job's run template is not (`template`), since its
 * runs are named for the job by default.
 */
export function useArtifactPicker(api: ApiClient, setForm: Dispatch<SetStateAction<RunForm>>, workspace: string, options: { template?: boolean } = {}) {
  const [upload, setUpload] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  async function pick(input: HTMLInputElement, target: 'code' | 'files' | 'pyFiles') {
    const files = input.files ? Array.from(input.files) : [];
    // the same file may be picked again (changed on disk, or after a failed upload)
    input.value = '';
    if (files.length === 0) return;
    setFailure(null);
    try {
      for (const file of files) {
        setUpload(`uploading ${file.name} (${bytes(file.size)})…`);
        const artifact = await api.upload(file, file.name, workspace, (fraction) => setUpload(`uploading ${file.name}: ${Math.round(fraction * 100)}% of ${bytes(file.size)}`));
        setForm((current) => {
          if (target === 'code') return { ...current, code: artifact.ref, name: options.template ? current.name : current.name || file.name };
          return { ...current, [target]: [current[target].trim(), artifact.ref].filter(Boolean).join('\n') };
        });
        setUpload(`${file.name} is stored as ${artifact.ref}${artifact.storedBytes === 0 ? ' (it was there already)' : ''}`);
      }
    } catch (problem) {
      setUpload(null);
      setFailure(`The upload failed: ${describeError(problem)}`);
    }
  }
  return { pick, upload, failure };
}

export function RunFields(props: {
  form: RunForm;
  setForm: Dispatch<SetStateAction<RunForm>>;
  errors: RunFieldErrors;
  workspaces: Workspace[];
  /** a job's workspace never changes once it is saved */
  workspaceLocked?: boolean;
  /** a job's run template: its name and labels are the runs', and may hold {{parameters}} */
  template?: boolean;
  pick: (input: HTMLInputElement, target: 'code' | 'files' | 'pyFiles') => void;
  upload: string | null;
}) {
  const { form, setForm, errors, template } = props;
  const set = (field: FormField) => (value: string) => setForm((current) => ({ ...current, [field]: value }));
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
  const placeholders = template ? ' May hold {{parameter}} placeholders.' : '';

  return (
    <>
      <fieldset>
        <legend>What to run</legend>
        {field(
          'workspace',
          'Workspace',
          (id, describedBy) => (
            <select id={id} value={form.workspace} disabled={props.workspaceLocked} onChange={(event) => set('workspace')(event.target.value)} aria-describedby={describedBy}>
              {props.workspaces.every((item) => item.id !== form.workspace) && <option value={form.workspace}>{form.workspace}</option>}
              {props.workspaces.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.displayName ? `${item.displayName} (${item.id})` : item.id}
                </option>
              ))}
            </select>
          ),
          props.workspaceLocked ? "A job stays in its workspace; save a new job for another." : undefined,
        )}
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
                <input type="file" className="visually-hidden" aria-label="Upload the code" onChange={(event) => props.pick(event.currentTarget, 'code')} />
              </label>
            </div>
          ),
          'Upload a local file (stored once per content), or name an artifact or an object store URI.',
        )}
        {form.kind === 'jar' && field('mainClass', 'Main class', text('mainClass', 'org.apache.spark.examples.SparkPi'))}
        {props.upload && (
          <p className="muted" role="status">
            {props.upload}
          </p>
        )}
        {field('name', template ? 'Run name' : 'Name', text('name', template ? "default: the job's name" : 'default: the file name'), template ? `The name of each run.${placeholders}` : undefined)}
        {field('args', 'Arguments', area('args', 'one per line'), `One argument per line, passed to the job as written.${placeholders}`)}
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
                <input type="file" multiple className="visually-hidden" aria-label="Upload files for the job" onChange={(event) => props.pick(event.currentTarget, 'files')} />
              </label>
            </div>
          ),
          'Placed in the working directory of the driver and each executor, under their file names.',
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
        {field('sparkConf', 'Spark properties', area('sparkConf', 'spark.sql.shuffle.partitions=8'), `key=value per line; secret-looking values are never shown again${template ? ' (a saved one shows as ***: left so, it keeps its value). Values may hold {{parameter}} placeholders.' : '.'}`)}
        {field(
          'labels',
          template ? 'Run labels' : 'Labels',
          area('labels', 'team=data'),
          template ? 'key=value per line; every run of the job carries them (values may hold {{parameter}} placeholders).' : 'key=value per line; find runs by them.',
        )}
      </fieldset>
    </>
  );
}

export function Field(props: { name: string; label: string; errors?: string[]; help?: string; input: (id: string, describedBy: string | undefined) => ReactNode }) {
  const id = `field-${props.name.replace(/[^A-Za-z0-9_-]/g, '-')}-${useId().replace(/:/g, '')}`;
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
