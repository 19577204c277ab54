import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabelSelectorError } from './errors.ts';
import { scanLabelSelector } from './label-lexer.ts';
import { newLabelRequirement } from './label-requirement.ts';
import { LabelSelector, labelSelectorFromSet, parseLabelSelector } from './label-selector.ts';

// Upstream's message fragments, spelled out once so the tables below stay readable.
const nameRegex =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const valueRegex =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const subdomainRegex =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('parseLabelSelector: accepted input and canonical string', () => {
  const cases: [input: string, canonical: string][] = [
    ['', ''],
    ['   ', ''],
    ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['x!=a,y=b', 'x!=a,y=b'],
    ['x==a', 'x==a'],
    ['x=', 'x='],
    ['x= ', 'x='],
    ['x=,z= ', 'x=,z='],
    ['  app  =  web  ', 'app=web'],
    ['x', 'x'],
    ['!x', '!x'],
    ['x>1', 'x>1'],
    ['x>1,z<5', 'x>1,z<5'],
    ['z<5,x>1', 'x>1,z<5'],
    ['x=a,a=x', 'a=x,x=a'],
    ['tier in (b,a),app=web', 'app=web,tier in (a,b)'],
    ['x in (b,a,a)', 'x in (a,b)'],
    ['x in ()', 'x in ()'],
    ['x in (abc,)', 'x in (,abc)'],
    ['x in (,abc)', 'x in (,abc)'],
    ['x in (a,,b)', 'x in (,a,b)'],
    ['x notin (abc,def),bar,z in (),w', 'bar,w,x notin (abc,def),z in ()'],
    ['foo  in\t (abc)', 'foo in (abc)'],
    ['x notin\n (abc)', 'x notin (abc)'],
    ['\rx', 'x'],
    ['this-is-a-dns.domain.com/key-with-dash', 'this-is-a-dns.domain.com/key-with-dash'],
    ['0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)', '0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)'],
    ['app.kubernetes.io/name=web', 'app.kubernetes.io/name=web'],
    // `in`/`notin` are words, not operators, in key and value position.
    ['in=notin', 'in=notin'],
    ['notin in (in)', 'notin in (in)'],
    // Identifiers hold any non-special character, so keys that collide with JS object members are plain keys.
    ['constructor', 'constructor'],
    // A NUL ends the input as upstream's byte scanner sees it; inside an identifier it is skipped.
    ['x \0 zzz', 'x'],
    ['x=a\0,y', 'x=a,y'],
  ];
  for (const [input, canonical] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(canonical)}`, () => {
      const selector = parseLabelSelector(input);
      assert.equal(selector.toString(), canonical);
      assert.equal(selector.isEmpty(), canonical === '');
      // The canonical form parses back to itself.
      assert.equal(parseLabelSelector(canonical).toString(), canonical);
    });
  }

  it('exposes requirements sorted by key with parsed values de-duplicated and sorted', () => {
    assert.deepEqual(parseLabelSelector('z in (b,a,b),!y,x>3,w').requirements, [
      { key: 'w', operator: 'exists', values: [] },
      { key: 'x', operator: 'gt', values: ['3'] },
      { key: 'y', operator: '!', values: [] },
      { key: 'z', operator: 'in', values: ['a', 'b'] },
    ]);
  });
});

describe('parseLabelSelector: errors carry upstream text', () => {
  const unable = 'unable to parse requirement: ';
  const cases: [input: string, message: string][] = [
    ['x=a||y=b', `${unable}values[0][x]: Invalid value: "a||y": ${valueRegex}`],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['x<a', `${unable}values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['x>', `${unable}values[0]: Invalid value: "": for 'Gt', 'Lt' operators, the value must be an integer`],
    [
      'x>99999999999999999999',
      `${unable}values[0]: Invalid value: "99999999999999999999": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    [
      'x>-',
      `${unable}[values[0]: Invalid value: "-": for 'Gt', 'Lt' operators, the value must be an integer, ` +
        `values[0][x]: Invalid value: "-": ${valueRegex}]`,
    ],
    [
      'x in ($,@)',
      `${unable}[values[0][x]: Invalid value: "$": ${valueRegex}, values[1][x]: Invalid value: "@": ${valueRegex}]`,
    ],
    [`x=${'v'.repeat(64)}`, `${unable}values[0][x]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`],
    ['x,', "found '', expected: identifier after ','"],
    ['x=a,', "found '', expected: identifier after ','"],
    ['x,=a', "found '=', expected: identifier after ','"],
    [',', "found ',', expected: !, identifier, or 'end of string'"],
    ['!=a', "found '!=', expected: !, identifier, or 'end of string'"],
    ['(x)', "found '(', expected: !, identifier, or 'end of string'"],
    ['!', `${unable}found '', expected: identifier`],
    ['!!x', `${unable}found '!', expected: identifier`],
    ['x y', `${unable}found 'y', expected: in, notin, =, ==, !=, gt, lt`],
    ['x (a)', `${unable}found '(', expected: in, notin, =, ==, !=, gt, lt`],
    ['x in', `${unable}found '' expected: '('`],
    ['x in a', `${unable}found 'a' expected: '('`],
    ['x in (a', `${unable}found '', expected: ',' or ')'`],
    ['x in (a b)', `${unable}found 'b', expected: ',' or ')'`],
    ['x in (a,', `${unable}found '', expected: ',', or identifier`],
    ['x in (a,=)', `${unable}found '=', expected: ',', or identifier`],
    ['x in ((a)', `${unable}found '(', expected: ',', ')' or identifier`],
    ['x=(', `${unable}found '(', expected: identifier`],
    ['x===y', `${unable}found '=', expected: identifier`],
    ['x>=1', `${unable}found '=', expected: identifier`],
    ['app:monolith', `${unable}<nil>: Invalid value: "app:monolith": name part ${nameRegex}`],
    ['*bar', `${unable}<nil>: Invalid value: "*bar": name part ${nameRegex}`],
    [
      'a/b/c ?=? def',
      `${unable}<nil>: Invalid value: "a/b/c": a qualified name ${nameRegex} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ],
    [
      'app.kubernetes_io/name=x',
      `${unable}<nil>: Invalid value: "app.kubernetes_io/name": prefix part ${subdomainRegex}`,
    ],
    ['/a', `${unable}<nil>: Invalid value: "/a": prefix part must be non-empty`],
    ['a/', `${unable}<nil>: Invalid value: "a/": name part must be non-empty; name part ${nameRegex}`],
    [
      `${'k'.repeat(64)}=v`,
      `${unable}<nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`,
    ],
    [
      `${'p'.repeat(254)}/k`,
      `${unable}<nil>: Invalid value: "${'p'.repeat(254)}/k": prefix part must be no more than 253 characters`,
    ],
  ];
  for (const [input, message] of cases) {
    it(JSON.stringify(input.length > 60 ? `${input.slice(0, 60)}…` : input), () => {
      assert.throws(
        () => parseLabelSelector(input),
        (err: unknown) => err instanceof LabelSelectorError && err.message === message,
        `expected: ${message}`,
      );
    });
  }

  it('keeps the field errors behind a requirement failure', () => {
    try {
      parseLabelSelector('x in (ok,$)');
      assert.fail('parse should fail');
    } catch (err) {
      assert.ok(err instanceof LabelSelectorError);
      assert.equal(err.code, 'KS_ERR_API_LABEL_SELECTOR');
      assert.deepEqual(
        err.fieldErrors.map((e) => [e.type, e.field, e.value]),
        [['FieldValueInvalid', 'values[0][x]', '$']],
      );
    }
  });
});

