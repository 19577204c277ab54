// The error text of Go's json.Unmarshal into a map[string]interface{}, which is how upstream
// checks that a docker config Secret holds a JSON object. Only the message matters: it becomes the
// detail of a 422 cause, so the scanner below follows the wording of Go's encoding/json scanner.

/** Go's message for `text`, or undefined when Go would accept it. */
export function goJSONObjectError(text: string): string | undefined {
  const syntax = new Scanner(text).document();
  if (syntax !== undefined) return syntax;
  const value: unknown = JSON.parse(text);
  if (value === null || (typeof value === 'object' && !Array.isArray(value))) return undefined;
  const kind = Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

// Go's quoteChar: the character in single quotes, escaped as strconv.Quote would.
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  return `'${JSON.stringify(c).slice(1, -1)}'`;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

class Scanner {
  private i = 0;
  constructor(private readonly s: string) {}

  document(): string | undefined {
    const err = this.value();
    if (err !== undefined) return err;
    this.skipSpace();
    return this.i < this.s.length ? this.fail('after top-level value') : undefined;
  }

  private fail(context: string): string {
    const c = this.s[this.i];
    return c === undefined ? 'unexpected end of JSON input' : `invalid character ${quoteChar(c)} ${context}`;
  }

  private skipSpace(): void {
    while (isSpace(this.s[this.i])) this.i++;
  }

  private value(): string | undefined {
    this.skipSpace();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || isDigit(c)) return this.number();
    if (c === 't') return this.literal('true');
    if (c === 'f') return this.literal('false');
    if (c === 'n') return this.literal('null');
    return this.fail('looking for beginning of value');
  }

  private object(): string | undefined {
    this.i++;
    this.skipSpace();
    if (this.s[this.i] === '}') return void this.i++;
    for (;;) {
      this.skipSpace();
      if (this.s[this.i] !== '"') return this.fail('looking for beginning of object key string');
      const key = this.string();
      if (key !== undefined) return key;
      this.skipSpace();
      if (this.s[this.i] !== ':') return this.fail('after object key');
      this.i++;
      const value = this.value();
      if (value !== undefined) return value;
      this.skipSpace();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] === '}') return void this.i++;
      else return this.fail('after object key:value pair');
    }
  }

  private array(): string | undefined {
    this.i++;
    this.skipSpace();
    if (this.s[this.i] === ']') return void this.i++;
    for (;;) {
      const value = this.value();
      if (value !== undefined) return value;
      this.skipSpace();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] === ']') return void this.i++;
      else return this.fail('after array element');
    }
  }

  private string(): string | undefined {
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) return this.fail('');
      if (c === '"') return void this.i++;
      if (c === '\\') {
        this.i++;
        const e = this.s[this.i];
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            this.i++;
            if (!/^[0-9a-fA-F]$/.test(this.s[this.i] ?? '')) return this.fail('in \\u hexadecimal character escape');
          }
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          return this.fail('in string escape code');
        }
      } else if (c < ' ') {
        return this.fail('in string literal');
      }
      this.i++;
    }
  }

  private number(): string | undefined {
    if (this.s[this.i] === '-') {
      this.i++;
      if (!isDigit(this.s[this.i])) return this.fail('in numeric literal');
    }
    if (this.s[this.i] === '0') this.i++;
    else while (isDigit(this.s[this.i])) this.i++;
    if (this.s[this.i] === '.') {
      this.i++;
      if (!isDigit(this.s[this.i])) return this.fail('after decimal point in numeric literal');
      while (isDigit(this.s[this.i])) this.i++;
    }
    if (this.s[this.i] === 'e' || this.s[this.i] === 'E') {
      this.i++;
      if (this.s[this.i] === '+' || this.s[this.i] === '-') this.i++;
      if (!isDigit(this.s[this.i])) return this.fail('in exponent of numeric literal');
      while (isDigit(this.s[this.i])) this.i++;
    }
    return undefined;
  }

  private literal(word: string): string | undefined {
    for (let k = 0; k < word.length; k++, this.i++) {
      if (this.s[this.i] !== word[k]) return this.fail(`in literal ${word} (expecting ${quoteChar(word[k] ?? '')})`);
    }
    return undefined;
  }
}
