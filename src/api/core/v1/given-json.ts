// Reading the parts of a Pod spec that are kept as given JSON (affinity, security contexts):
// the way upstream's typed structs would see them, a value of the wrong type counts as absent.
export type Json = Record<string, unknown>;

export function objectOf(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function stringsOf(value: unknown): string[] {
  return listOf(value).map(stringOf);
}
