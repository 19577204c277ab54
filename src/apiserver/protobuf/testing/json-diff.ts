// Field-by-field comparison of two JSON values: one line per differing path, so a failing
// fixture names the exact field that was dropped, added or changed.
export function jsonDiff(actual: unknown, expected: unknown, path = ''): string[] {
  if (isObject(actual) && isObject(expected)) {
    const keys = [...new Set([...Object.keys(actual), ...Object.keys(expected)])].sort();
    return keys.flatMap((key) => {
      const p = path ? `${path}.${key}` : key;
      if (!(key in expected)) return [`${p}: unexpected ${show(actual[key])}`];
      if (!(key in actual)) return [`${p}: missing, expected ${show(expected[key])}`];
      return jsonDiff(actual[key], expected[key], p);
    });
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    const diffs = actual.length === expected.length ? [] : [`${path}: length ${actual.length}, expected ${expected.length}`];
    const n = Math.min(actual.length, expected.length);
    for (let i = 0; i < n; i++) diffs.push(...jsonDiff(actual[i], expected[i], `${path}[${i}]`));
    return diffs;
  }
  return Object.is(actual, expected) ? [] : [`${path || '<root>'}: ${show(actual)}, expected ${show(expected)}`];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  const text = JSON.stringify(v) ?? 'undefined';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
