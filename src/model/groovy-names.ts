/** Groovy 2.4 keywords: not usable as bare names (named-argument keys are quoted instead). */
const GROOVY_KEYWORDS = new Set(
  (
    'abstract as assert boolean break byte case catch char class const continue def default do double ' +
    'else enum extends false final finally float for goto if implements import in instanceof int ' +
    'interface long native new null package private protected public return short static strictfp ' +
    'super switch synchronized this threadsafe throw throws transient true try void volatile while'
  ).split(' '),
);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when `name` can stand bare in Groovy source (method names, env keys, named arguments). */
export function isGroovyIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !GROOVY_KEYWORDS.has(name);
}
