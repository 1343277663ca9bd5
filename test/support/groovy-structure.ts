import type { GroovyStatement, GroovyValue } from '../../src/declarative/groovy-tree.js';
import { soleParameterOf, WHEN_CONDITIONS } from '../../src/model/step-catalogue.js';
import { stripOuterParens } from '../../src/groovy/groovy-expression.js';

/**
 * A normal form of a Groovy call tree under Declarative Pipeline semantics (see the conformance
 * README): directive order inside pipeline/stage/when/matrix/post is free, `label { }` and
 * `node { }` agents are one, a sole named argument equals the positional form, and code blocks
 * compare by their whitespace-normalised text. Two Jenkinsfiles are structurally equal when
 * their normal forms are deep-equal.
 */
const UNORDERED = new Set(['pipeline', 'stage', 'when', 'matrix', 'post', 'allOf', 'anyOf', 'not']);
const CODE = new Set(['script', 'expression']);

type Context = 'steps' | 'when' | 'agent';

const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
/** Expression text without outer parentheses or any whitespace: `( a + b )` equals `a+b`. */
const expressionText = (s: string) => stripOuterParens(s).replace(/\s+/g, '');

function value(v: GroovyValue, ctx: Context): unknown {
  switch (v.t) {
    case 'const':
      return { const: v.type === 'number' ? Number(v.v) : v.v };
    case 'gstring':
      return { gstring: v.strings, values: v.values.map((x) => value(x, ctx)) };
    case 'closure':
      return { closure: statements(v.statements, ctx, false) };
    case 'call':
      return call(v, ctx);
    case 'list':
      return { list: v.items.map((x) => value(x, ctx)) };
    case 'map':
      return { map: v.entries.map((e) => [value(e.key, ctx), value(e.value, ctx)]) };
    case 'var':
      return { var: v.name };
    default:
      return { expr: expressionText(v.src ?? '') };
  }
}

function call(c: Extract<GroovyStatement, { t: 'call' }>, ctx: Context): unknown {
  const inner: Context = c.name === 'when' ? 'when' : c.name === 'agent' ? 'agent' : ctx;
  const name = inner === 'agent' && c.name === 'node' ? 'label' : c.name;
  let positional = c.positional;
  let named = c.named;
  const sole = ctx === 'when' ? WHEN_CONDITIONS[c.name]?.soleParameter : soleParameterOf(c.name);
  if (sole && named.length === 1 && positional.length === 0 && named[0]!.key === sole) {
    positional = [named[0]!.value];
    named = [];
  }
  const out: Record<string, unknown> = {
    call: name,
    positional: positional.map((p) => value(p, inner)),
    named: named.map((n) => [n.key, value(n.value, inner)]),
  };
  if (c.closure) {
    out.closure = CODE.has(c.name)
      ? { code: squash(c.closure.body) }
      : statements(c.closure.statements, inner, UNORDERED.has(c.name));
  }
  return out;
}

function statements(list: GroovyStatement[], ctx: Context, unordered: boolean): unknown[] {
  const out = list.map((s) => {
    if (s.t === 'call') return call(s, ctx);
    if (s.t === 'assign') return { assign: s.name, value: value(s.value, ctx) };
    return { [s.t]: squash(s.src) };
  });
  if (!unordered) return out;
  return out
    .map((o) => [JSON.stringify(o), o] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, o]) => o);
}

export function declarativeStructure(list: GroovyStatement[]): unknown[] {
  return statements(list, 'steps', false);
}
