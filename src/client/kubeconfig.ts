// Reads a kubeconfig the way kubectl resolves it for a bearer-token user: current-context →
// its cluster (server, CA) and its user (token). Client certificates and exec plugins are out of
// scope: kubesvc issues tokens.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import type { ClientConfig } from './contract.ts';

interface Named {
  name?: string;
  [field: string]: unknown;
}

interface KubeconfigCluster {
  server?: string;
  'certificate-authority-data'?: string;
  'certificate-authority'?: string;
}

interface KubeconfigUser {
  token?: string;
  tokenFile?: string;
}

interface KubeconfigContext {
  cluster?: string;
  user?: string;
}

export class KubeconfigError extends Error {
  constructor(path: string, problem: string) {
    super(`kubeconfig ${path}: ${problem}`);
    this.name = 'KubeconfigError';
  }
}

function entry<T>(list: unknown, field: string, name: string): T | undefined {
  if (!Array.isArray(list)) return undefined;
  const found = (list as Named[]).find((item) => item?.name === name);
  return found?.[field] as T | undefined;
}

/** The client configuration of the kubeconfig's current context. */
export function loadClientConfig(path: string, options: { userAgent?: string } = {}): ClientConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new KubeconfigError(path, `cannot be read (${(error as Error).message})`);
  }
  return parseClientConfig(text, path, options);
}

/** The same from kubeconfig text; `path` names it in errors and anchors relative file paths. */
export function parseClientConfig(text: string, path: string, options: { userAgent?: string } = {}): ClientConfig {
  let doc: Record<string, unknown>;
  try {
    doc = (parse(text) ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw new KubeconfigError(path, `is not valid YAML (${(error as Error).message})`);
  }
  const contextName = doc['current-context'];
  if (typeof contextName !== 'string' || contextName === '') throw new KubeconfigError(path, 'has no current-context');
  const context = entry<KubeconfigContext>(doc.contexts, 'context', contextName);
  if (!context) throw new KubeconfigError(path, `current-context "${contextName}" is not among its contexts`);
  if (!context.cluster) throw new KubeconfigError(path, `context "${contextName}" names no cluster`);
  const cluster = entry<KubeconfigCluster>(doc.clusters, 'cluster', context.cluster);
  if (!cluster) throw new KubeconfigError(path, `cluster "${context.cluster}" (of context "${contextName}") is not among its clusters`);
  if (!cluster.server) throw new KubeconfigError(path, `cluster "${context.cluster}" has no server`);

  const relativeTo = (file: string) => (isAbsolute(file) ? file : resolve(dirname(path), file));
  let caPem: string | undefined;
  if (cluster['certificate-authority-data']) {
    caPem = Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8');
    if (!caPem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new KubeconfigError(path, `certificate-authority-data of cluster "${context.cluster}" is not a base64 PEM certificate`);
    }
  } else if (cluster['certificate-authority']) {
    const file = relativeTo(cluster['certificate-authority']);
    try {
      caPem = readFileSync(file, 'utf8');
    } catch (error) {
      throw new KubeconfigError(path, `certificate-authority ${file} cannot be read (${(error as Error).message})`);
    }
  }

  let token: string | undefined;
  if (context.user) {
    const user = entry<KubeconfigUser>(doc.users, 'user', context.user);
    if (!user) throw new KubeconfigError(path, `user "${context.user}" (of context "${contextName}") is not among its users`);
    if (user.token) token = user.token;
    else if (user.tokenFile) {
      const file = relativeTo(user.tokenFile);
      try {
        token = readFileSync(file, 'utf8').trim();
      } catch (error) {
        throw new KubeconfigError(path, `tokenFile ${file} cannot be read (${(error as Error).message})`);
      }
    } else throw new KubeconfigError(path, `user "${context.user}" has no token (only bearer tokens are supported)`);
  }
  return { server: cluster.server, caPem, token, userAgent: options.userAgent };
}
