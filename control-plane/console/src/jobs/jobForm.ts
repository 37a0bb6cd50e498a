import type { ConcurrencyPolicy, FieldError, JobParameter, RunTemplate } from '../api/types';
import { parsePairs } from '../ui/format';
import { EMPTY_FORM, formFieldOf, requestOf, type FormField, type RunForm } from '../submit/runForm';

// The job form's values and the body of POST/PUT /api/v1/jobs they make, the way back from a job (or
// a JSON body) to the form, and from the API's field paths to the form's fields. The run template is
// the submit form's own fields (RunForm), its workspace the job's. Pure.

export interface ParameterRow {
  name: string;
  /** the default as typed; ignored when `required` */
  default: string;
  /** no default: every run must give a value */
  required: boolean;
  description: string;
}

export interface JobForm {
  name: string;
  description: string;
  /** the run template; its workspace is the job's */
  run: RunForm;
  parameters: ParameterRow[];
  maxConcurrentRuns: string;
  concurrencyPolicy: '' | ConcurrencyPolicy;
  /** the job's own labels, key=value per line (its runs carry the template's) */
  labels: string;
}

export const EMPTY_JOB_FORM: JobForm = { name: '', description: '', run: EMPTY_FORM, parameters: [], maxConcurrentRuns: '', concurrencyPolicy: '', labels: '' };

export const EMPTY_PARAMETER: ParameterRow = { name: '', default: '', required: false, description: '' };

/** The body of POST /api/v1/jobs (and PUT): fields left empty are left out, so the server's defaults apply. */
export function jobRequestOf(form: JobForm): { body: Record<string, unknown>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const run = requestOf(form.run);
  const { workspace, ...template } = run.body;
  // the run form's errors name the run's fields; in a job they are the template's
  run.errors.forEach((error) => errors.push({ field: `template.${error.field}`, message: error.message }));
  const body: Record<string, unknown> = { workspace, name: form.name.trim(), template };
  if (form.description.trim()) body.description = form.description.trim();
  const parameters: JobParameter[] = form.parameters
    // a row left wholly empty is no parameter (the form always offers one more)
    .filter((row) => row.name.trim() || row.default || row.description.trim() || row.required)
    .map((row) => ({
      name: row.name.trim(),
      ...(!row.required && { default: row.default }),
      ...(row.description.trim() && { description: row.description.trim() }),
    }));
  if (parameters.length) body.parameters = parameters;
  if (form.maxConcurrentRuns.trim()) {
    const value = Number(form.maxConcurrentRuns.trim());
    if (!Number.isFinite(value)) errors.push({ field: 'maxConcurrentRuns', message: 'must be a number' });
    body.maxConcurrentRuns = value;
  }
  if (form.concurrencyPolicy) body.concurrencyPolicy = form.concurrencyPolicy;
  const labels = parsePairs(form.labels);
  labels.errors.forEach((message) => errors.push({ field: 'labels', message }));
  if (Object.keys(labels.pairs).length) body.labels = labels.pairs;
  return { body, errors };
}

/** What a job, a version of one or a JSON body says, as the form shows it. */
export interface JobDefinition {
  workspace?: string;
  name?: string;
  description?: string;
  template?: Partial<RunTemplate>;
  parameters?: JobParameter[];
  maxConcurrentRuns?: number;
  concurrencyPolicy?: ConcurrencyPolicy;
  labels?: Record<string, string>;
}

/**
 * The form of a job's definition. A setting at the API's default (1 run at a time, QUEUE, no labels)
 * is shown empty, as the form for a new job leaves it, so that saving without a change sends the
 * very body the job was saved with and makes no new version. Secret Spark properties, which the API
 * shows as ***, are kept as `key=***`: sent back so, the control plane keeps their stored value.
 */
