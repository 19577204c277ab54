// Raw HTTPS requests to a test cluster, for asserting exact status codes, headers and bodies.
import { request as httpsRequest } from 'node:https';
import type { TestCluster } from './api-server.ts';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary fields
}

export interface RawRequest {
  readonly method?: string;
  readonly path: string;
  readonly body?: string | Buffer | object;
  readonly contentType?: string;
  /** A bearer token; default the admin token; null sends none. */
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
}

export function rawRequest(cluster: TestCluster, req: RawRequest): Promise<RawResponse> {
  const url = new URL(req.path, cluster.server.url);
  const body =
    req.body === undefined ? undefined : typeof req.body === 'string' || Buffer.isBuffer(req.body) ? req.body : JSON.stringify(req.body);
  const token = req.token === undefined ? cluster.tokens.admin : req.token;
  return new Promise((resolve, reject) => {
    const r = httpsRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: req.method ?? 'GET',
        ca: cluster.caPem,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          // Node sends a DELETE's body unframed unless told its length, as Go's client does.
          ...(body !== undefined ? { 'Content-Type': req.contentType ?? 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } : {}),
          ...req.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}
