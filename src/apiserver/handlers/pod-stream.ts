// pods/{name}/exec, attach and portforward. kube-apiserver serves these by finding the pod's node
// and proxying the upgraded connection (WebSocket or SPDY) to that node's kubelet. kubesvc's node
// agent does not serve these streams yet, so this answers everything upstream decides before it
// dials the kubelet exactly as upstream does (the pod, the container, the node, the upgrade), and
// where upstream would start streaming it says plainly that the stream is not served.
import type { IncomingHttpHeaders } from 'node:http';
import type { Node } from '../../api/core/v1/node.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { badRequest, failure, type ApiError } from '../http/api-error.ts';
import { chooseContainer } from '../registry/resources/pod-log-location.ts';

export type PodStream = 'exec' | 'attach' | 'portforward';

export function isPodStream(subresource: string | undefined): subresource is PodStream {
  return subresource === 'exec' || subresource === 'attach' || subresource === 'portforward';
}

export interface PodStreamDeps {
  /** Throws the NotFound Status when the pod does not exist. */
  readonly pod: (namespace: string, name: string) => Promise<Pod>;
  /** Throws the NotFound Status when the node does not exist. */
  readonly node: (name: string) => Promise<Node>;
}

/** Always throws: the Status upstream would send, or the one saying the stream is not served. */
export async function servePodStream(
  headers: IncomingHttpHeaders,
  stream: PodStream,
  namespace: string,
  name: string,
  params: URLSearchParams,
  deps: PodStreamDeps,
): Promise<never> {
  const pod = await deps.pod(namespace, name);
  const nodeName = streamNode(pod, stream, name, params.get('container') ?? '');
  // Upstream looks the node up for its kubelet address before anything else can fail.
  await deps.node(nodeName);
  throw streamNotServed(stream, name, nodeName, isUpgradeRequest(headers));
}

/**
 * The node the stream would go to, or the 400 upstream answers first: for exec and attach a
 * container the pod does not have (or none named in a pod with several), then for all three a
 * pod no node runs yet. Port forwarding is to the pod, so it names no container.
 */
export function streamNode(pod: Pod, stream: PodStream, name: string, container: string): string {
  if (stream !== 'portforward') chooseContainer(pod, container);
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
  return nodeName;
}

/**
 * What answers once the pod's node is known. Upstream's proxy insists on an upgrade request
 * (400 "Upgrade request required"), then dials the kubelet; a kubelet it cannot stream from is
 * a 500 with no reason and the error's text. That is the closest honest answer for a node whose
 * agent does not serve the stream, so kubectl prints "Error from server: <message>".
 */
export function streamNotServed(stream: PodStream, name: string, nodeName: string, upgrade: boolean): ApiError {
  if (!upgrade) return badRequest('Upgrade request required');
  return failure(
    500,
    undefined,
    `pods/${stream} is not supported: the kubesvc node agent on node ${nodeName} does not serve exec, attach or port-forward streams (pod ${name})`,
  );
}

/** httpstream.IsUpgradeRequest: a Connection header that mentions "upgrade". */
export function isUpgradeRequest(headers: IncomingHttpHeaders): boolean {
  const connection = headers.connection;
  const values = Array.isArray(connection) ? connection : connection === undefined ? [] : [connection];
  return values.some((value) => value.toLowerCase().includes('upgrade'));
}
