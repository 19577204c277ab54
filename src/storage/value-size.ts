import { TooLargeError } from './errors.ts';
import { MAX_VALUE_BYTES } from './store.ts';

/** Refuses values over etcd's request limit before anything is written. */
export function assertValueSize(key: string, value: string): void {
  // Cheap bound first: a UTF-8 string is at most 3 bytes per UTF-16 unit.
  if (value.length * 3 <= MAX_VALUE_BYTES) return;
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > MAX_VALUE_BYTES) throw new TooLargeError(key, bytes, MAX_VALUE_BYTES);
}
