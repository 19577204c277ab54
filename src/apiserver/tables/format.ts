// Cell formatting shared by every kind: ages (apimachinery duration.HumanDuration and the printers'
// translateTimestampSince), defensive field access on plain JSON, and upstream's list renderings.
import { labelSelectorFromObject } from '../../api/selectors/index.ts';
import type { LabelSelectorObject } from '../../api/selectors/index.ts';
import { compareGoStrings } from '../../api/selectors/go-strings.ts';
import type { TableColumnDefinition, TableColumnType } from './types.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Go's zero time.Time (0001-01-01T00:00:00Z): what an unset metav1.Time decodes to. */
const GO_ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/**
 * apimachinery duration.HumanDuration for a span in ms: about two significant units, e.g. `45s`,
 * `119s`, `5m30s`, `3h2m`, `2d3h`, `400d`, `3y12d`, `12y`. Spans more than a second or so in the
 * negative (clock skew beyond tolerance) read `<invalid>`; smaller ones read `0s`.
 */
export function humanDuration(ms: number): string {
  // Go converts with int(), which truncates toward zero, so -1.9s is still "0s".
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/** A JSON timestamp as ms, or undefined when missing, unparsable or Go's zero time. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || ms === GO_ZERO_TIME) return undefined;
  return ms;
}

/**
 * Upstream translateTimestampSince: `<unknown>` for an unset time, otherwise the age. A time in
 * the future is not special-cased upstream: it falls through to HumanDuration (`0s`/`<invalid>`).
 */
export function translateTimestampSince(value: unknown, now: number): string {
  const ms = typeof value === 'number' ? value : parseTimestamp(value);
  return ms === undefined ? '<unknown>' : humanDuration(now - ms);
}

// Field access on objects that are plain JSON: every field may be missing or of the wrong type,
// and the printers render what Go's zero values would give.

export type JsonRecord = Record<string, unknown>;

export function rec(value: unknown): JsonRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

/** Walks nested objects; undefined as soon as a step is not an object. */
export function at(value: unknown, ...keys: string[]): unknown {
  let current: unknown = value;
  for (const key of keys) {
    const object = rec(current);
    if (object === undefined) return undefined;
    current = object[key];
  }
  return current;
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function int(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : 0;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Number of keys of a JSON object (a Go map's len). */
export function size(value: unknown): number {
  const object = rec(value);
  return object === undefined ? 0 : Object.keys(object).length;
}

/** The age cell every kind has, from metadata.creationTimestamp. */
export function ageOf(object: unknown, now: number): string {
  return translateTimestampSince(at(object, 'metadata', 'creationTimestamp'), now);
}

export function nameOf(object: unknown): string {
  return str(at(object, 'metadata', 'name'));
}

/** Go's net.JoinHostPort: IPv6 literals get brackets. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Upstream listWithMoreString: up to `max` items, then ` + N more...`; `<unset>` when empty. */
export function listWithMore(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).join(',');
  if (items.length > max) return `${shown} + ${items.length - max} more...`;
  return shown === '' ? '<unset>' : shown;
}

/** labels.FormatLabels: `k=v` pairs sorted by key, or `<none>`. */
export function formatLabels(value: unknown): string {
  const object = rec(value);
  if (object === undefined) return '<none>';
  const text = Object.keys(object)
    .sort(compareGoStrings)
    .map((key) => `${key}=${str(object[key])}`)
    .join(',');
  return text === '' ? '<none>' : text;
}

/**
 * A metav1.LabelSelector as upstream's selector string (`app=web,tier in (a,b)`), or undefined
 * when it does not convert (bad operator or values): callers print their own marker then.
 * A missing selector selects nothing and an empty one everything; both print as ''.
 */
export function labelSelectorString(value: unknown): string | undefined {
  const selector = rec(value);
  try {
    return labelSelectorFromObject(selector as LabelSelectorObject | undefined).toString();
  } catch {
    return undefined;
  }
}

/** Container names and images, each comma-joined (upstream layoutContainerCells). */
export function containerCells(containers: unknown): [names: string, images: string] {
  const items = list(containers);
  return [items.map((c) => str(at(c, 'name'))).join(','), items.map((c) => str(at(c, 'image'))).join(',')];
}

/** A column definition; descriptions are ours, names, types and priorities are upstream's. */
export function column(
  name: string,
  type: TableColumnType,
  description: string,
  extra: { priority?: number; format?: string } = {},
): TableColumnDefinition {
  return { name, type, format: extra.format ?? '', description, priority: extra.priority ?? 0 };
}

export const NAME_COLUMN = column(
  'Name',
  'string',
  'The object name, unique within its namespace (or the cluster, for cluster-scoped kinds).',
  { format: 'name' },
);
export const AGE_COLUMN = column('Age', 'string', 'Time since the object was created.');
