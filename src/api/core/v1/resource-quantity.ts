// resource.Quantity for Pod resources: parsing, exact comparison, and upstream's canonical text
// (the API server re-serialises every quantity, so "0.5" is stored and returned as "500m" and
// 1536Mi stays "1536Mi"). Values are exact decimals (bigint mantissa, decimal scale), rounded up
// to nano precision as upstream's parser does.

/** Upstream's ErrFormatWrong text. */
export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** value = unscaled / 10^scale, with 0 <= scale <= 9. */
  readonly unscaled: bigint;
  readonly scale: number;
  readonly format: QuantityFormat;
}

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const quantityPattern = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*)([-+]?[0-9]*)$/;

/** Parses a quantity as a string or a JSON number; undefined when upstream would reject it. */
export function parseQuantity(input: string | number): Quantity | undefined {
  const text = typeof input === 'number' ? numberText(input) : input;
  const match = quantityPattern.exec(text);
  if (!match || !/^[+-]?[0-9.]/.test(text)) return undefined;
  const [, sign = '', whole = '', fraction = '', letters = '', exponentDigits = ''] = match;
  let format: QuantityFormat;
  let tenPower = 0;
  let kibiPower = 0;
  if ((letters === 'e' || letters === 'E') && /^[-+]?[0-9]+$/.test(exponentDigits)) {
    format = 'DecimalExponent';
    tenPower = Number(exponentDigits);
  } else if (exponentDigits !== '') {
    return undefined;
  } else if (letters in binarySuffixes) {
    format = 'BinarySI';
    kibiPower = binarySuffixes[letters] ?? 0;
  } else if (letters in decimalSuffixes) {
    format = 'DecimalSI';
    tenPower = decimalSuffixes[letters] ?? 0;
  } else {
    return undefined;
  }
  let unscaled = BigInt(`${whole}${fraction}` || '0') * 1024n ** BigInt(kibiPower);
  let scale = fraction.length - tenPower;
  if (scale < 0) {
    unscaled *= 10n ** BigInt(-scale);
    scale = 0;
  }
  if (scale > 9) {
    unscaled = ceilDiv(unscaled, 10n ** BigInt(scale - 9));
    scale = 9;
  }
  // Binary values below one are shown in decimal; upstream switches the format while parsing.
  if (format === 'BinarySI' && unscaled !== 0n && unscaled < 10n ** BigInt(scale)) format = 'DecimalSI';
  return { unscaled: sign === '-' ? -unscaled : unscaled, scale, format };
}

/** -1, 0 or 1, comparing values (not formats). */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const scale = Math.max(a.scale, b.scale);
  const left = a.unscaled * 10n ** BigInt(scale - a.scale);
  const right = b.unscaled * 10n ** BigInt(scale - b.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

export function isNegativeQuantity(q: Quantity): boolean {
  return q.unscaled < 0n;
}

export function isIntegerQuantity(q: Quantity): boolean {
  return q.unscaled % 10n ** BigInt(q.scale) === 0n;
}

/** SetDefaults_ResourceList: round up (away from zero) to millis. */
export function roundUpToMilli(q: Quantity): Quantity {
  if (q.scale <= 3) return q;
  const divisor = 10n ** BigInt(q.scale - 3);
  const magnitude = ceilDiv(q.unscaled < 0n ? -q.unscaled : q.unscaled, divisor);
  return { ...q, unscaled: q.unscaled < 0n ? -magnitude : magnitude, scale: 3 };
}

/** Upstream's Quantity.String(). */
export function formatQuantity(q: Quantity): string {
  if (q.unscaled === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const oneKi = 1024n * 10n ** BigInt(q.scale);
    const small = q.unscaled > -oneKi && q.unscaled < oneKi;
    if (small || !isIntegerQuantity(q)) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let amount = q.unscaled / 10n ** BigInt(q.scale);
    let power = 0;
    while (amount % 1024n === 0n && power < 6) {
      amount /= 1024n;
      power++;
    }
    const suffix = Object.keys(binarySuffixes).find((key) => binarySuffixes[key] === power) ?? '';
    return `${amount}${suffix}`;
  }
  let amount = q.unscaled;
  let exponent = -q.scale;
  while (amount % 10n === 0n) {
    amount /= 10n;
    exponent++;
  }
  const remainder = ((exponent % 3) + 3) % 3;
  amount *= 10n ** BigInt(remainder);
  exponent -= remainder;
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  const suffix = Object.keys(decimalSuffixes).find((key) => decimalSuffixes[key] === exponent);
  return suffix === undefined ? `${amount}e${exponent}` : `${amount}${suffix}`;
}

/** The canonical text of a quantity, or the input unchanged when it does not parse. */
export function canonicalQuantity(input: string | number, roundToMilli = false): string | number {
  const parsed = parseQuantity(input);
  if (!parsed) return input;
  return formatQuantity(roundToMilli ? roundUpToMilli(parsed) : parsed);
}

function ceilDiv(value: bigint, divisor: bigint): bigint {
  const quotient = value / divisor;
  return value % divisor === 0n || value < 0n ? quotient : quotient + 1n;
}

// JSON numbers arrive as doubles; write them without exponent where JS would use one.
function numberText(value: number): string {
  if (!Number.isFinite(value)) return 'NaN';
  const text = String(value);
  if (!text.includes('e')) return text;
  const [mantissa = '', exp = '0'] = text.split('e');
  return `${mantissa}e${Number(exp)}`;
}
