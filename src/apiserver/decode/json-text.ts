// A JSON parser that keeps what JSON.parse throws away and kube-apiserver's decoder looks at:
// - repeated keys in one object (reported as `duplicate field "…"` under fieldValidation), with
//   every occurrence in document order;
// - the literal text of numbers whose JS value does not spell them (`1.0`, `1e3`, integers past
//   2^53), because Go refuses `1.0` for an int32 field and names the number as written.
// The result is plain JS values (the last of repeated keys wins, as in Go) plus side tables.
// Syntax errors carry the messages of Go's encoding/json scanner, since that is what clients
// see. Iterative, with Go's nesting limit, so hostile input cannot overflow the stack.
import { JsonSyntaxError } from './errors.ts';

/** One member of an object, as written. `text` is set for numbers as described above. */
export interface JsonMember {
  readonly key: string;
  readonly value: unknown;
  readonly text?: string | undefined;
}

/** What the parser knew beyond the values; the decoder also runs on plain values without it. */
export interface JsonSideInfo {
  /** The literal text of the number at `container[key]`, when it is not `String(value)`. */
  numberText(container: object, key: string | number): string | undefined;
  /** All members of an object that repeated a key, in document order; undefined otherwise. */
  members(object: object): readonly JsonMember[] | undefined;
  /** Whether any object repeated a key (lets the decoder skip looking). */
  readonly hasDuplicates: boolean;
}

export interface ParsedJson {
  readonly value: unknown;
  /** Text of a top-level number, when it is not `String(value)`. */
  readonly rootText: string | undefined;
  readonly side: JsonSideInfo;
}

/** Go's maxNestingDepth. */
const MAX_DEPTH = 10000;

type Frame =
  | { readonly kind: 'object'; readonly value: Record<string, unknown>; key: string; members?: JsonMember[] }
  | { readonly kind: 'array'; readonly value: unknown[] };

class Side implements JsonSideInfo {
  readonly texts = new WeakMap<object, Map<string | number, string>>();
  readonly duplicates = new WeakMap<object, JsonMember[]>();
  hasDuplicates = false;

  numberText(container: object, key: string | number): string | undefined {
    return this.texts.get(container)?.get(key);
  }

  members(object: object): readonly JsonMember[] | undefined {
    return this.duplicates.get(object);
  }
}

export function parseJsonText(text: string): ParsedJson {
  return new Parser(text).parse();
}

class Parser {
  private pos = 0;
  private readonly side = new Side();

  constructor(private readonly src: string) {}

  parse(): ParsedJson {
    const stack: Frame[] = [];
    let value: unknown;
    let valueText: string | undefined;
    let rootText: string | undefined;
    // Parse a value, then attach it to the innermost container and find what comes next.
    for (;;) {
      this.skipSpace();
      const c = this.src.charCodeAt(this.pos);
      valueText = undefined;
      if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
        if (stack.length >= MAX_DEPTH) this.fail(this.pos, 'exceeded max depth');
        this.pos++;
        this.skipSpace();
        if (c === 0x7b) {
          const frame: Frame = { kind: 'object', value: {}, key: '' };
          if (this.src.charCodeAt(this.pos) === 0x7d /* } */) {
            this.pos++;
            value = frame.value;
          } else {
            frame.key = this.objectKey('looking for beginning of object key string');
            stack.push(frame);
            continue;
          }
        } else if (this.src.charCodeAt(this.pos) === 0x5d /* ] */) {
          this.pos++;
          value = [];
        } else {
          stack.push({ kind: 'array', value: [] });
          continue;
        }
      } else if (c === 0x22 /* " */) {
        value = this.string();
      } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
        const literal = this.number();
        value = Number(literal);
        if (String(value) !== literal) valueText = literal;
      } else if (c === 0x74 /* t */) {
        value = this.literal('true', true);
      } else if (c === 0x66 /* f */) {
        value = this.literal('false', false);
      } else if (c === 0x6e /* n */) {
        value = this.literal('null', null);
      } else {
        this.fail(this.pos, 'looking for beginning of value');
      }

