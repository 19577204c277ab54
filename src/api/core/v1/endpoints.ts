// core/v1 Endpoints: the legacy list of a Service's backends (EndpointSlice is the current form).
// Validation mirrors upstream's ValidateEndpoints / ValidateEndpointsUpdate, with one kubesvc
// option: in loopback mode the whole network is 127.0.0.0/8, so loopback backends are real ones.
import { z } from 'zod';
import { childPath, indexPath, invalid, notSupported, required as requiredError } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { isQualifiedName } from '../../label-validation.ts';
import { isDNS1123Label, nameIsDNSSubdomain, validateCoreObjectMeta, validateCoreObjectMetaUpdate } from '../../meta/validation.ts';
import { ListMeta, TypeMetaFields, objectFields } from '../../meta/v1.ts';
import { apiType, atomicListMeta, field, int32, required, str } from '../../schema/fields.ts';
import { ObjectReference } from './object-reference.ts';
import { atomicStructMeta } from './pod-references.ts';
import { validateIP, validateNonSpecialIP } from './service-validation-ips.ts';
import { isValidPortNum } from './service-validation.ts';

const ns = 'io.k8s.api.core.v1';

export const EndpointAddress = apiType(
  `${ns}.EndpointAddress`,
  'One backend address of a Service.',
  z.object({
    ip: required(str(), 'The IP of the backend. Loopback, link-local and link-local multicast addresses are refused.'),
    hostname: field(str(), 'Hostname of the backend, published in DNS under the headless Service.'),
    nodeName: field(str(), 'The node the backend runs on.'),
    targetRef: field(ObjectReference, 'The object (usually a Pod) that provides the backend.', atomicStructMeta),
  }),
);
export type EndpointAddress = z.infer<typeof EndpointAddress>;

export const EndpointPort = apiType(
  `${ns}.EndpointPort`,
  'One port the backends of a subset listen on.',
  z.object({
    name: field(str(), 'Name of the port, matching the name of the Service port; required when there are several.'),
    port: required(int32(), 'The port number, 1 to 65535.'),
    protocol: field(str(), 'TCP (the default), UDP or SCTP.'),
    appProtocol: field(str(), 'The application protocol, e.g. http or kubernetes.io/h2c, as a hint to proxies.'),
  }),
);
export type EndpointPort = z.infer<typeof EndpointPort>;

export const EndpointSubset = apiType(
  `${ns}.EndpointSubset`,
  'Addresses that share one set of ports; every address serves every port.',
  z.object({
    addresses: field(z.array(EndpointAddress), 'Backends ready to receive traffic.', atomicListMeta),
    notReadyAddresses: field(z.array(EndpointAddress), 'Backends not (yet) ready to receive traffic.', atomicListMeta),
    ports: field(z.array(EndpointPort), 'The ports of these backends.', atomicListMeta),
  }),
);
export type EndpointSubset = z.infer<typeof EndpointSubset>;

export const Endpoints = apiType(
  `${ns}.Endpoints`,
  'The backends of a Service, named like it: groups of addresses with their ports.',
  z.object({
    ...objectFields,
    subsets: field(z.array(EndpointSubset), 'The backends; the union of all subsets.', atomicListMeta),
  }),
);
export type Endpoints = z.infer<typeof Endpoints>;

export const EndpointsList = apiType(
  `${ns}.EndpointsList`,
  'A list of Endpoints.',
  z.object({
    ...TypeMetaFields,
    metadata: field(ListMeta, 'Standard list metadata.'),
    items: required(z.array(Endpoints), 'The Endpoints.'),
  }),
);
export type EndpointsList = z.infer<typeof EndpointsList>;

/** SetDefaults_Endpoints: a port without a protocol is TCP. Pure. */
export function defaultEndpoints(endpoints: Endpoints): Endpoints {
  if (!endpoints.subsets) return endpoints;
  return {
    ...endpoints,
    subsets: endpoints.subsets.map((subset) =>
      subset.ports ? { ...subset, ports: subset.ports.map((port) => ({ ...port, protocol: port.protocol || 'TCP' })) } : subset,
    ),
  };
}

// --- validation -------------------------------------------------------------------------------------

