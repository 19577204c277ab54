// Field selectors (`?fieldSelector=spec.nodeName=node-1,status.phase!=Running`): upstream
// `k8s.io/apimachinery/pkg/fields` — comma-separated terms ANDed together, each `field=value`,
// `field==value` or `field!=value`, values escaping `\,` `\=` `\\`. Fields are not checked here:
// which fields a kind supports is the API layer's business (upstream answers
// `field label not supported: X` from its conversion functions, applied through transform()).
import { FieldSelectorError } from './errors.ts';
import { compareGoStrings } from './go-strings.ts';

/** `==` parses to '=' — upstream keeps no trace of which was written. */
export type FieldOperator = '=' | '!=';

export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  readonly value: string;
}

/** Reads one field of an object; a missing field reads as '' (upstream `fields.Set.Get`). */
export type FieldGetter = (field: string) => string | undefined;

export class FieldSelector {
  private static readonly everythingSelector = new FieldSelector([], false);
  private static readonly nothingSelector = new FieldSelector([], true);

  private constructor(
    readonly requirements: readonly FieldRequirement[],
    private readonly nothing: boolean,
  ) {}

  static everything(): FieldSelector {
    return FieldSelector.everythingSelector;
  }

  static nothing(): FieldSelector {
    return FieldSelector.nothingSelector;
  }

  /** Requirements in the given order (upstream keeps term order; parsing sorts the raw terms). */
  static of(requirements: readonly FieldRequirement[]): FieldSelector {
    return requirements.length === 0 ? FieldSelector.everythingSelector : new FieldSelector([...requirements], false);
  }

  /** A missing field equals '': `spec.nodeName=` selects unscheduled pods, `x!=v` selects objects without x. */
  matches(get: FieldGetter): boolean {
    if (this.nothing) return false;
    return this.requirements.every(({ field, operator, value }) => ((get(field) ?? '') === value) === (operator === '='));
  }

  isEmpty(): boolean {
    return !this.nothing && this.requirements.length === 0;
  }

  matchesNothing(): boolean {
    return this.nothing;
  }

  /** Upstream String(): terms joined by ",", values re-escaped. */
  toString(): string {
    return this.requirements.map(({ field, operator, value }) => `${field}${operator}${escapeFieldValue(value)}`).join(',');
  }

  /** The value an `=` term pins `field` to (the first such term), for fast paths like metadata.name. */
  requiresExactMatch(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.operator === '=')?.value;
  }

  /**
   * Upstream Transform: rewrites each term's field and value (e.g. `spec.host` → `spec.nodeName`)
   * or throws (e.g. `field label not supported: X`). A term rewritten to ('', '') is dropped.
   */
  transform(fn: (field: string, value: string) => readonly [field: string, value: string]): FieldSelector {
    if (this.nothing) return this;
    const next: FieldRequirement[] = [];
    for (const requirement of this.requirements) {
      const [field, value] = fn(requirement.field, requirement.value);
      if (field !== '' || value !== '') next.push({ field, operator: requirement.operator, value });
    }
    return FieldSelector.of(next);
  }
}

/**
 * Upstream `fields.ParseSelector`. '' is Everything. Throws FieldSelectorError with upstream's
 * message: `invalid selector: '<all>'; can't understand '<term>'`,
 * `invalid field selector: invalid escape sequence: \x`,
 * `invalid field selector: unescaped character in value: 61` (Go prints the rune as a number).
 */
export function parseFieldSelector(text: string): FieldSelector {
  // Upstream sorts the raw terms before parsing: the canonical order, and the first error, follow.
  const terms = splitTerms(text).sort(compareGoStrings);
  const requirements: FieldRequirement[] = [];
  for (const term of terms) {
    if (term === '') continue;
    const split = splitTerm(term);
    if (split === undefined) throw new FieldSelectorError(`invalid selector: '${text}'; can't understand '${term}'`);
    const value = unescapeFieldValue(split.rhs);
    // Parsing runs upstream's identity transform, which drops a bare "=" term.
    if (split.lhs === '' && value === '') continue;
    requirements.push({ field: split.lhs, operator: split.operator === '!=' ? '!=' : '=', value });
  }
  return FieldSelector.of(requirements);
}

/** Terms split on unescaped commas; escapes are left in place for unescapeFieldValue. */
function splitTerms(text: string): string[] {
  if (text === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inSlash) inSlash = false;
    else if (ch === '\\') inSlash = true;
    else if (ch === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

const termOperators = ['!=', '==', '='] as const;

/** The first operator occurrence splits the term; the field part has no escaping. */
function splitTerm(term: string): { lhs: string; operator: (typeof termOperators)[number]; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const operator of termOperators) {
      if (term.startsWith(operator, i)) return { lhs: term.slice(0, i), operator, rhs: term.slice(i + operator.length) };
    }
  }
  return undefined;
}

/** Upstream EscapeValue: `\` → `\\`, `,` → `\,`, `=` → `\=`. */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (ch) => `\\${ch}`);
}

/** Upstream UnescapeValue: only `\\`, `\,` and `\=` are escapes; a bare `,` or `=` is an error. */
export function unescapeFieldValue(value: string): string {
  if (!/[\\,=]/.test(value)) return value;
  let out = '';
  let inSlash = false;
  for (const ch of value) {
    if (inSlash) {
      if (ch !== '\\' && ch !== ',' && ch !== '=') {
        throw new FieldSelectorError(`invalid field selector: invalid escape sequence: \\${ch}`);
      }
      out += ch;
      inSlash = false;
    } else if (ch === '\\') {
      inSlash = true;
    } else if (ch === ',' || ch === '=') {
      throw new FieldSelectorError(`invalid field selector: unescaped character in value: ${ch.codePointAt(0)}`);
    } else {
      out += ch;
    }
  }
  if (inSlash) throw new FieldSelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}