export function jobFormOf(job: JobDefinition): { form: JobForm } {
  const template = job.template ?? {};
  const pairs = (map: Record<string, string> | undefined) =>
    Object.entries(map ?? {})
      .map(([key, value]) => `${key}=${value}`)
      .join('\n');
  const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
  const entrypoint = (template.entrypoint ?? {}) as Record<string, unknown>;
  const jar = 'jar' in entrypoint;
  const run: RunForm = {
    name: text(template.name),
    workspace: job.workspace ?? 'default',
    kind: jar ? 'jar' : 'python',
    code: text(jar ? entrypoint.jar : entrypoint.pythonFile),
    mainClass: text(entrypoint.mainClass),
    args: (template.args ?? []).join('\n'),
    pyFiles: (template.pyFiles ?? []).join('\n'),
    files: (template.files ?? []).join('\n'),
    jars: (template.jars ?? []).join('\n'),
    archives: (template.archives ?? []).join('\n'),
    sparkConf: pairs(template.sparkConf),
    labels: pairs(template.labels),
    driverCores: text(template.resources?.driver?.cores),
    driverMemory: text(template.resources?.driver?.memory),
    executorCores: text(template.resources?.executor?.cores),
    executorMemory: text(template.resources?.executor?.memory),
    policy: text(template.autoscaling?.policy),
    minExecutors: text(template.autoscaling?.minExecutors),
    maxExecutors: text(template.autoscaling?.maxExecutors),
    backend: text(template.backend),
    timeoutSeconds: text(template.timeoutSeconds),
    maxRetries: text(template.maxRetries),
  };
  return {
    form: {
      name: job.name ?? '',
      description: job.description ?? '',
      run,
      parameters: (job.parameters ?? []).map((parameter) => ({
        name: parameter.name ?? '',
        default: parameter.default ?? '',
        required: parameter.default === undefined || parameter.default === null,
        description: parameter.description ?? '',
      })),
      maxConcurrentRuns: job.maxConcurrentRuns === undefined || job.maxConcurrentRuns === 1 ? '' : String(job.maxConcurrentRuns),
      concurrencyPolicy: job.concurrencyPolicy === undefined || job.concurrencyPolicy === 'QUEUE' ? '' : job.concurrencyPolicy,
      labels: pairs(job.labels),
    },
  };
}

/** A job's (or a version's) definition as the API takes it, for showing as JSON: its fields in the order of JobRequest. */
export function definitionOf(job: JobDefinition): JobDefinition {
  return {
    ...(job.workspace !== undefined && { workspace: job.workspace }),
    name: job.name,
    ...(job.description !== undefined && { description: job.description }),
    template: job.template,
    parameters: job.parameters,
    maxConcurrentRuns: job.maxConcurrentRuns,
    concurrencyPolicy: job.concurrencyPolicy,
    labels: job.labels,
  };
}

/** The form's places an error can be shown: the run's fields, the job's, one parameter's row, or the form as a whole. */
export type JobFormKey = FormField | 'jobName' | 'description' | 'parameters' | `parameter.${number}` | 'maxConcurrentRuns' | 'concurrencyPolicy' | 'jobLabels' | 'form';

/** The place of an API field path in the job form. */
export function jobFieldOf(path: string): JobFormKey {
  const under = (prefix: string) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
  if (path === 'name') return 'jobName';
  if (path === 'description') return 'description';
  if (path === 'workspace' || path === 'template.workspace') return 'workspace';
  if (path.startsWith('template.')) return formFieldOf(path.slice('template.'.length)) ?? 'form';
  const row = /^parameters\[(\d+)\]/.exec(path);
  if (row) return `parameter.${Number(row[1])}`;
  if (under('parameters')) return 'parameters';
  if (path === 'maxConcurrentRuns') return 'maxConcurrentRuns';
  if (path === 'concurrencyPolicy') return 'concurrencyPolicy';
  if (under('labels')) return 'jobLabels';
  return 'form';
}

/** Errors grouped by where the form shows them; each says its path when the field alone would not. */
export function errorsByJobField(errors: FieldError[]): Partial<Record<JobFormKey, string[]>> {
  const grouped: Partial<Record<JobFormKey, string[]>> = {};
  for (const error of errors) {
    const key = jobFieldOf(error.field);
    const path = error.field.replace(/^template\./, '');
    const plain = !path.includes('[') && !path.includes('.') && key !== 'form';
    const text = key.startsWith('parameter.') ? `${error.field.replace(/^parameters\[\d+\]\.?/, '') || 'parameter'}: ${error.message}` : plain ? error.message : `${path}: ${error.message}`;
    (grouped[key] ??= []).push(text);
  }
  return grouped;
}
