/** Keywords and modifiers of PromQL that look like metric names to a tokenizer. */
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/**
 * The series selectors an expression names (`up{job="pipewright"}`, `pipewright_runs_active`),
 * each as it is written. Label lists of `by`/`without`/`on`/`ignoring`/`group_*`, range and
 * subquery brackets and numbers are not selectors; a name followed by `(` is a function or an
 * aggregation. Enough PromQL for the rules and dashboards of this repository, which the
 * observability test evaluates with it.
 */
export function seriesSelectors(expr: string): string[] {
  const text = expr
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  const found: string[] = [];
  const token = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^}]*\})?(\s*\()?/g;
  for (const match of text.matchAll(token)) {
    const [, name, matchers, call] = match;
    const before = text[match.index - 1];
    // Part of a number such as 1e3, or of a word started by a digit.
    if (before !== undefined && /[0-9.]/.test(before)) continue;
    if (call || KEYWORDS.has(name!.toLowerCase())) continue;
    found.push(`${name}${matchers ?? ''}`);
  }
  return [...new Set(found)];
}