export interface EndpointValidationOptions {
  /**
   * Loopback mode: addresses in 127.0.0.0/8 (and ::1) are valid backends, because there the
   * whole network is loopback. When false, upstream's rule stands and they are refused.
   */
  readonly allowLoopback: boolean;
}

const LOOPBACK_MSG = 'may not be in the loopback range (127.0.0.0/8, ::1/128)';

/**
 * Upstream ValidateEndpointIP (ValidateNonSpecialIP): not unspecified, loopback (unless allowed),
 * link-local or link-local multicast. Shared with EndpointSlice.
 */
export function validateEndpointIP(ip: string, path: string, options: EndpointValidationOptions): FieldError[] {
  const errs = validateNonSpecialIP(ip, path);
  return options.allowLoopback ? errs.filter((err) => !err.message.endsWith(LOOPBACK_MSG)) : errs;
}

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function validateAddress(address: EndpointAddress, path: string, options: EndpointValidationOptions): FieldError[] {
  const ipPath = childPath(path, 'ip');
  const ip = address.ip ?? '';
  const errs = validateIP(ipPath, ip);
  if (address.hostname) {
    const hostnamePath = childPath(path, 'hostname');
    errs.push(...isDNS1123Label(address.hostname).map((msg) => invalid(hostnamePath, address.hostname, msg)));
  }
  if (address.nodeName !== undefined) {
    const nodePath = childPath(path, 'nodeName');
    errs.push(...nameIsDNSSubdomain(address.nodeName, false).map((msg) => invalid(nodePath, address.nodeName, msg)));
  }
  // Upstream parses the IP twice, so an unparsable one is reported twice, in two wordings.
  errs.push(...validateEndpointIP(ip, ipPath, options));
  return errs;
}

function validatePort(port: EndpointPort, requireName: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = port.name ?? '';
  const namePath = childPath(path, 'name');
  if (requireName && name === '') errs.push(requiredError(namePath));
  else if (name !== '') errs.push(...isDNS1123Label(name).map((msg) => invalid(namePath, name, msg)));
  const number = port.port ?? 0;
  errs.push(...isValidPortNum(number).map((msg) => invalid(childPath(path, 'port'), number, msg)));
  const protocolPath = childPath(path, 'protocol');
  if (!port.protocol) errs.push(requiredError(protocolPath));
  else if (!PROTOCOLS.includes(port.protocol)) errs.push(notSupported(protocolPath, port.protocol, PROTOCOLS));
  if (port.appProtocol !== undefined) {
    const appPath = childPath(path, 'appProtocol');
    errs.push(...isQualifiedName(port.appProtocol).map((msg) => invalid(appPath, port.appProtocol, msg)));
  }
  return errs;
}

function validateSubsets(endpoints: Endpoints, options: EndpointValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  (endpoints.subsets ?? []).forEach((subset, i) => {
    const path = indexPath('subsets', i);
    const addresses = subset.addresses ?? [];
    const notReady = subset.notReadyAddresses ?? [];
    // A subset without ports is fine (a headless Service may have none); one without addresses is not.
    if (addresses.length === 0 && notReady.length === 0) {
      errs.push(requiredError(path, 'must specify `addresses` or `notReadyAddresses`'));
    }
    addresses.forEach((a, j) => errs.push(...validateAddress(a, indexPath(childPath(path, 'addresses'), j), options)));
    notReady.forEach((a, j) => errs.push(...validateAddress(a, indexPath(childPath(path, 'notReadyAddresses'), j), options)));
    const ports = subset.ports ?? [];
    ports.forEach((port, j) => errs.push(...validatePort(port, ports.length > 1, indexPath(childPath(path, 'ports'), j))));
  });
  return errs;
}

/** Upstream ValidateEndpoints (create; also the body of every update). */
export function validateEndpoints(endpoints: Endpoints, options: EndpointValidationOptions): FieldError[] {
  return [
    ...validateCoreObjectMeta(endpoints.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain }),
    ...validateSubsets(endpoints, options),
  ];
}

/** Upstream ValidateEndpointsUpdate. A backend may move to another node (nodeName may change). */
export function validateEndpointsUpdate(
  next: Endpoints,
  previous: Endpoints,
  options: EndpointValidationOptions,
): FieldError[] {
  return [...validateCoreObjectMetaUpdate(next.metadata, previous.metadata), ...validateEndpoints(next, options)];
}
