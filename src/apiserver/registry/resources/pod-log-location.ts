// Where a pod's log is read from, and what the API answers when the kubelet does not deliver it,
// as kube-apiserver decides both: the container (validateContainer), the kubelet's address and
// port (NodeConnectionInfoGetter with --kubelet-preferred-address-types), the /containerLogs URL
// (LogLocation), and the Status for a kubelet that answers non-2xx (the generic response checker)
// or cannot be reached at all (the transport error, which upstream passes on as a reasonless 500).
import type { Node, NodeAddress } from '../../../api/core/v1/node.ts';
import type { Pod } from '../../../api/core/v1/pod.ts';
import { goQuote } from '../../../api/field-errors.ts';
import { badRequest, failure, internalError, type ApiError } from '../../http/api-error.ts';
import type { PodLogOptions } from './pod-log-options.ts';

/** kube-apiserver's default --kubelet-preferred-address-types. */
export const DEFAULT_PREFERRED_ADDRESS_TYPES: readonly string[] = ['Hostname', 'InternalDNS', 'InternalIP', 'ExternalDNS', 'ExternalIP'];
/** --kubelet-port: used when the Node reports no kubelet endpoint. */
export const DEFAULT_KUBELET_PORT = 10250;
/** The most of a kubelet's error body upstream reads into the Status. */
export const MAX_ERROR_BODY_BYTES = 50_000;

export interface KubeletLogLocation {
  /** Address as the Node reports it (no brackets around IPv6). */
  readonly host: string;
  readonly port: number;
  /** Path and query: /containerLogs/{namespace}/{pod}/{container}?… */
  readonly path: string;
  /** The whole URL, as upstream prints it in transport errors. */
  readonly url: string;
}

export interface KubeletAddressing {
  readonly preferredAddressTypes: readonly string[];
  readonly defaultPort: number;
}

/** Every container of the pod, in upstream's visiting order: init, regular, ephemeral. */
function allContainers(pod: Pod): Array<{ readonly name?: string }> {
  const spec = pod.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? []), ...(spec?.ephemeralContainers ?? [])];
}

/** The container to read: the requested one if the pod has it, else the only regular one. */
export function chooseContainer(pod: Pod, requested: string): string {
  const podName = pod.metadata?.name ?? '';
  if (requested) {
    if (!allContainers(pod).some((c) => c.name === requested)) {
      throw badRequest(`container ${requested} is not valid for pod ${podName}`);
    }
    return requested;
  }
  const regular = pod.spec?.containers ?? [];
  if (regular.length === 1) return regular[0]?.name ?? '';
  if (regular.length === 0) throw badRequest(`a container name must be specified for pod ${podName}`);
  // Go prints a []string with %s: [a b c].
  const names = allContainers(pod).map((c) => c.name ?? '');
  throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${names.join(' ')}]`);
}

/** The first address of the first preferred type the node reports (GetPreferredNodeAddress). */
export function preferredNodeAddress(node: Node, preferredTypes: readonly string[]): string {
  const addresses: NodeAddress[] = node.status?.addresses ?? [];
  for (const type of preferredTypes) {
    const found = addresses.find((a) => a.type === type);
    if (found) return found.address ?? '';
  }
  const known = addresses.map((a) => `{${a.type} ${a.address}}`).join(' ');
  throw reasonlessFailure(500, `no preferred addresses found; known addresses: [${known}]`);
}

export function kubeletLogLocation(
  pod: Pod,
  container: string,
  node: Node,
  options: PodLogOptions,
  addressing: KubeletAddressing,
): KubeletLogLocation {
  const host = preferredNodeAddress(node, addressing.preferredAddressTypes);
  const reported = node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 0;
  const port = reported > 0 ? reported : addressing.defaultPort;
  const query = kubeletLogQuery(options);
  const path = `/containerLogs/${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}/${container}${query ? `?${query}` : ''}`;
  const hostPort = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return { host, port, path, url: `https://${hostPort}${path}` };
}

/** The options the kubelet gets, encoded as Go's url.Values.Encode does: keys sorted. */
export function kubeletLogQuery(options: PodLogOptions): string {
  const params: Array<[string, string]> = [];
  if (options.follow) params.push(['follow', 'true']);
  if (options.previous) params.push(['previous', 'true']);
  if (options.timestamps) params.push(['timestamps', 'true']);
  if (options.sinceSeconds !== undefined) params.push(['sinceSeconds', String(options.sinceSeconds)]);
  if (options.sinceTime !== undefined) params.push(['sinceTime', options.sinceTime]);
  if (options.tailLines !== undefined) params.push(['tailLines', String(options.tailLines)]);
  if (options.limitBytes !== undefined) params.push(['limitBytes', String(options.limitBytes)]);
  return params
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
}

/** Whether a kubelet status code is a success the log is streamed from (200–206). */
export function isStreamable(code: number): boolean {
  return code >= 200 && code <= 206;
}

/** What upstream makes of a kubelet's non-2xx answer, from its code and (truncated) body. */
export function kubeletResponseError(code: number, body: string, podName: string): ApiError {
  if (code === 500) return internalError(body);
  if (code === 400) return badRequest(body);
  const [reason, message] = genericResponse(code, body);
  return failure(code, reason, `${message} ( pods/log ${podName})`, { name: podName, kind: 'pods/log' });
}

