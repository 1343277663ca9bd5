/**
 * A small XML element tree and its serializer: the job XML is built as a tree and written here,
 * so every text and attribute value passes one escaping function. (No XML library is in the
 * dependencies; this is the smallest writer that cannot produce malformed XML.)
 */
export interface XmlElement {
  name: string;
  attributes?: Record<string, string>;
  children?: (XmlElement | string)[];
}

/** Text XML 1.0 cannot carry in any form (C0 controls but tab/newline/CR, U+FFFE/U+FFFF, lone surrogates). */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

/** A value that XML 1.0 cannot represent, named by where it is. */
export class UnrepresentableXmlError extends Error {
  readonly code = 'XML_UNREPRESENTABLE';
  constructor(
    readonly path: string,
    readonly offset: number,
  ) {
    super(`[${path}] character at ${offset} cannot be written in XML 1.0`);
  }
}

/** `\r` is escaped too: XML parsers turn a literal CR (and CRLF) into LF, which would change a script. */
function escape(text: string, path: string, attribute: boolean): string {
  const bad = NOT_XML.exec(text);
  if (bad) throw new UnrepresentableXmlError(path, bad.index);
  return text.replace(attribute ? /[&<>"\r\n\t]/g : /[&<>\r]/g, (c) => ENTITIES[c]!);
}
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};

/** The document with an XML 1.0 declaration, UTF-8 encoded. */
export function writeXml(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, root.name)}\n`;
}

function element(node: XmlElement, path: string): string {
  if (!NAME.test(node.name)) throw new UnrepresentableXmlError(path, 0);
  const attributes = Object.entries(node.attributes ?? {})
    .map(([k, v]) => {
      if (!NAME.test(k)) throw new UnrepresentableXmlError(`${path}@${k}`, 0);
      return ` ${k}="${escape(v, `${path}@${k}`, true)}"`;
    })
    .join('');
  const children = node.children ?? [];
  if (children.length === 0) return `<${node.name}${attributes}/>`;
  const inner = children
    .map((c) => (typeof c === 'string' ? escape(c, path, false) : element(c, `${path}/${c.name}`)))
    .join('');
  return `<${node.name}${attributes}>${inner}</${node.name}>`;
}

/** `<name>text</name>`, the shape of most of Jenkins' config fields. */
export const leaf = (name: string, text: string | number | boolean): XmlElement => ({
  name,
  children: [String(text)],
});
