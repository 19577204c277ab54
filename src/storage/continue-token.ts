// Continue tokens for paged lists. A token pins the snapshot revision of the first page and the
// last key returned, so every page reads the same snapshot. It is opaque to clients
// (base64url JSON), and the apiserver passes it through as `metadata.continue`.
import { InvalidContinueError } from './errors.ts';

export interface ContinuePosition {
  /**
   * The snapshot revision of the whole paged list; undefined continues at the latest one (the
   * token a list gets back when its snapshot was compacted away, as upstream's rv -1).
   */
  readonly revision: number | undefined;
  /** The page continues with the first key after this one. */
  readonly afterKey: string;
}

const LATEST = -1;

export function encodeContinue(position: ContinuePosition): string {
  return Buffer.from(JSON.stringify({ v: 1, rv: position.revision ?? LATEST, after: position.afterKey })).toString('base64url');
}

export function decodeContinue(token: string): ContinuePosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidContinueError(token);
  }
  const { v, rv, after } = (parsed ?? {}) as { v?: unknown; rv?: unknown; after?: unknown };
  if (v !== 1 || !Number.isSafeInteger(rv) || ((rv as number) < 1 && rv !== LATEST) || typeof after !== 'string') {
    throw new InvalidContinueError(token);
  }
  return { revision: rv === LATEST ? undefined : (rv as number), afterKey: after };
}

/** The smallest string greater than every string starting with `prefix` ('' = no bound). */
export function prefixEnd(prefix: string): string {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const code = prefix.charCodeAt(i);
    if (code < 0xffff) return prefix.slice(0, i) + String.fromCharCode(code + 1);
  }
  return '';
}
