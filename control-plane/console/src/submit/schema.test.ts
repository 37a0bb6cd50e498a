import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validate, type Components, type Schema } from './schema';

// The contract the control plane serves, read from the repository: the form checks against it.
const contract = parse(readFileSync(resolve(process.cwd(), '../../api-spec/openapi.yaml'), 'utf8')) as { components: { schemas: Components } };
const schemas = contract.components.schemas;
const submit = { $ref: '#/components/schemas/SubmitRunRequest' } as Schema;

describe('validate against SubmitRunRequest', () => {
  it('accepts the smallest run', () => {
    expect(validate(submit, { entrypoint: { pythonFile: 'artifact:sha256:' + 'a'.repeat(64) + '/job.py' } }, schemas)).toEqual([]);
  });

  it.each([
    [{}, 'entrypoint', 'is required'],
    [{ entrypoint: { pythonFile: 'x.py' }, resources: { executor: { cores: 0 } } }, 'resources.executor.cores', 'must be at least 1'],
    [{ entrypoint: { pythonFile: 'x.py' }, resources: { driver: { memory: '2 GB' } } }, 'resources.driver.memory', 'does not match'],
    [{ entrypoint: { pythonFile: 'x.py' }, sparkConf: { 'spark.master': 'local' } }, 'sparkConf.spark.master', 'set by Sparkplane'],
    [{ entrypoint: { pythonFile: 'x.py' }, sparkConf: { 'hadoop.x': '1' } }, 'sparkConf.hadoop.x', 'does not match'],
    [{ entrypoint: { pythonFile: 'x.py' }, labels: { 'Team!': 'x' } }, 'labels.Team!', 'does not match'],
    [{ entrypoint: { pythonFile: 'x.py' }, autoscaling: { policy: 'fast' } }, 'autoscaling.policy', 'must be one of'],
    [{ entrypoint: { pythonFile: 'x.py' }, maxRetries: 11 }, 'maxRetries', 'at most 10'],
    [{ entrypoint: { pythonFile: 'x.py' }, timeoutSeconds: 1.5 }, 'timeoutSeconds', 'must be'],
    [{ entrypoint: { pythonFile: 'x.py' }, args: ['a', 3] }, 'args[1]', 'must be a string'],
    [{ entrypoint: { pythonFile: 'x.py' }, colour: 'blue' }, 'colour', 'not a known field'],
    [{ entrypoint: { jar: 'x.jar', mainClass: '1Main' } }, 'entrypoint.mainClass', 'does not match'],
    [{ entrypoint: { pythonFile: '' } }, 'entrypoint.pythonFile', 'at least 1'],
    [{ entrypoint: { pythonFile: 'x.py' }, workspace: 'Not_A_Label' }, 'workspace', 'does not match'],
  ])('%j fails at %s', (body, field, message) => {
    const errors = validate(submit, body, schemas);
    expect(errors.map((error) => error.field)).toContain(field);
    expect(errors.find((error) => error.field === field)?.message).toContain(message);
  });

  it('names a schema the contract lacks', () => {
    expect(() => validate({ $ref: '#/components/schemas/Nope' }, {}, schemas)).toThrow('Nope');
  });
});
