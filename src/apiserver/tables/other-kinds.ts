// Kinds with one or two columns of their own (ConfigMaps, Secrets, Leases), and the fallback
// every other resource gets: upstream's default table of name and creation time.
import type { KubeObject } from '../../api/meta/v1.ts';
import { AGE_COLUMN, NAME_COLUMN, ageOf, at, column, int, nameOf, parseTimestamp, rec, size, str } from './format.ts';
import type { KindPrinter, TableCell } from './types.ts';

export const configMapPrinter: KindPrinter = {
  columns: [NAME_COLUMN, column('Data', 'string', 'Number of keys, text and binary together.'), AGE_COLUMN],
  cells(configMap: KubeObject, now: number): TableCell[] {
    return [nameOf(configMap), size(configMap['data']) + size(configMap['binaryData']), ageOf(configMap, now)];
  },
};

export const secretPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Type', 'string', 'What the secret holds, e.g. Opaque or kubernetes.io/tls.'),
    column('Data', 'string', 'Number of keys.'),
    AGE_COLUMN,
  ],
  cells(secret: KubeObject, now: number): TableCell[] {
    // stringData is write-only and merged into data; count a not-yet-merged key once.
    const keys = new Set([...Object.keys(rec(secret['data']) ?? {}), ...Object.keys(rec(secret['stringData']) ?? {})]);
    return [nameOf(secret), str(secret['type']), keys.size, ageOf(secret, now)];
  },
};

export const leasePrinter: KindPrinter = {
  columns: [NAME_COLUMN, column('Holder', 'string', 'Identity of the current holder of the lease.'), AGE_COLUMN],
  cells(lease: KubeObject, now: number): TableCell[] {
    return [nameOf(lease), str(at(lease['spec'], 'holderIdentity')), ageOf(lease, now)];
  },
};

/** autoscaling/v1 Scale, for `kubectl get deploy NAME --subresource=scale`. */
export const scalePrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'The number of replicas asked for.'),
    column('Available', 'integer', 'The number of replicas observed.'),
    AGE_COLUMN,
  ],
  cells(scale: KubeObject, now: number): TableCell[] {
    return [nameOf(scale), int(at(scale['spec'], 'replicas')), int(at(scale['status'], 'replicas')), ageOf(scale, now)];
  },
};

/**
 * The apiserver's default table for kinds without a printer: the creation time as an RFC 3339
 * timestamp in a `date` column, which kubectl prints as is (header CREATED AT).
 */
export const defaultPrinter: KindPrinter = {
  columns: [NAME_COLUMN, column('Created At', 'date', 'When the object was created (RFC 3339, UTC).')],
  cells(object: KubeObject): TableCell[] {
    const created = parseTimestamp(at(object, 'metadata', 'creationTimestamp'));
    // An unset time prints as Go's zero time, formatted the same way.
    if (created === undefined) return [nameOf(object), '0001-01-01T00:00:00Z'];
    // Go's RFC 3339 layout has no fractional seconds.
    return [nameOf(object), new Date(created).toISOString().replace(/\.\d{3}Z$/, 'Z')];
  },
};
