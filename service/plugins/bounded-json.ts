import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Problem } from '../../src/index.js';
import { badRequest } from '../errors.js';

/** Deeper than any pipeline model needs (stages in parallel in stages ... stay far below). */
export const MAX_JSON_DEPTH = 64;
/** Per array; a request body is at most PIPEWRIGHT_BODY_LIMIT bytes anyway. */
export const MAX_JSON_ARRAY_ITEMS = 10_000;

interface Open {
  kind: 'object' | 'array';
  /** Where it sits in its parent: a key or an index. */
  at: string;
  /** Array items seen so far (commas + 1 once the first item starts). */
  items: number;
  key: string | null;
}

function pathOf(stack: Open[]): string {
  const shown = stack.length > 8 ? [...stack.slice(0, 8).map((o) => o.at), '...'] : stack.map((o) => o.at);
  return 'body' + shown.join('');
}

/**
 * Measures a JSON text's nesting and array lengths in one pass with an explicit stack (no
 * recursion, so a 10,000-deep document cannot exhaust the call stack here), before anything
 * parses or validates it. Returns the problems found; the text need not be valid JSON.
 */
export function jsonBoundProblems(
  text: string,
  limits = { depth: MAX_JSON_DEPTH, items: MAX_JSON_ARRAY_ITEMS },
): Problem[] {
  const stack: Open[] = [];
  const problems: Problem[] = [];
  let lastString = '';
  let i = 0;
  const openAt = () => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.kind === 'array') return `[${top.items - 1}]`;
    return /^[A-Za-z_$][\w$]*$/.test(top.key ?? '') ? `.${top.key}` : `[${JSON.stringify(top.key)}]`;
  };
  const startValue = () => {
    const top = stack[stack.length - 1];
    if (top?.kind === 'array' && top.items === 0) top.items = 1;
  };
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      startValue();
      const start = ++i;
      while (i < text.length && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
      // Keys are only needed to name where a problem is; keep short ones verbatim.
      lastString = i - start <= 100 ? text.slice(start, i) : text.slice(start, start + 100) + '...';
      i++;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      startValue();
      stack.push({ kind: c === 0x7b ? 'object' : 'array', at: openAt(), items: 0, key: null });
      if (stack.length > limits.depth) {
        problems.push({ path: pathOf(stack), message: `nests deeper than ${limits.depth} levels` });
        return problems;
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x3a /* : */) {
      const top = stack[stack.length - 1];
      if (top) top.key = lastString;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.kind === 'array' && ++top.items === limits.items + 1)
        problems.push({ path: pathOf(stack), message: `has more than ${limits.items} items` });
    } else if (c > 0x20) {
      startValue();
    }
    i++;
  }
  return problems;
}

/**
 * Replaces Fastify's JSON body parser with one that refuses (400) a body nesting too deep or
 * holding too long an array before it is parsed, so validators and the pipeline model never
 * recurse through a hostile document. Parsing itself stays Fastify's, with its protection
 * against __proto__ and constructor keys.
 */
export const boundedJsonPlugin = fp(
  async (app: FastifyInstance) => {
    const parse = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      // An empty body is no body: routes whose body is all optional take it (optional-body.ts).
      if (body === '') return done(null, undefined);
      const problems = jsonBoundProblems(body as string);
      if (problems.length > 0) return done(badRequest(problems), undefined);
      parse(request, body as string, done);
    });
  },
  { name: 'bounded-json' },
);
