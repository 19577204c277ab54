// GET …/pods/{name}/log: reads the options, the pod and its node, then proxies the kubelet's
// /containerLogs stream to the client as it arrives (text/plain), as kube-apiserver's LogREST and
// LocationStreamer do. A pod on no node answers 204 with no body. When the client goes away the
// kubelet request is aborted; when the kubelet ends the stream, so does the response.
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { Node } from '../../api/core/v1/node.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import type { Clock, TimerHandle } from '../../util/clock.ts';
import {
  DEFAULT_KUBELET_PORT,
  DEFAULT_PREFERRED_ADDRESS_TYPES,
  DIAL_TIMEOUT,
  MAX_ERROR_BODY_BYTES,
  TLS_HANDSHAKE_TIMEOUT,
  chooseContainer,
  isFollowedRedirect,
  isStreamable,
  kubeletConnectionError,
  kubeletLogLocation,
  kubeletResponseError,
  redirectError,
  type KubeletLogLocation,
  type TransportFailure,
} from '../registry/resources/pod-log-location.ts';
import { podLogOptionsFromQuery } from '../registry/resources/pod-log-options.ts';

/** How the API server reaches kubelets (kubesvc node agents). */
export interface KubeletClientConfig {
  /**
   * PEM CA bundle that signs kubelet serving certificates (--kubelet-certificate-authority).
   * Without one, kubelet certificates are not verified, as upstream does without that flag.
   */
  readonly caPem?: string;
  /** --kubelet-preferred-address-types; upstream's order by default. */
  readonly preferredAddressTypes?: readonly string[];
  /** --kubelet-port: for Nodes that report no kubelet endpoint. */
  readonly defaultPort?: number;
}

export interface PodLogDeps {
  readonly pod: (namespace: string, name: string) => Promise<Pod>;
  readonly node: (name: string) => Promise<Node>;
  readonly kubelet: KubeletClientConfig;
  readonly clock: Clock;
}

/** Go's default dialer and TLS handshake timeouts, which upstream's kubelet transport keeps. */
const DIAL_TIMEOUT_MS = 30_000;
const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

/** Serves the request; resolves once the response is over. Throws ApiErrors before streaming. */
export async function servePodLog(
  req: IncomingMessage,
  res: ServerResponse,
  namespace: string,
  name: string,
  params: URLSearchParams,
  deps: PodLogDeps,
): Promise<void> {
  const options = podLogOptionsFromQuery(params, name);
  const pod = await deps.pod(namespace, name);
  const container = chooseContainer(pod, options.container);
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) {
    res.writeHead(204, { 'Cache-Control': 'no-cache, private' });
    res.end();
    return;
  }
  const node = await deps.node(nodeName);
  const location = kubeletLogLocation(pod, container, node, options, {
    preferredAddressTypes: deps.kubelet.preferredAddressTypes ?? DEFAULT_PREFERRED_ADDRESS_TYPES,
    defaultPort: deps.kubelet.defaultPort ?? DEFAULT_KUBELET_PORT,
  });
  // The client may have left while the pod and node were read: then there is nobody to ask for.
  if (res.destroyed) return;
  const verify = !options.insecureSkipTLSVerifyBackend && deps.kubelet.caPem !== undefined;
  const kubelet = await openKubeletStream(location, verify ? deps.kubelet.caPem : undefined, deps.clock, res, name);
  if (!kubelet) return;
  await relay(kubelet, res);
}

interface OpenStream {
  readonly request: ClientRequest;
  readonly response: IncomingMessage;
}

/**
 * Sends the kubelet request and waits for its answer. Resolves with the stream on 2xx, with
 * undefined when the client left meanwhile, and rejects with the Status for anything else.
 */
function openKubeletStream(
  location: KubeletLogLocation,
  caPem: string | undefined,
  clock: Clock,
  res: ServerResponse,
  podName: string,
): Promise<OpenStream | undefined> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest({
      host: location.host,
      port: location.port,
      path: location.path,
      method: 'GET',
      agent: false,
      ...(caPem !== undefined ? { ca: caPem, rejectUnauthorized: true } : { rejectUnauthorized: false }),
    });
    // Errors after the outcome is settled (a destroy racing the socket) have nothing left to tell.
    request.on('error', () => {});
    let timer: TimerHandle | undefined;
    const deadline = (code: string, ms: number) => {
      timer?.cancel();
      timer = clock.setTimeout(() => request.destroy(Object.assign(new Error(code), { code })), ms);
    };
    deadline(DIAL_TIMEOUT, DIAL_TIMEOUT_MS);
    request.once('socket', (socket: TLSSocket) => {
      socket.once('connect', () => deadline(TLS_HANDSHAKE_TIMEOUT, TLS_HANDSHAKE_TIMEOUT_MS));
      socket.once('secureConnect', () => timer?.cancel());
    });

    const clientGone = () => {
      timer?.cancel();
      request.destroy();
      resolve(undefined);
    };
    res.once('close', clientGone);
    const settle = (outcome: () => void) => {
      timer?.cancel();
      res.off('close', clientGone);
      outcome();
    };

    request.once('error', (error: TransportFailure) => settle(() => reject(kubeletConnectionError(location, error))));
    request.once('response', (response) => {
      const redirect = response.headers.location;
      if (isStreamable(response.statusCode ?? 0)) return settle(() => resolve({ request, response }));
      if (isFollowedRedirect(response.statusCode ?? 0, redirect)) {
        request.destroy();
        return settle(() => reject(redirectError(redirect as string)));
      }
      void readErrorBody(response).then((body) => settle(() => reject(kubeletResponseError(response.statusCode ?? 0, body, podName))));
    });
    request.end();
  });
}

/** Up to MAX_ERROR_BODY_BYTES of the kubelet's error answer, as text (what arrived, if it breaks off). */
function readErrorBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      response.destroy();
      resolve(Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES).toString('utf8'));
    };
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= MAX_ERROR_BODY_BYTES) done();
    });
    response.once('end', done);
    response.once('error', done);
  });
}

/** Copies the kubelet's body to the client until either side is done. */
function relay({ request, response }: OpenStream, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      // Unpiped first, so that nothing the kubelet still delivers is written after the end.
      response.unpipe(res);
      if (!res.writableEnded && !res.destroyed) res.end();
      request.destroy();
      resolve();
    };
    if (res.destroyed) return finish();
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    // The client left: stop reading from the kubelet.
    res.once('close', finish);
    // The kubelet ended or broke off: end the response cleanly, as upstream's io.Copy returning does.
    response.once('end', finish);
    response.on('error', finish);
    response.once('close', finish);
    response.pipe(res, { end: false });
  });
}