      // `value` is complete: store it, then close every container that ends here.
      for (;;) {
        const frame = stack[stack.length - 1];
        if (frame === undefined) {
          this.skipSpace();
          if (this.pos < this.src.length) this.fail(this.pos, 'after top-level value');
          rootText = valueText;
          return { value, rootText, side: this.side };
        }
        this.store(frame, value, valueText);
        this.skipSpace();
        const next = this.src.charCodeAt(this.pos);
        if (frame.kind === 'array') {
          if (next === 0x2c /* , */) {
            this.pos++;
            break;
          }
          if (next !== 0x5d /* ] */) this.fail(this.pos, 'after array element');
        } else {
          if (next === 0x2c) {
            this.pos++;
            this.skipSpace();
            frame.key = this.objectKey('looking for beginning of object key string');
            break;
          }
          if (next !== 0x7d /* } */) this.fail(this.pos, 'after object key:value pair');
        }
        this.pos++;
        stack.pop();
        value = frame.value;
        valueText = undefined;
      }
    }
  }

  private store(frame: Frame, value: unknown, text: string | undefined): void {
    if (frame.kind === 'array') {
      if (text !== undefined) this.textsOf(frame.value).set(frame.value.length, text);
      frame.value.push(value);
      return;
    }
    const { key, value: object } = frame;
    if (frame.members === undefined && Object.prototype.hasOwnProperty.call(object, key)) {
      // First repeat in this object: from now on keep every member, in order.
      const texts = this.side.texts.get(object);
      frame.members = Object.keys(object).map((k) => ({ key: k, value: object[k], text: texts?.get(k) }));
      this.side.duplicates.set(object, frame.members);
      this.side.hasDuplicates = true;
    }
    frame.members?.push({ key, value, text });
    if (text !== undefined) this.textsOf(object).set(key, text);
    else this.side.texts.get(object)?.delete(key);
    setMember(object, key, value);
  }

  private textsOf(container: object): Map<string | number, string> {
    let texts = this.side.texts.get(container);
    if (texts === undefined) {
      texts = new Map();
      this.side.texts.set(container, texts);
    }
    return texts;
  }

  /** A key and its colon; the position is at the opening quote. */
  private objectKey(context: string): string {
    if (this.src.charCodeAt(this.pos) !== 0x22) this.fail(this.pos, context);
    const key = this.string();
    this.skipSpace();
    if (this.src.charCodeAt(this.pos) !== 0x3a /* : */) this.fail(this.pos, 'after object key');
    this.pos++;
    return key;
  }

  private string(): string {
    const src = this.src;
    let out = '';
    let start = ++this.pos;
    for (;;) {
      // Skip the plain run in one step: most strings have no escapes at all.
      PLAIN_RUN.lastIndex = this.pos;
      PLAIN_RUN.test(src);
      this.pos = PLAIN_RUN.lastIndex;
      if (this.pos >= src.length) this.fail(this.pos, '');
      const c = src.charCodeAt(this.pos);
      if (c === 0x22) {
        out += src.slice(start, this.pos++);
        return out;
      }
      if (c < 0x20) this.fail(this.pos, 'in string literal');
      if (c !== 0x5c /* \ */) {
        this.pos++;
        continue;
      }
      out += src.slice(start, this.pos);
      this.pos++;
      if (this.pos >= src.length) this.failAt('in string escape code');
      const e = src[this.pos] ?? '';
      const simple = ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        this.pos++;
      } else if (e === 'u') {
        this.pos++;
        const unit = this.hex4();
        if (unit >= 0xd800 && unit < 0xdc00 && src.startsWith('\\u', this.pos)) {
          const save = this.pos;
          this.pos += 2;
          const low = this.hex4();
          if (low >= 0xdc00 && low < 0xe000) out += String.fromCharCode(unit, low);
          else {
            out += '\ufffd'; // Go: an unpaired surrogate becomes U+FFFD; the next escape stands alone
            this.pos = save;
          }
        } else {
          out += unit >= 0xd800 && unit < 0xe000 ? '\ufffd' : String.fromCharCode(unit);
        }
      } else {
        this.fail(this.pos, 'in string escape code');
      }
      start = this.pos;
    }
  }

  private hex4(): number {
    let unit = 0;
    for (let i = 0; i < 4; i++) {
      if (this.pos >= this.src.length) this.failAt('in \\u hexadecimal character escape');
      const digit = parseInt(this.src[this.pos] ?? '', 16);
      if (Number.isNaN(digit)) this.fail(this.pos, 'in \\u hexadecimal character escape');
      unit = unit * 16 + digit;
      this.pos++;
    }
    return unit;
  }

  /** The literal text of a number; Go's scanner states, including its EOF behaviour. */
  private number(): string {
    const start = this.pos;
    if (this.peek() === 0x2d) {
      this.pos++;
      if (!isDigit(this.peek())) this.failAt('in numeric literal');
    }
    if (this.peek() === 0x30) this.pos++;
    else while (isDigit(this.peek())) this.pos++;
    if (this.peek() === 0x2e /* . */) {
      this.pos++;
      if (!isDigit(this.peek())) this.failAt('after decimal point in numeric literal');
      while (isDigit(this.peek())) this.pos++;
    }
    const e = this.peek();
    if (e === 0x65 || e === 0x45) {
      this.pos++;
      const sign = this.peek();
      if (sign === 0x2b || sign === 0x2d) this.pos++;
      if (!isDigit(this.peek())) this.failAt('in exponent of numeric literal');
      while (isDigit(this.peek())) this.pos++;
    }
    return this.src.slice(start, this.pos);
  }

  private literal<T>(word: string, value: T): T {
    for (let i = 1; i < word.length; i++) {
      if (this.src[this.pos + i] !== word[i]) {
        this.pos += i;
        this.failAt(`in literal ${word} (expecting '${word[i]}')`);
      }
    }
    this.pos += word.length;
    return value;
  }

  private peek(): number {
    return this.src.charCodeAt(this.pos);
  }

  private skipSpace(): void {
    for (;;) {
      const c = this.src.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.pos++;
    }
  }

  /**
   * A failure inside a number or literal. At the end of input Go's scanner feeds a space to the
   * current state, so the message names ' ' rather than saying the input ended.
   */
  private failAt(context: string): never {
    if (this.pos >= this.src.length) {
      throw new JsonSyntaxError(`invalid character ' ' ${context}`, this.pos);
    }
    this.fail(this.pos, context);
  }

  private fail(at: number, context: string): never {
    if (at >= this.src.length) throw new JsonSyntaxError('unexpected end of JSON input', this.src.length);
    throw new JsonSyntaxError(`invalid character ${quoteChar(this.src, at)} ${context}`, at);
  }
}

