// A stand-in for a node agent's (kubelet's) HTTPS API, on 127.0.0.1 port 0: it records every
// request and lets the test decide the answer. Always `await kubelet.stop()`.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface KubeletRequest {
  readonly method: string;
  /** The path without the query: /containerLogs/{namespace}/{pod}/{container}. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Set once the connection of this request is gone (the caller hung up or we ended it). */
  closed: boolean;
}

export interface FakeKubelet {
  readonly port: number;
  readonly requests: readonly KubeletRequest[];
  stop(): Promise<void>;
}

export type KubeletHandler = (request: KubeletRequest, res: ServerResponse, req: IncomingMessage) => void;

export async function startFakeKubelet(tls: { certPem: string; keyPem: string }, handle: KubeletHandler): Promise<FakeKubelet> {
  const requests: KubeletRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    const request: KubeletRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, closed: false };
    requests.push(request);
    res.once('close', () => (request.closed = true));
    handle(request, res, req);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
