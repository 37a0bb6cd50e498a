import type { FieldError, Run } from '../api/types';
import { lines, parsePairs } from '../ui/format';

// The submit form's values and the request body they make, and the way back from a field path of
// the API's errors to the form field that shows it. Pure.

export interface RunForm {
  name: string;
  workspace: string;
  kind: 'python' | 'jar';
  code: string;
  mainClass: string;
  args: string;
  pyFiles: string;
  files: string;
  jars: string;
  archives: string;
  sparkConf: string;
  labels: string;
  driverCores: string;
  driverMemory: string;
  executorCores: string;
  executorMemory: string;
  policy: string;
  minExecutors: string;
  maxExecutors: string;
  backend: string;
  timeoutSeconds: string;
  maxRetries: string;
}

export type FormField = keyof RunForm;

export const EMPTY_FORM: RunForm = {
  name: '',
  workspace: 'default',
  kind: 'python',
  code: '',
  mainClass: '',
  args: '',
  pyFiles: '',
  files: '',
  jars: '',
  archives: '',
  sparkConf: '',
  labels: '',
  driverCores: '',
  driverMemory: '',
  executorCores: '',
  executorMemory: '',
  policy: '',
  minExecutors: '',
  maxExecutors: '',
  backend: '',
  timeoutSeconds: '',
  maxRetries: '',
};

/** The request body for the form; fields left empty are left out (the server's defaults apply). */
export function requestOf(form: RunForm): { body: Record<string, unknown>; errors: FieldError[] } {
  const body: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  const number = (text: string, field: string): number | undefined => {
    if (!text.trim()) return undefined;
    const value = Number(text.trim());
    if (!Number.isFinite(value)) errors.push({ field, message: 'must be a number' });
    return value;
  };
  if (form.name.trim()) body.name = form.name.trim();
  body.workspace = form.workspace || 'default';
  body.entrypoint = form.kind === 'python' ? { pythonFile: form.code.trim() } : { jar: form.code.trim(), mainClass: form.mainClass.trim() };
  // every line is one argument, kept as typed (an empty line too, except at the end)
  const args = form.args.replace(/\n+$/, '');
  if (args) body.args = args.split('\n');
  for (const list of ['pyFiles', 'files', 'jars', 'archives'] as const) {
    const values = lines(form[list]);
    if (values.length) body[list] = values;
  }
  for (const map of ['sparkConf', 'labels'] as const) {
    const parsed = parsePairs(form[map]);
    parsed.errors.forEach((message) => errors.push({ field: map, message }));
    if (Object.keys(parsed.pairs).length) body[map] = parsed.pairs;
  }
  const process = (cores: string, memory: string, field: string) => {
    const shape: Record<string, unknown> = {};
    const value = number(cores, `${field}.cores`);
    if (value !== undefined) shape.cores = value;
    if (memory.trim()) shape.memory = memory.trim();
    return Object.keys(shape).length ? shape : undefined;
  };
  const driver = process(form.driverCores, form.driverMemory, 'resources.driver');
  const executor = process(form.executorCores, form.executorMemory, 'resources.executor');
  if (driver || executor) body.resources = { ...(driver && { driver }), ...(executor && { executor }) };
  const autoscaling: Record<string, unknown> = {};
  if (form.policy) autoscaling.policy = form.policy;
  const min = number(form.minExecutors, 'autoscaling.minExecutors');
  const max = number(form.maxExecutors, 'autoscaling.maxExecutors');
  if (min !== undefined) autoscaling.minExecutors = min;
  if (max !== undefined) autoscaling.maxExecutors = max;
  if (Object.keys(autoscaling).length) body.autoscaling = autoscaling;
  if (form.backend.trim()) body.backend = form.backend.trim();
  const timeout = number(form.timeoutSeconds, 'timeoutSeconds');
  if (timeout !== undefined) body.timeoutSeconds = timeout;
  const retries = number(form.maxRetries, 'maxRetries');
  if (retries !== undefined) body.maxRetries = retries;
  return { body, errors };
}

const FIELDS_BY_PATH: [string, FormField][] = [
  ['entrypoint.mainClass', 'mainClass'],
  ['entrypoint', 'code'],
  ['resources.driver.cores', 'driverCores'],
  ['resources.driver.memory', 'driverMemory'],
  ['resources.executor.cores', 'executorCores'],
  ['resources.executor.memory', 'executorMemory'],
  ['resources.driver', 'driverCores'],
  ['resources.executor', 'executorCores'],
  ['resources', 'executorCores'],
  ['autoscaling.policy', 'policy'],
  ['autoscaling.minExecutors', 'minExecutors'],
  ['autoscaling', 'maxExecutors'],
  ['sparkConf', 'sparkConf'],
  ['labels', 'labels'],
  ['args', 'args'],
  ['pyFiles', 'pyFiles'],
  ['files', 'files'],
  ['jars', 'jars'],
  ['archives', 'archives'],
  ['name', 'name'],
  ['workspace', 'workspace'],
  ['backend', 'backend'],
  ['timeoutSeconds', 'timeoutSeconds'],
  ['maxRetries', 'maxRetries'],
];

/** The form field an API field path belongs to, by its longest known prefix; undefined for the form as a whole. */
export function formFieldOf(path: string): FormField | undefined {
  for (const [prefix, field] of FIELDS_BY_PATH) {
    if (path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`)) return field;
  }
  return undefined;
}

/** Errors grouped by form field; those of no field under `form`. */
export function errorsByField(errors: FieldError[]): Partial<Record<FormField | 'form', string[]>> {
  const grouped: Partial<Record<FormField | 'form', string[]>> = {};
  for (const error of errors) {
    const field = formFieldOf(error.field) ?? 'form';
    const text = field === 'form' || error.field.includes('[') || error.field.split('.').length > 1 ? `${error.field}: ${error.message}` : error.message;
    (grouped[field] ??= []).push(text);
  }
  return grouped;
}

/** A form filled from an earlier run, to resubmit it; secret values, shown as ***, cannot be copied. */
export function formOf(run: Run): { form: RunForm; redacted: string[] } {
  const redacted = Object.entries(run.sparkConf)
    .filter(([, value]) => value === '***')
    .map(([key]) => key);
  const pairs = (map: Record<string, string>) =>
    Object.entries(map)
      .filter(([, value]) => value !== '***')
      .map(([key, value]) => `${key}=${value}`)
      .join('\n');
  const python = 'pythonFile' in run.entrypoint;
  return {
    form: {
      name: run.name,
      workspace: run.workspace,
      kind: python ? 'python' : 'jar',
      code: 'pythonFile' in run.entrypoint ? run.entrypoint.pythonFile : run.entrypoint.jar,
      mainClass: 'mainClass' in run.entrypoint ? run.entrypoint.mainClass : '',
      args: run.args.join('\n'),
      pyFiles: run.pyFiles.join('\n'),
      files: run.files.join('\n'),
      jars: run.jars.join('\n'),
      archives: run.archives.join('\n'),
      sparkConf: pairs(run.sparkConf),
      labels: pairs(run.labels),
      driverCores: String(run.resources.driver.cores),
      driverMemory: run.resources.driver.memory,
      executorCores: String(run.resources.executor.cores),
      executorMemory: run.resources.executor.memory,
      policy: run.autoscaling.policy,
      minExecutors: String(run.autoscaling.minExecutors),
      maxExecutors: String(run.autoscaling.maxExecutors),
      backend: run.backend,
      timeoutSeconds: run.timeoutSeconds === null ? '' : String(run.timeoutSeconds),
      maxRetries: String(run.maxRetries),
    },
    redacted,
  };
}
