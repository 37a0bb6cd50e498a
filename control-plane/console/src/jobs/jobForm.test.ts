import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { Job } from '../api/types';
import { EMPTY_FORM } from '../submit/runForm';
import { validate, type Schema } from '../submit/schema';
import { EMPTY_JOB_FORM, errorsByJobField, jobFieldOf, jobFormOf, jobRequestOf } from './jobForm';

const contract = parse(readFileSync(resolve(process.cwd(), '../../api-spec/openapi.yaml'), 'utf8'));

const JOB: Job = {
  id: '6f1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f',
  workspace: 'analytics',
  name: 'nightly-sales',
  description: 'revenue by region, every night',
  template: {
    entrypoint: { pythonFile: 'artifact:sha256:abc/sales_by_region.py' },
    args: ['{{input}}', 'out/{{sparkplane.fireDate}}'],
    files: ['artifact:sha256:def/sales.csv'],
    sparkConf: { 'spark.sql.shuffle.partitions': '8', 'spark.hadoop.fs.s3a.secret.key': '***' },
    resources: { executor: { memory: '2g' } },
    autoscaling: { maxExecutors: 2 },
    labels: { team: 'sales' },
  },
  parameters: [{ name: 'input', default: 'sales.csv', description: 'the CSV to read' }, { name: 'region' }],
  maxConcurrentRuns: 1,
  concurrencyPolicy: 'QUEUE',
  labels: {},
  version: 3,
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-05T00:00:00Z',
};

describe('jobRequestOf', () => {
  it("makes the job's body: the run form is its template, its workspace the job's", () => {
    const { body, errors } = jobRequestOf({
      ...EMPTY_JOB_FORM,
      name: ' nightly ',
      run: { ...EMPTY_FORM, workspace: 'analytics', code: 'job.py', args: '{{date}}\nout', labels: 'team=sales' },
      parameters: [
        { name: 'date', default: '', required: true, description: '' },
        { name: 'mode', default: '', required: false, description: ' how ' },
        { name: '', default: '', required: false, description: '' },
      ],
      maxConcurrentRuns: '2',
      concurrencyPolicy: 'SKIP',
      labels: 'owner=data',
    });
    expect(errors).toEqual([]);
    expect(body).toEqual({
      workspace: 'analytics',
      name: 'nightly',
      template: { entrypoint: { pythonFile: 'job.py' }, args: ['{{date}}', 'out'], labels: { team: 'sales' } },
      // required: no default at all; optional with an empty default: the empty string
      parameters: [{ name: 'date' }, { name: 'mode', default: '', description: 'how' }],
      maxConcurrentRuns: 2,
      concurrencyPolicy: 'SKIP',
      labels: { owner: 'data' },
    });
  });

  it("leaves the job's settings out when they are empty, so the server's defaults apply", () => {
    const { body } = jobRequestOf({ ...EMPTY_JOB_FORM, name: 'j', run: { ...EMPTY_FORM, code: 'job.py' } });
    expect(body).toEqual({ workspace: 'default', name: 'j', template: { entrypoint: { pythonFile: 'job.py' } } });
  });

  it("names the run form's errors as the template's fields", () => {
    const { errors } = jobRequestOf({ ...EMPTY_JOB_FORM, name: 'j', run: { ...EMPTY_FORM, code: 'x.py', executorCores: 'two' }, maxConcurrentRuns: 'many', labels: 'owner' });
    expect(errors).toEqual([
      { field: 'template.resources.executor.cores', message: 'must be a number' },
      { field: 'maxConcurrentRuns', message: 'must be a number' },
      { field: 'labels', message: 'line 1: expected key=value' },
    ]);
  });

  it('makes a body the served contract takes as JobRequest', () => {
    const { form } = jobFormOf(JOB);
    const { body } = jobRequestOf(form);
    expect(validate({ $ref: '#/components/schemas/JobRequest' } as Schema, body, contract.components.schemas)).toEqual([]);
  });
});

describe('jobFormOf', () => {
  it('fills the form from a job; saving it unchanged sends the definition it was saved with', () => {
    const { form } = jobFormOf(JOB);
    expect(form.run.workspace).toBe('analytics');
    expect(form.run.args).toBe('{{input}}\nout/{{sparkplane.fireDate}}');
    expect(form.parameters).toEqual([
      { name: 'input', default: 'sales.csv', required: false, description: 'the CSV to read' },
      { name: 'region', default: '', required: true, description: '' },
    ]);
    // the API's defaults are shown empty, as a new job's form leaves them
    expect(form.maxConcurrentRuns).toBe('');
    expect(form.concurrencyPolicy).toBe('');
    // a secret the API shows as *** stays in the form and is sent back so: the control plane keeps its stored value
    expect(JOB.template.sparkConf!['spark.hadoop.fs.s3a.secret.key']).toBe('***');
    expect(form.run.sparkConf.split('\n')).toContain('spark.hadoop.fs.s3a.secret.key=***');
    const { body } = jobRequestOf(form);
    expect(body).toEqual({
      workspace: 'analytics',
      name: JOB.name,
      description: JOB.description,
      template: JOB.template,
      parameters: JOB.parameters,
    });
  });

  it('keeps settings other than the defaults', () => {
    const { form } = jobFormOf({ ...JOB, maxConcurrentRuns: 3, concurrencyPolicy: 'CANCEL_OLDEST', labels: { owner: 'data' } });
    expect(form).toMatchObject({ maxConcurrentRuns: '3', concurrencyPolicy: 'CANCEL_OLDEST', labels: 'owner=data' });
  });

  it('reads a JSON body with a jar and no settings', () => {
    const { form } = jobFormOf({ name: 'pi', template: { entrypoint: { jar: 's3://b/app.jar', mainClass: 'org.example.Pi' }, timeoutSeconds: 600 } });
    expect(form.run).toMatchObject({ kind: 'jar', code: 's3://b/app.jar', mainClass: 'org.example.Pi', timeoutSeconds: '600', workspace: 'default' });
  });
});

describe('the API field paths in the job form', () => {
  it.each([
    ['name', 'jobName'],
    ['description', 'description'],
    ['workspace', 'workspace'],
    ['template.workspace', 'workspace'],
    ['template.entrypoint.pythonFile', 'code'],
    ['template.args[1]', 'args'],
    ['template.sparkConf.spark.x', 'sparkConf'],
    ['template.labels.team', 'labels'],
    ['template.resources.executor.memory', 'executorMemory'],
    ['template', 'form'],
    ['parameters[2].name', 'parameter.2'],
    ['parameters', 'parameters'],
    ['maxConcurrentRuns', 'maxConcurrentRuns'],
    ['concurrencyPolicy', 'concurrencyPolicy'],
    ['labels', 'jobLabels'],
    ['labels.owner', 'jobLabels'],
    ['somethingElse', 'form'],
  ])('%s is shown at %s', (path, key) => expect(jobFieldOf(path)).toBe(key));

  it('says the path where the field alone would not', () => {
    expect(
      errorsByJobField([
        { field: 'name', message: 'is taken' },
        { field: 'template.args[1]', message: 'names {{day}}, which is not a parameter of the job' },
        { field: 'parameters[0].name', message: 'names x a second time' },
        { field: 'template', message: 'is required' },
      ]),
    ).toEqual({
      jobName: ['is taken'],
      args: ['args[1]: names {{day}}, which is not a parameter of the job'],
      'parameter.0': ['name: names x a second time'],
      form: ['template: is required'],
    });
  });
});
