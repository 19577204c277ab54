// API times are RFC 3339 with whole seconds (metav1.Time), e.g. 2024-05-01T10:30:00Z.

/** Milliseconds since the epoch of an API time; undefined when absent or unparsable. */
export function timeOf(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** An API time for `ms`, truncated to the second as metav1.Time serializes. */
export function apiTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
