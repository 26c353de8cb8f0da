// Where JSON text stops being JSON. V8's JSON.parse names a position in some messages and only the
// token in others (`Unexpected token ','`, for a trailing comma), so a config file's mistake would be
// reported at 1:1. This walks the grammar (RFC 8259) just far enough to find the first offset that
// breaks it. In: text that JSON.parse refused. Out: a 0-based offset into it.

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const LITERALS = ['true', 'false', 'null'];
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

class Failure {
  constructor(readonly offset: number) {}
}

/** The offset of the first character that is not valid JSON where it stands (the text's end if it stops early). */
export function jsonErrorOffset(text: string): number {
  let at = 0;
  const fail = (): never => {
    throw new Failure(at);
  };
  const space = (): void => {
    while (at < text.length && WHITESPACE.has(text[at] as string)) at++;
  };
  const token = (pattern: RegExp): void => {
    pattern.lastIndex = at;
    if (!pattern.test(text)) fail();
    at = pattern.lastIndex;
  };
  const expect = (char: string): void => {
    space();
    if (text[at] !== char) fail();
    at++;
  };
  const value = (): void => {
    space();
    const char = text[at];
    if (char === '{') return members('}', () => {
      space();
      if (text[at] !== '"') fail();
      token(STRING);
      expect(':');
      value();
    });
    if (char === '[') return members(']', value);
    if (char === '"') return token(STRING);
    const literal = LITERALS.find((word) => text.startsWith(word, at));
    if (literal !== undefined) {
      at += literal.length;
      return;
    }
    token(NUMBER);
  };
  const members = (close: string, member: () => void): void => {
    at++;
    space();
    if (text[at] === close) {
      at++;
      return;
    }
    for (;;) {
      member();
      space();
      if (text[at] === close) {
        at++;
        return;
      }
      expect(',');
    }
  };
  try {
    value();
    space();
    if (at < text.length) fail();
  } catch (error) {
    if (error instanceof Failure) return error.offset;
    throw error;
  }
  return at;
}
