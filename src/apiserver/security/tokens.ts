// Bearer-token authentication: an admin token (every verb) and a read-only token (get, list and
// watch; writes answer 403), created on first start and kept in the data directory.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Identity {
  readonly user: string;
  /**
   * What upstream's authenticators attach: every authenticated user is in system:authenticated,
   * and the admin is also in system:masters, the group kube-apiserver treats as superuser (what
   * a cluster's admin client certificate carries).
   */
  readonly groups: readonly string[];
  readonly readOnly: boolean;
}

const AUTHENTICATED = 'system:authenticated';
const MASTERS = 'system:masters';

export interface Tokens {
  readonly admin: string;
  readonly readOnly: string;
}

export function loadOrCreateTokens(path: string): Tokens {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const tokens: Tokens = { admin: newToken(), readOnly: newToken() };
    writeFileSync(path, JSON.stringify(tokens, null, 2) + '\n', { mode: 0o600 });
  }
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Tokens>;
  if (typeof parsed.admin !== 'string' || typeof parsed.readOnly !== 'string') {
    throw new Error(`${path} must hold {"admin": "...", "readOnly": "..."}`);
  }
  return { admin: parsed.admin, readOnly: parsed.readOnly };
}

function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Who an `Authorization` header belongs to, or undefined for a missing or unknown token. */
export function authenticator(tokens: Tokens): (authorization: string | undefined) => Identity | undefined {
  const admin = Buffer.from(tokens.admin);
  const readOnly = Buffer.from(tokens.readOnly);
  const same = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);
  return (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return undefined;
    const presented = Buffer.from(match[1] as string);
    if (same(presented, admin)) return { user: 'kubesvc-admin', groups: [MASTERS, AUTHENTICATED], readOnly: false };
    if (same(presented, readOnly)) return { user: 'kubesvc-readonly', groups: [AUTHENTICATED], readOnly: true };
    return undefined;
  };
}
