/**
 * The generic Groovy call tree that scripts/groovy/GroovySyntaxServer.groovy returns: method
 * calls with their arguments and closures, literals with their values, and source text for
 * everything else. It carries no Declarative meaning.
 */
export type GroovyValue =
  GroovyConst | GroovyGString | GroovyClosure | GroovyCall | GroovyList | GroovyMap | GroovyVar | GroovyExpr;

export interface GroovyConst {
  t: 'const';
  type: 'string' | 'number' | 'boolean' | 'null';
  /** Numbers beyond a double's precision (BigDecimal) arrive as strings. */
  v: string | number | boolean | null;
}

export interface GroovyGString {
  t: 'gstring';
  strings: string[];
  values: GroovyValue[];
  src: string | null;
}

export interface GroovyClosure {
  t: 'closure';
  statements: GroovyStatement[];
  /** Source text between the braces. */
  body: string | null;
  line: number;
  column: number;
  /** String offsets of the opening brace and just after the closing one, when known. */
  from?: number;
  to?: number;
}

export interface GroovyCall {
  t: 'call';
  name: string;
  positional: GroovyValue[];
  named: { key: string; value: GroovyValue }[];
  closure?: GroovyClosure;
  /** Source text, present when the call is used as a value (`echo(pwd())`). */
  src?: string | null;
  line: number;
  column: number;
  /** String offset where the call starts. */
  from?: number;
}

/** `NAME = value`, as in an environment block. */
export interface GroovyAssignment {
  t: 'assign';
  name: string;
  value: GroovyValue;
  line: number;
  column: number;
}

export interface GroovyList {
  t: 'list';
  items: GroovyValue[];
  src: string | null;
}

export interface GroovyMap {
  t: 'map';
  entries: { key: GroovyValue; value: GroovyValue }[];
  src: string | null;
}

export interface GroovyVar {
  t: 'var';
  name: string;
  src: string | null;
}

export interface GroovyExpr {
  t: 'expr';
  cls: string;
  src: string | null;
}

export interface GroovyOtherStatement {
  t: 'stmt' | 'expr';
  cls: string;
  src: string | null;
  line: number;
  column: number;
}

export type GroovyStatement = GroovyCall | GroovyAssignment | GroovyOtherStatement;
