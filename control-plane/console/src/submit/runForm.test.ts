import { describe, expect, it } from 'vitest';
import type { Run } from '../api/types';
import { EMPTY_FORM, errorsByField, formFieldOf, formOf, requestOf } from './runForm';

describe('requestOf', () => {
  it('leaves out what is empty, so the server defaults apply', () => {
    const { body, errors } = requestOf({ ...EMPTY_FORM, code: 'artifact:sha256:abc/job.py' });
    expect(errors).toEqual([]);
    expect(body).toEqual({ workspace: 'default', entrypoint: { pythonFile: 'artifact:sha256:abc/job.py' } });
  });

  it('makes one argument per line, lists, maps and numbers', () => {
    const { body } = requestOf({
      ...EMPTY_FORM,
      kind: 'jar',
      code: 's3://b/app.jar',
      mainClass: 'org.example.Main',
      args: '--input\n s3://b/in \n\n--verbose\n\n',
      files: 'a.csv\n\n b.csv ',
      sparkConf: 'spark.sql.shuffle.partitions=8\nspark.x = a=b',
      labels: 'team=data',
      executorCores: '2',
      executorMemory: '4g',
      maxExecutors: '6',
      maxRetries: '1',
    });
    expect(body.entrypoint).toEqual({ jar: 's3://b/app.jar', mainClass: 'org.example.Main' });
    expect(body.args).toEqual(['--input', ' s3://b/in ', '', '--verbose']);
    expect(body.files).toEqual(['a.csv', 'b.csv']);
    expect(body.sparkConf).toEqual({ 'spark.sql.shuffle.partitions': '8', 'spark.x': 'a=b' });
    expect(body.resources).toEqual({ executor: { cores: 2, memory: '4g' } });
    expect(body.autoscaling).toEqual({ maxExecutors: 6 });
    expect(body.maxRetries).toBe(1);
  });

  it('refuses a pair without =, and a number that is not one', () => {
    const { errors } = requestOf({ ...EMPTY_FORM, code: 'x.py', labels: 'team', driverCores: 'two' });
    expect(errors).toEqual([
      { field: 'labels', message: 'line 1: expected key=value' },
      { field: 'resources.driver.cores', message: 'must be a number' },
    ]);
  });
});

describe('formFieldOf', () => {
  it.each([
    ['entrypoint.pythonFile', 'code'],
    ['entrypoint.mainClass', 'mainClass'],
    ['entrypoint', 'code'],
    ['resources.executor.memory', 'executorMemory'],
    ['sparkConf.spark.master', 'sparkConf'],
    ['args[3]', 'args'],
    ['autoscaling.maxExecutors', 'maxExecutors'],
    ['header:Idempotency-Key', undefined],
  ])('%s belongs to %s', (path, field) => {
    expect(formFieldOf(path)).toBe(field);
  });

  it('groups errors and keeps the path where the field alone would not say it', () => {
    expect(
      errorsByField([
        { field: 'name', message: 'too long' },
        { field: 'args[2]', message: 'too long' },
        { field: 'query:x', message: 'unknown' },
      ]),
    ).toEqual({ name: ['too long'], args: ['args[2]: too long'], form: ['query:x: unknown'] });
  });
});

describe('formOf', () => {
  it('fills the form from a run, without the secret values it cannot know', () => {
    const run = {
      name: 'n',
      workspace: 'w',
      entrypoint: { pythonFile: 'p.py' },
      args: ['a', 'b'],
      pyFiles: [],
      files: ['f.csv'],
      jars: [],
      archives: [],
      sparkConf: { 'spark.a': '1', 'spark.secret.token': '***' },
      labels: { team: 'data' },
      resources: { driver: { cores: 1, memory: '1g' }, executor: { cores: 2, memory: '2g' } },
      autoscaling: { policy: 'static', minExecutors: 1, maxExecutors: 3 },
      backend: 'local',
      timeoutSeconds: null,
      maxRetries: 0,
    } as unknown as Run;
    const { form, redacted } = formOf(run);
    expect(redacted).toEqual(['spark.secret.token']);
    expect(form.sparkConf).toBe('spark.a=1');
    expect(form.args).toBe('a\nb');
    expect(requestOf(form).body.args).toEqual(['a', 'b']);
    expect(form.timeoutSeconds).toBe('');
  });
});
