import type { FieldError, JobParameter } from '../api/types';

// A job's parameters as a start of a run (Run now) and a schedule give them values. Pure.

/** A parameter without a default must be given by every start. */
export function isRequired(parameter: JobParameter): boolean {
  return parameter.default === undefined || parameter.default === null;
}

/** The values Run now shows first: each default, and nothing for a required one. */
export function initialValues(parameters: JobParameter[]): Record<string, string> {
  return Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter.default ?? '']));
}

/**
 * The body of POST /api/v1/jobs/{id}/runs. A value left at its default is left out, so the run takes
 * the job's default as the job says it (and its record says it was not given); a required parameter
 * left empty is refused here, as the server would.
 */
export function startRequestOf(
  parameters: JobParameter[],
  values: Record<string, string>,
  version?: number,
): { body: { version?: number; parameters?: Record<string, string> }; errors: FieldError[] } {
  const given: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const parameter of parameters) {
    const value = values[parameter.name] ?? '';
    if (isRequired(parameter)) {
      if (value === '') errors.push({ field: `parameters.${parameter.name}`, message: 'required: the job has no default for it' });
      else given[parameter.name] = value;
    } else if (value !== parameter.default) {
      given[parameter.name] = value;
    }
  }
  return {
    body: { ...(version !== undefined && { version }), ...(Object.keys(given).length > 0 && { parameters: given }) },
    errors,
  };
}

/**
 * A schedule's parameter values: an empty one is left out, so each fire time takes the job's default
 * as the job says it then (a later change of the default is followed); a required one must be given.
 */
export function scheduleParametersOf(parameters: JobParameter[], values: Record<string, string>): { parameters: Record<string, string>; errors: FieldError[] } {
  const given: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const parameter of parameters) {
    const value = values[parameter.name] ?? '';
    if (value !== '') given[parameter.name] = value;
    else if (isRequired(parameter)) errors.push({ field: `parameters.${parameter.name}`, message: 'required: the job has no default for it' });
  }
  // values the schedule holds for parameters the job no longer has stay, so that the server names them
  for (const [name, value] of Object.entries(values)) {
    if (!parameters.some((parameter) => parameter.name === name) && value !== '') given[name] = value;
  }
  return { parameters: given, errors };
}

/** The parameter an API field path (`parameters.date`) is about, if any. */
export function parameterOf(path: string): string | undefined {
  return /^parameters\.(.+)$/.exec(path)?.[1];
}
