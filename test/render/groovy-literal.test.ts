import { describe, expect, it } from 'vitest';
import {
  groovyMapKey,
  groovyNumber,
  groovyString,
  UnrepresentableStringError,
} from '../../src/groovy/groovy-literal.js';
import { groovyValue, unwrapDollarBraces } from '../../src/groovy/groovy-expression.js';

describe('groovyString', () => {
  it('writes plain text in single quotes, where $ is not interpolated', () => {
    expect(groovyString('echo ${SECRET} $HOME')).toBe("'echo ${SECRET} $HOME'");
  });
  it('escapes quotes and backslashes', () => {
    expect(groovyString(`it's a \\ "test"`)).toBe(`'it\\'s a \\\\ "test"'`);
  });
  it('uses triple quotes for multi-line text and escapes \\r and triple quotes', () => {
    expect(groovyString("a\r\n'''b")).toBe("'''a\\r\n\\'\\'\\'b'''");
  });
  it('escapes control characters, lone surrogates and invisible line breaks', () => {
    expect(groovyString('\u0000\u0007\t\ud800\u2028')).toBe("'\\u0000\\u0007\\t\\ud800\\u2028'");
  });
  it('keeps non-ASCII text readable', () => {
    expect(groovyString('部署到生产环境 😀')).toBe("'部署到生产环境 😀'");
  });
  it('refuses U+FFFF, which Groovy 2.4 reads as end of file', () => {
    expect(() => groovyString('a\uffff')).toThrow(UnrepresentableStringError);
  });
});

describe('other literals', () => {
  it('quotes map keys that are not identifiers or are keywords', () => {
    expect(groovyMapKey('first')).toBe('first');
    expect(groovyMapKey('first one')).toBe("'first one'");
    expect(groovyMapKey('class')).toBe("'class'");
  });
  it('writes numbers Groovy can read', () => {
    expect(groovyNumber(5)).toBe('5');
    expect(groovyNumber(1.5)).toBe('1.5');
    expect(() => groovyNumber(Number.NaN)).toThrow(RangeError);
  });
  it("unwraps ${expr} by Jenkins' own test: the text starts with ${ and ends with }", () => {
    expect(unwrapDollarBraces("${'}' + x}")).toBe("'}' + x");
    expect(unwrapDollarBraces('${"a${ [1].collect { it } }b" + (x =~ /}/ ? 1 : 2)}')).toBe(
      '"a${ [1].collect { it } }b" + (x =~ /}/ ? 1 : 2)',
    );
    expect(unwrapDollarBraces('x + ${b}')).toBeNull();
    expect(groovyValue({ isLiteral: false, value: '${a.b()}' })).toBe('(a.b())');
    expect(groovyValue({ isLiteral: false, value: '"${a}"' })).toBe('"${a}"');
  });
});
