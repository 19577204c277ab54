// The label selector lexer, as upstream `labels.Lexer` scans: identifiers run until whitespace or
// one of `=!(),<>`; operators are the longest run of those characters that is a token; the words
// `in`/`notin` are keywords (the parser turns them back into identifiers where a value is due).
// A NUL character ends the input, as upstream's byte scanner treats it.

export type LabelToken =
  | 'error'
  | 'end'
  | 'identifier'
  | '('
  | ')'
  | ','
  | '!'
  | '='
  | '=='
  | '!='
  | '>'
  | '<'
  | 'in'
  | 'notin';

export interface ScannedItem {
  readonly token: LabelToken;
  readonly literal: string;
}

// A Map, not an object literal: identifiers such as `constructor` must not find inherited keys.
const literalTokens = new Map<string, LabelToken>([
  [')', ')'],
  [',', ','],
  ['!', '!'],
  ['==', '=='],
  ['=', '='],
  ['>', '>'],
  ['in', 'in'],
  ['<', '<'],
  ['!=', '!='],
  ['notin', 'notin'],
  ['(', '('],
]);

const END = 0;

function isWhitespace(ch: number): boolean {
  return ch === 0x20 || ch === 0x09 || ch === 0x0d || ch === 0x0a;
}

function isSpecialSymbol(ch: number): boolean {
  switch (String.fromCharCode(ch)) {
    case '=':
    case '!':
    case '(':
    case ')':
    case ',':
    case '>':
    case '<':
      return true;
    default:
      return false;
  }
}

class LabelLexer {
  private pos = 0;

  constructor(private readonly text: string) {}

  /** The next character code, or 0 at the end (a NUL in the input reads as the end too). */
  private read(): number {
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos++) : END;
  }

  private unread(): void {
    this.pos--;
  }

  lex(): ScannedItem {
    let ch = this.read();
    while (isWhitespace(ch)) ch = this.read();
    if (ch === END) return { token: 'end', literal: '' };
    this.unread();
    return isSpecialSymbol(ch) ? this.scanSpecialSymbol() : this.scanIdentifierOrKeyword();
  }

  private scanIdentifierOrKeyword(): ScannedItem {
    let literal = '';
    for (;;) {
      const ch = this.read();
      if (ch === END) break;
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        this.unread();
        break;
      }
      literal += String.fromCharCode(ch);
    }
    return { token: literalTokens.get(literal) ?? 'identifier', literal };
  }

  private scanSpecialSymbol(): ScannedItem {
    let buffer = '';
    let last: ScannedItem | undefined;
    for (;;) {
      const ch = this.read();
      if (ch === END) break;
      if (!isSpecialSymbol(ch)) {
        this.unread();
        break;
      }
      buffer += String.fromCharCode(ch);
      const token = literalTokens.get(buffer);
      if (token !== undefined) {
        last = { token, literal: buffer };
      } else if (last !== undefined) {
        this.unread();
        break;
      }
    }
    // Unreachable with today's token set (every special character is a token on its own); kept
    // because upstream has it.
    return last ?? { token: 'error', literal: `error expected: keyword found '${buffer}'` };
  }
}

/** Every token of `text`, ending with one 'end' item. */
export function scanLabelSelector(text: string): ScannedItem[] {
  const lexer = new LabelLexer(text);
  const items: ScannedItem[] = [];
  for (;;) {
    const item = lexer.lex();
    items.push(item);
    if (item.token === 'end') return items;
  }
}