describe('LabelSelector.matches', () => {
  const labels = { app: 'web', tier: 'front', n: '5', empty: '' };
  const cases: [selector: string, labels: Record<string, string> | undefined, want: boolean][] = [
    ['', labels, true],
    ['', undefined, true],
    ['app=web', labels, true],
    ['app==web', labels, true],
    ['app=db', labels, false],
    ['missing=x', labels, false],
    ['app!=db', labels, true],
    ['app!=web', labels, false],
    // Negative requirements select objects that lack the key.
    ['missing!=x', labels, true],
    ['missing!=x', undefined, true],
    ['app in (db,web)', labels, true],
    ['app in (db)', labels, false],
    ['missing in (x)', labels, false],
    ['app notin (db)', labels, true],
    ['app notin (web)', labels, false],
    ['missing notin (x)', labels, true],
    ['app', labels, true],
    ['missing', labels, false],
    ['!missing', labels, true],
    ['!app', labels, false],
    ['empty', labels, true],
    ['empty=', labels, true],
    ['missing=', labels, false],
    ['empty in ()', labels, true],
    ['missing notin ()', labels, true],
    ['n>4', labels, true],
    ['n>5', labels, false],
    ['n<6', labels, true],
    ['n<5', labels, false],
    ['missing>1', labels, false],
    ['app>1', labels, false], // not an integer: never matches
    ['app=web,tier=front', labels, true],
    ['app=web,tier=back', labels, false],
    ['app=web,tier notin (back),!canary,n>1', labels, true],
  ];
  for (const [selector, given, want] of cases) {
    it(`${JSON.stringify(selector)} ${want ? 'matches' : 'does not match'} ${JSON.stringify(given)}`, () => {
      assert.equal(parseLabelSelector(selector).matches(given), want);
    });
  }

  it('compares integers as int64 (leading zeros, negative label values)', () => {
    assert.equal(parseLabelSelector('n>7').matches({ n: '0010' }), true);
    assert.equal(parseLabelSelector('n<0').matches({ n: '-3' }), true);
    assert.equal(parseLabelSelector('n>1').matches({ n: '99999999999999999999' }), false);
  });

  it('does not see inherited object members as labels', () => {
    assert.equal(parseLabelSelector('constructor').matches({}), false);
    assert.equal(parseLabelSelector('!toString').matches({}), true);
  });
});

