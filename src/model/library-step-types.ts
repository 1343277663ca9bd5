/** Shapes of the shared-library step catalogue (the catalogue itself is generated from vars/). */
export type LibraryParameterType = 'string' | 'number' | 'boolean' | 'string[]';

export interface LibraryParameter {
  type: LibraryParameterType;
  required?: boolean;
  /** Allowed values, for string parameters. */
  oneOf?: readonly string[];
  description: string;
}

export interface LibraryStep {
  parameters: Readonly<Record<string, LibraryParameter>>;
}
