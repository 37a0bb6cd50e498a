import type { FieldError } from '../api/types';

// A JSON Schema (2020-12) check of the keywords api-spec/openapi.yaml uses, so that the submit form is
// validated against the very schema the control plane serves at /q/openapi, with the server's field
// paths (`resources.executor.cores`, `args[2]`, `sparkConf.spark.master`). The server checks again. Pure.

export type Schema = { [keyword: string]: unknown };
export type Components = Record<string, Schema>;

export function validate(schema: Schema, value: unknown, components: Components, path = ''): FieldError[] {
  const errors: FieldError[] = [];
  const at = path || '(body)';
  const resolved = resolve(schema, components);

  const types = resolved.type === undefined ? undefined : Array.isArray(resolved.type) ? (resolved.type as string[]) : [resolved.type as string];
  if (types && !types.some((type) => isType(value, type))) {
    errors.push({ field: at, message: `must be ${types.map(article).join(' or ')}` });
    return errors;
  }
  if (resolved.enum && !(resolved.enum as unknown[]).some((allowed) => allowed === value)) {
    errors.push({ field: at, message: `must be one of ${(resolved.enum as unknown[]).map(String).join(', ')}` });
  }
  if (resolved.const !== undefined && resolved.const !== value) errors.push({ field: at, message: `must be ${String(resolved.const)}` });

  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof resolved.minLength === 'number' && length < resolved.minLength) errors.push({ field: at, message: `must be at least ${resolved.minLength} character(s)` });
    if (typeof resolved.maxLength === 'number' && length > resolved.maxLength) errors.push({ field: at, message: `must be at most ${resolved.maxLength} characters` });
    if (typeof resolved.pattern === 'string' && !new RegExp(resolved.pattern, 'u').test(value)) errors.push({ field: at, message: `does not match ${resolved.pattern}` });
  }
  if (typeof value === 'number') {
    if (typeof resolved.minimum === 'number' && value < resolved.minimum) errors.push({ field: at, message: `must be at least ${resolved.minimum}` });
    if (typeof resolved.maximum === 'number' && value > resolved.maximum) errors.push({ field: at, message: `must be at most ${resolved.maximum}` });
    if ((resolved.type === 'integer' || (types ?? []).includes('integer')) && !Number.isInteger(value)) errors.push({ field: at, message: 'must be a whole number' });
  }
  if (Array.isArray(value)) {
    if (typeof resolved.maxItems === 'number' && value.length > resolved.maxItems) errors.push({ field: at, message: `must have at most ${resolved.maxItems} items` });
    if (typeof resolved.minItems === 'number' && value.length < resolved.minItems) errors.push({ field: at, message: `must have at least ${resolved.minItems} item(s)` });
    if (resolved.items) value.forEach((item, index) => errors.push(...validate(resolved.items as Schema, item, components, `${path}[${index}]`)));
  }
  if (isObject(value)) {
    const properties = (resolved.properties ?? {}) as Record<string, Schema>;
    for (const name of (resolved.required ?? []) as string[]) {
      if (!(name in value)) errors.push({ field: join(path, name), message: 'is required' });
    }
    const keys = Object.keys(value);
    if (typeof resolved.maxProperties === 'number' && keys.length > resolved.maxProperties) errors.push({ field: at, message: `must have at most ${resolved.maxProperties} entries` });
    for (const key of keys) {
      const child = join(path, key);
      if (resolved.propertyNames) {
        const names = resolve(resolved.propertyNames as Schema, components);
        if (typeof names.pattern === 'string' && !new RegExp(names.pattern, 'u').test(key)) errors.push({ field: child, message: `the name does not match ${names.pattern}` });
        const forbidden = (names.not as Schema | undefined)?.enum as string[] | undefined;
        if (forbidden?.includes(key)) errors.push({ field: child, message: 'is set by Sparkplane and may not be given' });
      }
      if (key in properties) errors.push(...validate(properties[key], value[key], components, child));
      else if (resolved.additionalProperties === false) errors.push({ field: child, message: 'is not a known field' });
      else if (isObject(resolved.additionalProperties)) errors.push(...validate(resolved.additionalProperties as Schema, value[key], components, child));
    }
  }
  if (Array.isArray(resolved.oneOf)) {
    const branches = (resolved.oneOf as Schema[]).map((branch) => validate(branch, value, components, path));
    const passing = branches.filter((branch) => branch.length === 0).length;
    if (passing !== 1) {
      // the branch that came closest says what is wrong
      const closest = [...branches].sort((a, b) => a.length - b.length)[0];
      errors.push(...(passing === 0 && closest.length ? closest : [{ field: at, message: 'matches more than one of the allowed forms' }]));
    }
  }
  if (Array.isArray(resolved.anyOf)) {
    const branches = (resolved.anyOf as Schema[]).map((branch) => validate(branch, value, components, path));
    if (!branches.some((branch) => branch.length === 0)) errors.push(...[...branches].sort((a, b) => a.length - b.length)[0]);
  }
  return dedupe(errors);
}

function resolve(schema: Schema, components: Components): Schema {
  let current = schema;
  for (let depth = 0; typeof current.$ref === 'string' && depth < 20; depth++) {
    const name = (current.$ref as string).replace('#/components/schemas/', '');
    const target = components[name];
    if (!target) throw new Error(`the contract has no schema ${name}`);
    current = target;
  }
  return current;
}

function isType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return true;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function article(type: string): string {
  return type === 'null' ? 'null' : type === 'array' || type === 'object' || type === 'integer' ? `an ${type}` : `a ${type}`;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.field}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