/** Characters a string may hold unescaped, up to the next quote, backslash or control character. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: JSON forbids them raw
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Sets a member even when it is named `__proto__` (an own property, as JSON.parse makes it). */
export function setMember(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

/**
 * Go's quoteChar over the *byte* at the position: the scanner reads UTF-8 bytes, and
 * `string(byte)` makes a Latin-1 rune of a lead byte, so 'é' shows as 'Ã'.
 */
function quoteChar(src: string, at: number): string {
  const code = src.codePointAt(at) ?? 0;
  const byte = code < 0x80 ? code : (new TextEncoder().encode(String.fromCodePoint(code))[0] ?? 0);
  if (byte === 0x27) return `'\\''`;
  if (byte === 0x22) return `'"'`;
  return `'${goQuoteRune(byte)}'`;
}

/** strconv.Quote of one rune below U+0100, without the surrounding quotes. */
function goQuoteRune(rune: number): string {
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x5c: '\\\\' };
  const escaped = named[rune];
  if (escaped !== undefined) return escaped;
  if (rune < 0x20 || rune === 0x7f) return `\\x${rune.toString(16).padStart(2, '0')}`;
  // Latin-1 runes Go does not count as printable: C1 controls, no-break space, soft hyphen.
  if ((rune >= 0x80 && rune <= 0xa0) || rune === 0xad) return `\\u${rune.toString(16).padStart(4, '0')}`;
  return String.fromCharCode(rune);
}
