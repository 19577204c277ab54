// metav1.Time: RFC 3339 in UTC with whole seconds (creationTimestamp, condition transition
// times, event timestamps), e.g. 2026-11-24T15:04:05Z. MicroTime is in micro-time.ts.

/** Time text of an instant given in milliseconds, truncated to the second as metav1.Time writes it. */
export function formatTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Milliseconds since the epoch of a time text; undefined when absent or unparsable. */
export function parseTime(text: string | undefined | null): number | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
