import { dictionary, parameterDefault, type ParameterModel } from '../../src/index.js';

/** A push (or a build Jenkins starts itself) supplies no values: every parameter takes its declared default, as Jenkins does. */
export function defaultParameters(declared: ParameterModel[] | undefined): Record<string, string | boolean> {
  const values = dictionary<string | boolean>();
  for (const p of declared ?? []) {
    const value = parameterDefault(p);
    if (value !== undefined) values[p.name] = value; // a password has none: the build sees none
  }
  return values;
}
