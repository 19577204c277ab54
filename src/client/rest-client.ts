// HTTPS to the API server: one keep-alive agent for ordinary requests, a separate one for
// watches (a watch holds its socket for minutes and must never starve short requests of
// sockets), bearer token, JSON bodies. Non-2xx answers become ApiError; connection failures stay
// ordinary Errors so callers retry them.
import { Agent, request as httpsRequest } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error.ts';
import type { ClientConfig, PatchType } from './contract.ts';

export type QueryValue = string | number | boolean | undefined;

export interface RestRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute API path, e.g. /api/v1/namespaces/default/pods. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  /** Defaults to application/json when there is a body. */
  readonly contentType?: string;
}

export const PATCH_CONTENT_TYPES: Readonly<Record<PatchType, string>> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  // JSON is valid YAML, so the body stays JSON.
  apply: 'application/apply-patch+yaml',
};

const DEFAULT_USER_AGENT = 'kubesvc-client';
/** A request that has seen no bytes for this long is abandoned (callers retry). */
const REQUEST_IDLE_TIMEOUT_MS = 60_000;

const IDLE_SOCKET_TIMEOUT_MS = 30_000;
/**
 * A watch that has seen no bytes for this long is treated as dead and ended (its informer
 * watches again). kubesvc's server sends a newline every 15 s and upstream's a bookmark about
 * every minute, so only a connection whose peer silently vanished stays this quiet.
 */
const WATCH_IDLE_TIMEOUT_MS = 90_000;

export class RestClient {
  readonly userAgent: string;
  private readonly base: URL;
  private readonly agent: Agent;
  private readonly watchAgent: Agent;

  constructor(readonly config: ClientConfig) {
    this.base = new URL(config.server);
    if (this.base.protocol !== 'https:') throw new Error(`API server ${config.server} is not https`);
    this.userAgent = config.userAgent ?? DEFAULT_USER_AGENT;
    const tls = config.caPem ? { ca: config.caPem } : {};
    // Node gives idle pooled sockets the agent's timeout and then closes them: well before the
    // API server's 65 s keep-alive timeout, so no request goes out on a socket being closed.
    this.agent = new Agent({ keepAlive: true, maxSockets: 32, timeout: IDLE_SOCKET_TIMEOUT_MS, ...tls });
    this.watchAgent = new Agent({ keepAlive: false, ...tls });
  }

  /** Sends the request and parses the JSON answer. */
  async request<T>(spec: RestRequest): Promise<T> {
    const response = await this.send(spec, this.agent, REQUEST_IDLE_TIMEOUT_MS);
    const text = await readBody(response);
    const code = response.statusCode ?? 0;
    if (code < 200 || code > 299) throw ApiError.fromResponse(code, text);
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new Error(`${spec.method} ${spec.path}: the server answered ${code} with a body that is not JSON`);
    }
  }

  /**
   * Sends the request and resolves with the streaming 2xx response (for watches); a non-2xx
   * answer is read and thrown as ApiError. Aborting `signal` destroys the request.
   */
  async stream(spec: RestRequest, signal: AbortSignal): Promise<IncomingMessage> {
    const response = await this.send(spec, this.watchAgent, WATCH_IDLE_TIMEOUT_MS, signal);
    const code = response.statusCode ?? 0;
    if (code < 200 || code > 299) throw ApiError.fromResponse(code, await readBody(response));
    return response;
  }

  /** Frees the pooled sockets. */
  close(): void {
    this.agent.destroy();
    this.watchAgent.destroy();
  }

  private url(spec: RestRequest): URL {
    const url = new URL(this.base.href);
    url.pathname = this.base.pathname.replace(/\/$/, '') + spec.path;
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  private send(spec: RestRequest, agent: Agent, idleTimeoutMs: number, signal?: AbortSignal): Promise<IncomingMessage> {
    const url = this.url(spec);
    const body = spec.body === undefined ? undefined : Buffer.from(JSON.stringify(spec.body));
    const headers: Record<string, string | number> = { Accept: 'application/json', 'User-Agent': this.userAgent };
    if (this.config.token) headers.Authorization = `Bearer ${this.config.token}`;
    if (body) {
      headers['Content-Type'] = spec.contentType ?? 'application/json';
      headers['Content-Length'] = body.length;
    }
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const req = httpsRequest(url, { method: spec.method, headers, agent, signal }, resolve);
      req.on('error', (error) =>
        reject(signal?.aborted ? abortError() : new Error(`${spec.method} ${url.pathname}: ${error.message}`, { cause: error })),
      );
      if (idleTimeoutMs > 0) {
        req.setTimeout(idleTimeoutMs, () => req.destroy(new Error(`no answer within ${idleTimeoutMs} ms`)));
      }
      req.end(body);
    });
  }
}

function abortError(): Error {
  return new DOMException('The request was aborted', 'AbortError');
}

async function readBody(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