/** NewGenericServerResponse's reason and message; the verb is empty here, hence "( pods/log …)". */
function genericResponse(code: number, body: string): [reason: string, message: string] {
  switch (code) {
    case 409:
      return ['Conflict', 'the server reported a conflict'];
    case 404:
      return ['NotFound', 'the server could not find the requested resource'];
    case 401:
      return ['Unauthorized', 'the server has asked for the client to provide credentials'];
    case 403:
      return ['Forbidden', body];
    case 406:
      return ['NotAcceptable', body === '' || body === 'unknown' ? 'the server was unable to respond with a content type that the client supports' : body];
    case 415:
      return ['UnsupportedMediaType', body];
    case 405:
      return ['MethodNotAllowed', 'the server does not allow this method on the requested resource'];
    case 422:
      return ['Invalid', 'the server rejected our request due to an error in our request'];
    case 503:
      return ['ServiceUnavailable', 'the server is currently unable to handle the request'];
    case 504:
      return ['Timeout', 'the server was unable to return a response in the time allotted, but may still be processing the request'];
    case 429:
      return ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'];
    default:
      if (code >= 500) return ['InternalError', `an error on the server (${goQuote(body)}) has prevented the request from succeeding`];
      return ['', `the server responded with the status code ${code} but did not return more information`];
  }
}

/**
 * Whether Go's client would try to follow this answer (and so hit upstream's redirect ban):
 * 301/302/303 with a Location, and 307/308 with one.
 */
export function isFollowedRedirect(code: number, location: string | undefined): boolean {
  return [301, 302, 303, 307, 308].includes(code) && !!location;
}

/** Upstream forbids redirects; Go reports the Location it refused to follow. */
export function redirectError(location: string): ApiError {
  return reasonlessFailure(500, `Get ${goQuote(location)}: redirects forbidden`);
}

/** What a Node.js socket, DNS or TLS error looked like as Go's transport error. */
export interface TransportFailure {
  readonly code?: string;
  readonly message: string;
  readonly address?: string;
  readonly port?: number;
  readonly hostname?: string;
  readonly cert?: { readonly subjectaltname?: string };
}

/** The kubelet could not be reached: a 500 with no reason whose message is Go's url.Error. */
export function kubeletConnectionError(location: KubeletLogLocation, failure: TransportFailure): ApiError {
  return reasonlessFailure(500, `Get ${goQuote(location.url)}: ${goTransportMessage(location, failure)}`);
}

/** Our own connect and handshake deadlines (Go's dialer and TLS handshake timeouts). */
export const DIAL_TIMEOUT = 'ETIMEDOUT_DIAL';
export const TLS_HANDSHAKE_TIMEOUT = 'ETIMEDOUT_TLS_HANDSHAKE';

// Go also says "unknown authority" when a CA of the right name did not sign the certificate
// (OpenSSL's CERT_SIGNATURE_FAILURE); the hint it appends about that candidate is left out.
const UNKNOWN_AUTHORITY = new Set([
  'CERT_SIGNATURE_FAILURE',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** Go's wording for the failures a kubelet connection meets; anything else keeps Node's text. */
export function goTransportMessage(location: KubeletLogLocation, failure: TransportFailure): string {
  const host = failure.address ?? location.host;
  const port = failure.port ?? location.port;
  const dial = (what: string) => `dial tcp ${host.includes(':') ? `[${host}]` : host}:${port}: ${what}`;
  const unverified = (why: string) => `tls: failed to verify certificate: x509: ${why}`;
  switch (failure.code) {
    case 'ECONNREFUSED':
      return dial('connect: connection refused');
    case 'EHOSTUNREACH':
      return dial('connect: no route to host');
    case 'ENETUNREACH':
      return dial('connect: network is unreachable');
    case 'ETIMEDOUT':
      return dial('connect: connection timed out');
    case DIAL_TIMEOUT:
      return dial('i/o timeout');
    case TLS_HANDSHAKE_TIMEOUT:
      return 'net/http: TLS handshake timeout';
    case 'ENOTFOUND':
      return `dial tcp: lookup ${failure.hostname ?? location.host}: no such host`;
    case 'ECONNRESET':
      // Node calls a peer that hung up before answering "socket hang up"; Go reads an EOF.
      return failure.message === 'socket hang up' ? 'EOF' : 'read: connection reset by peer';
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return unverified('certificate has expired or is not yet valid');
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return unverified(hostnameMismatch(location.host, failure.cert?.subjectaltname ?? ''));
    default:
      if (failure.code && UNKNOWN_AUTHORITY.has(failure.code)) return unverified('certificate signed by unknown authority');
      return failure.message;
  }
}

/** x509.HostnameError: an IP is matched against IP SANs only, a name against DNS SANs. */
function hostnameMismatch(host: string, subjectAltName: string): string {
  const sans = subjectAltName.split(',').map((s) => s.trim());
  const isIp = /^[\d.]+$/.test(host) || host.includes(':');
  if (isIp) {
    const ips = sans.filter((s) => s.startsWith('IP Address:')).map((s) => s.slice('IP Address:'.length));
    if (ips.length === 0) return `cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
    return `certificate is valid for ${ips.join(', ')}, not ${host}`;
  }
  const names = sans.filter((s) => s.startsWith('DNS:')).map((s) => s.slice('DNS:'.length));
  if (names.length === 0) return `certificate is not valid for any names, but wanted to match ${host}`;
  return `certificate is valid for ${names.join(', ')}, not ${host}`;
}

/**
 * A Status for an error upstream does not turn into one itself: ErrorToAPIStatus gives it the
 * code and the error's text, and no reason (StatusReasonUnknown).
 */
export function reasonlessFailure(code: number, message: string): ApiError {
  return failure(code, undefined, message);
}
