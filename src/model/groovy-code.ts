/**
 * True when the text holds anything but whitespace, comments and a first-line shebang: a
 * statement, an import, an annotation or a declaration. The scan stops at the first such token,
 * so string literals never need reading.
 */
export function holdsGroovyCode(text: string): boolean {
  let i = text.startsWith('#!') ? text.indexOf('\n') + 1 || text.length : 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) i++;
    else if (text.startsWith('//', i)) i = text.indexOf('\n', i) + 1 || text.length;
    else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return true;
      i = end + 2;
    } else return true;
  }
  return false;
}