describe('Everything, Nothing and sets', () => {
  it('Everything matches all and is empty', () => {
    const everything = LabelSelector.everything();
    assert.equal(everything.matches({ x: 'y' }), true);
    assert.equal(everything.isEmpty(), true);
    assert.equal(everything.matchesNothing(), false);
    assert.equal(everything.toString(), '');
  });

  it('Nothing matches none, is not empty, prints as empty, and stays Nothing when added to', () => {
    const nothing = LabelSelector.nothing();
    assert.equal(nothing.matches({}), false);
    assert.equal(nothing.isEmpty(), false);
    assert.equal(nothing.matchesNothing(), true);
    assert.equal(nothing.toString(), '');
    assert.equal(nothing.add(newLabelRequirement('a', '=', ['b'])).matchesNothing(), true);
  });

  it('labelSelectorFromSet selects exactly the set, sorted; an empty set is Everything', () => {
    const selector = labelSelectorFromSet({ tier: 'front', app: 'web' });
    assert.equal(selector.toString(), 'app=web,tier=front');
    assert.equal(selector.matches({ app: 'web', tier: 'front', extra: '1' }), true);
    assert.equal(selector.matches({ app: 'web' }), false);
    assert.equal(labelSelectorFromSet({}).isEmpty(), true);
    assert.equal(labelSelectorFromSet(undefined).isEmpty(), true);
  });

  it('add() keeps requirements sorted by key', () => {
    const selector = parseLabelSelector('b=1').add(newLabelRequirement('a', 'in', ['y', 'x']));
    assert.equal(selector.toString(), 'a in (x,y),b=1');
  });

  it('requiresExactMatch reports the value the first requirement on a key pins', () => {
    const cases: [selector: string, key: string, want: string | undefined][] = [
      ['app=web', 'app', 'web'],
      ['app==web', 'app', 'web'],
      ['app in (web)', 'app', 'web'],
      ['app in (a,b)', 'app', undefined],
      ['app!=web', 'app', undefined],
      ['app', 'app', undefined],
      ['tier=x', 'app', undefined],
    ];
    for (const [text, key, want] of cases) assert.equal(parseLabelSelector(text).requiresExactMatch(key), want, text);
  });
});

describe('newLabelRequirement (upstream NewRequirement)', () => {
  const cases: [key: string, op: Parameters<typeof newLabelRequirement>[1], values: string[], error?: string][] = [
    ['x', 'in', ['foo']],
    ['x', 'notin', ['foo']],
    ['x', 'exists', []],
    ['x', '!', []],
    ['1foo', 'in', ['bar']],
    ['y', 'gt', ['1']],
    ['x', 'in', [], "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"],
    ['x', '=', ['a', 'b'], 'values: Invalid value: []string{"a", "b"}: exact-match compatibility requires one single value'],
    ['x', 'exists', ['a'], 'values: Invalid value: []string{"a"}: values set must be empty for exists and does not exist'],
    ['x', 'gt', ['1', '2'], `values: Invalid value: []string{"1", "2"}: for 'Gt', 'Lt' operators, exactly one value is required`],
    ['foo', 'gt', ['bar'], `values[0]: Invalid value: "bar": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['a'.repeat(254), 'exists', [], `key: Invalid value: "${'a'.repeat(254)}": name part must be no more than 63 characters`],
  ];
  for (const [key, op, values, error] of cases) {
    it(`${key.slice(0, 10)} ${op} ${JSON.stringify(values)} ${error ? 'fails' : 'is valid'}`, () => {
      if (error === undefined) assert.deepEqual(newLabelRequirement(key, op, values), { key, operator: op, values });
      else assert.throws(() => newLabelRequirement(key, op, values), { name: 'LabelSelectorError', message: error });
    });
  }

  it('reports an unknown operator with the supported list, at the given path', () => {
    assert.throws(() => newLabelRequirement('x', 'bogus' as never, [], 'spec'), {
      message:
        'spec.operator: Unsupported value: "bogus": supported values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"',
    });
  });
});

describe('scanLabelSelector', () => {
  it('returns the longest operator token and treats non-special characters as identifiers', () => {
    const tokens = (text: string) => scanLabelSelector(text).map((item) => item.token);
    assert.deepEqual(tokens('== != (), = notin'), ['==', '!=', '(', ')', ',', '=', 'notin', 'end']);
    assert.deepEqual(tokens('key in ( value1, value2 )'), ['identifier', 'in', '(', 'identifier', ',', 'identifier', ')', 'end']);
    assert.deepEqual(tokens('!key'), ['!', 'identifier', 'end']);
    assert.deepEqual(tokens('key>2'), ['identifier', '>', 'identifier', 'end']);
    assert.deepEqual(tokens('~'), ['identifier', 'end']);
    assert.deepEqual(tokens('||'), ['identifier', 'end']);
    assert.deepEqual(tokens('==='), ['==', '=', 'end']);
    assert.deepEqual(tokens('!!'), ['!', '!', 'end']);
  });
});
