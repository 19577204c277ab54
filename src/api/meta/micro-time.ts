// metav1.MicroTime: a timestamp with microsecond precision (Event.eventTime, Lease.renewTime).
// kube-apiserver always writes it as RFC 3339 in UTC with exactly six fractional digits, whatever
// precision or offset the client sent, so the normalizer here reproduces that re-serialization.
import { z } from 'zod';

/** A MicroTime field: RFC 3339 with six fractional digits, e.g. 2025-01-01T00:00:00.123456Z. */
export const microTime = () => z.string().meta({ 'x-kubesvc-format': 'date-time' });

/** MicroTime text of an instant given in milliseconds (the microseconds beyond are zero). */
export function formatMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

const rfc3339 = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The text kube-apiserver would write back for an RFC 3339 input: converted to UTC, fraction cut
 * or padded to six digits. Input that does not parse comes back unchanged.
 */
export function normalizeMicroTime(text: string): string {
  const match = rfc3339.exec(text);
  if (!match) return text;
  const [, date = '', clock = '', fraction = '', offset = 'Z'] = match;
  const seconds = Date.parse(`${date}T${clock}${offset.toUpperCase()}`);
  if (Number.isNaN(seconds)) return text;
  const whole = new Date(seconds).toISOString().slice(0, 19);
  return `${whole}.${fraction.slice(0, 6).padEnd(6, '0')}Z`;
}

/** The same for metav1.Time, which kube-apiserver writes with whole seconds. */
export function normalizeTime(text: string): string {
  const micro = normalizeMicroTime(text);
  return micro === text && !rfc3339.test(text) ? text : `${micro.slice(0, 19)}Z`;
}
