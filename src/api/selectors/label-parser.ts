// The label selector parser: upstream `labels.Parse`, a recursive descent over the scanned tokens,
// with upstream's error texts (kubectl users see them in `Error from server (BadRequest): …`).
//
//   selector    ::= requirement | requirement "," selector
//   requirement ::= ["!"] KEY [ ("in"|"notin") "(" values ")" | ("="|"=="|"!="|">"|"<") VALUE ]
import { aggregateMessage, fieldErrorString } from '../field-errors.ts';
import type { FieldError } from '../field-errors.ts';
import { LabelSelectorError } from './errors.ts';
import { scanLabelSelector } from './label-lexer.ts';
import type { LabelToken, ScannedItem } from './label-lexer.ts';
import { compareGoStrings } from './go-strings.ts';
import { BINARY_LABEL_OPERATORS, checkLabelRequirement, validateLabelKey } from './label-requirement.ts';
import type { LabelOperator, LabelRequirement } from './label-requirement.ts';

/** A failure inside one requirement; parse() prefixes "unable to parse requirement: ". */
class RequirementFailure extends Error {
  constructor(
    message: string,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(message);
  }
}

// Upstream's parser has no path (a nil field.Path), which prints as "<nil>".
const NIL_PATH = '<nil>';

const binaryOperatorOf: Partial<Record<LabelToken, LabelOperator>> = {
  in: 'in',
  notin: 'notin',
  '=': '=',
  '==': '==',
  '!=': '!=',
  '>': 'gt',
  '<': 'lt',
};

/** Whether `in`/`notin` are keywords (operator position) or plain words (key and value position). */
type Context = 'operator' | 'value';

class LabelParser {
  private position = 0;

  constructor(private readonly items: readonly ScannedItem[]) {}

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const { token, literal } = this.lookahead('value');
      if (token === 'end') return requirements;
      if (token !== 'identifier' && token !== '!') {
        throw new LabelSelectorError(`found '${literal}', expected: !, identifier, or 'end of string'`);
      }
      requirements.push(this.parseRequirementWrapped());
      const next = this.consume('value');
      if (next.token === 'end') return requirements;
      if (next.token !== ',') throw new LabelSelectorError(`found '${next.literal}', expected: ',' or 'end of string'`);
      const after = this.lookahead('value');
      if (after.token !== 'identifier' && after.token !== '!') {
        throw new LabelSelectorError(`found '${after.literal}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirementWrapped(): LabelRequirement {
    try {
      return this.parseRequirement();
    } catch (err) {
      if (!(err instanceof RequirementFailure)) throw err;
      throw new LabelSelectorError(`unable to parse requirement: ${err.message}`, err.fieldErrors);
    }
  }

  private parseRequirement(): LabelRequirement {
    const { key, inferred } = this.parseKeyAndInferOperator();
    // `!key` is complete here even when more follows: `!x=a` fails later, at the `=`.
    if (inferred !== undefined) return requirement(key, inferred, []);
    const operator = this.parseOperator();
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    return requirement(key, operator, [...values].sort(compareGoStrings));
  }

  private parseKeyAndInferOperator(): { key: string; inferred: 'exists' | '!' | undefined } {
    let item = this.consume('value');
    let negated = false;
    if (item.token === '!') {
      negated = true;
      item = this.consume('value');
    }
    if (item.token !== 'identifier') throw new RequirementFailure(`found '${item.literal}', expected: identifier`);
    const keyError = validateLabelKey(item.literal, NIL_PATH);
    if (keyError) throw new RequirementFailure(fieldErrorString(keyError), [keyError]);
    if (negated) return { key: item.literal, inferred: '!' };
    const next = this.lookahead('value').token;
    return { key: item.literal, inferred: next === 'end' || next === ',' ? 'exists' : undefined };
  }

  private parseOperator(): LabelOperator {
    const { token, literal } = this.consume('operator');
    const operator = binaryOperatorOf[token];
    if (operator === undefined) {
      throw new RequirementFailure(`found '${literal}', expected: ${BINARY_LABEL_OPERATORS.join(', ')}`);
    }
    return operator;
  }

  /** `(a,b,…)`; empty entries are the empty value: `()`, `(a,)` and `(,a)` all contain "". */
  private parseValues(): Set<string> {
    const open = this.consume('value');
    if (open.token !== '(') throw new RequirementFailure(`found '${open.literal}' expected: '('`);
    const { token, literal } = this.lookahead('value');
    if (token === 'identifier' || token === ',') {
      const values = this.parseIdentifiersList();
      // Unreachable: the list only ends on a ')' lookahead. Upstream words it with the stale literal.
      if (this.consume('value').token !== ')') throw new RequirementFailure(`found '${literal}', expected: ')'`);
      return values;
    }
    if (token === ')') {
      this.consume('value');
      return new Set(['']);
    }
    throw new RequirementFailure(`found '${literal}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): Set<string> {
    const values = new Set<string>();
    for (;;) {
      const { token, literal } = this.consume('value');
      if (token === 'identifier') {
        values.add(literal);
        const next = this.lookahead('value');
        if (next.token === ',') continue;
        if (next.token === ')') return values;
        throw new RequirementFailure(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (token === ',') {
        if (values.size === 0) values.add(''); // "(,"
        const next = this.lookahead('value').token;
        if (next === ')') {
          values.add(''); // ",)"
          return values;
        }
        if (next === ',') values.add(''); // ",,"
        continue;
      }
      throw new RequirementFailure(`found '${literal}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead('value').token;
    if (next === 'end' || next === ',') return new Set(['']);
    const { token, literal } = this.consume('value');
    if (token === 'identifier') return new Set([literal]);
    throw new RequirementFailure(`found '${literal}', expected: identifier`);
  }

  private lookahead(context: Context): ScannedItem {
    return inContext(this.items[Math.min(this.position, this.items.length - 1)] as ScannedItem, context);
  }

  private consume(context: Context): ScannedItem {
    const item = this.lookahead(context);
    if (this.position < this.items.length - 1) this.position++;
    return item;
  }
}

function inContext(item: ScannedItem, context: Context): ScannedItem {
  if (context === 'value' && (item.token === 'in' || item.token === 'notin')) {
    return { token: 'identifier', literal: item.literal };
  }
  return item;
}

function requirement(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
  const errs = checkLabelRequirement(key, operator, values);
  if (errs.length > 0) {
    // Upstream returns NewRequirement's aggregate error: one error bare, several as "[a, b]".
    throw new RequirementFailure(aggregateMessage(errs), errs);
  }
  return { key, operator, values };
}

/** The requirements of `text`, sorted by key (stable, like upstream's sort for ≤ 12 requirements). */
export function parseLabelRequirements(text: string): LabelRequirement[] {
  const requirements = new LabelParser(scanLabelSelector(text)).parse();
  return requirements.sort((a, b) => compareGoStrings(a.key, b.key));
}
