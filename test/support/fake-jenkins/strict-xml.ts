/**
 * A strict XML 1.0/1.1 reader for the fake Jenkins, which must refuse what Jenkins' XStream
 * (through its StAX parser) refuses: bare `&` and `<`, unknown entities, `]]>` in text, mismatched
 * or unclosed tags, a second root, characters XML cannot hold. It applies the spec's line-end
 * and attribute-value normalisation, so a value that survives it survives Jenkins.
 */
export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: (XmlNode | string)[];
}

export class XmlSyntaxError extends Error {}

const NAME = /[A-Za-z_:][-A-Za-z0-9._:]*/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const BAD_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function parseXml(input: string): XmlNode {
  if (BAD_CHAR.test(input)) throw new XmlSyntaxError('a character XML cannot hold');
  const text = input.replace(/\r\n?/g, '\n');
  let i = 0;
  const fail = (what: string): never => {
    throw new XmlSyntaxError(`${what} at offset ${i}`);
  };
  const name = () => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (!m) fail('expected a name');
    i += m![0].length;
    return m![0];
  };
  const space = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const reference = (): string => {
    const end = text.indexOf(';', i);
    if (end < 0 || end - i > 12) fail('a bare &');
    const ref = text.slice(i + 1, end);
    i = end + 1;
    if (ref.startsWith('#x') && /^#x[0-9A-Fa-f]+$/.test(ref))
      return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (/^#[0-9]+$/.test(ref)) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const value = PREDEFINED[ref];
    if (value === undefined) fail(`unknown entity &${ref};`);
    return value!;
  };
  const misc = () => {
    for (;;) {
      space();
      if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i);
        if (end < 0) fail('unclosed processing instruction');
        i = end + 2;
      } else if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0 || text.slice(i + 4, end).includes('--')) fail('bad comment');
        i = end + 3;
      } else return;
    }
  };
  const element = (): XmlNode => {
    if (text[i] !== '<') fail('expected <');
    i++;
    const node: XmlNode = { name: name(), attributes: {}, children: [] };
    for (;;) {
      const before = i;
      space();
      if (text.startsWith('/>', i)) {
        i += 2;
        return node;
      }
      if (text[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('expected space between attributes');
      const key = name();
      space();
      if (text[i] !== '=') fail('expected =');
      i++;
      space();
      const quote = text[i];
      if (quote !== '"' && quote !== "'") fail('expected a quoted value');
      i++;
      let value = '';
      while (text[i] !== quote) {
        const c = text[i];
        if (c === undefined || c === '<') fail('bad attribute value');
        if (c === '&') value += reference();
        else {
          value += /[\t\n]/.test(c!) ? ' ' : c;
          i++;
        }
      }
      i++;
      if (key in node.attributes) fail(`duplicate attribute ${key}`);
      node.attributes[key] = value;
    }
    let buffer = '';
    const flush = () => {
      if (buffer) node.children.push(buffer);
      buffer = '';
    };
    for (;;) {
      const c = text[i];
      if (c === undefined) fail(`unclosed <${node.name}>`);
      if (text.startsWith('</', i)) {
        i += 2;
        if (name() !== node.name) fail(`mismatched end of <${node.name}>`);
        space();
        if (text[i] !== '>') fail('expected >');
        i++;
        flush();
        return node;
      }
      if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i);
        if (end < 0) fail('unclosed CDATA');
        buffer += text.slice(i + 9, end);
        i = end + 3;
      } else if (text.startsWith('<!--', i) || text.startsWith('<?', i)) {
        misc();
      } else if (c === '<') {
        flush();
        node.children.push(element());
      } else if (c === '&') {
        buffer += reference();
      } else {
        if (text.startsWith(']]>', i)) fail(']]> in text');
        buffer += c;
        i++;
      }
    }
  };
  misc();
  const root = element();
  misc();
  if (i !== text.length) fail('content after the root element');
  return root;
}

/** The text of an element's children, concatenated. */
export function textOf(node: XmlNode | undefined): string {
  if (!node) return '';
  return node.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

export const childNamed = (node: XmlNode | undefined, name: string): XmlNode | undefined =>
  node?.children.find((c): c is XmlNode => typeof c !== 'string' && c.name === name);
