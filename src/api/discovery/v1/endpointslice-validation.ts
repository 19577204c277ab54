// EndpointSlice validation, as upstream's pkg/apis/discovery/validation: the same checks, order,
// paths and messages. Limits are upstream's (1000 endpoints, 1–100 addresses each, 20000 ports,
// 8 zone and 8 node hints). The one kubesvc option is the loopback rule shared with Endpoints.
import {
  childPath,
  duplicate,
  indexPath,
  internalError,
  invalid,
  keyPath,
  notSupported,
  required,
  tooMany,
} from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { isDNS1123Subdomain, isQualifiedName, isValidLabelValue, validateLabels } from '../../label-validation.ts';
import { FIELD_IMMUTABLE_ERROR_MSG, isDNS1123Label, nameIsDNSSubdomain, validateCoreObjectMeta } from '../../meta/validation.ts';
import { validateEndpointIP } from '../../core/v1/endpoints.ts';
import type { EndpointValidationOptions } from '../../core/v1/endpoints.ts';
import { ipFamilyOf } from '../../core/v1/service-validation-ips.ts';
import { ADDRESS_TYPES } from './endpointslice.ts';
import type { Endpoint, EndpointHints, EndpointPort, EndpointSlice } from './endpointslice.ts';

export type { EndpointValidationOptions } from '../../core/v1/endpoints.ts';

export const MAX_ENDPOINTS = 1000;
export const MAX_ADDRESSES = 100;
/** Raised from 100 in Kubernetes 1.21 so one slice can carry a Service with many ports. */
export const MAX_PORTS = 20_000;
const MAX_TOPOLOGY_LABELS = 16;
const MAX_ZONE_HINTS = 8;
const MAX_NODE_HINTS = 8;
const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

// Supported-value lists are printed sorted, as upstream's sets.String.List() does.
const SUPPORTED_ADDRESS_TYPES: readonly string[] = [...ADDRESS_TYPES].sort();
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** Upstream ValidateEndpointSlice / ValidateEndpointSliceCreate. */
export function validateEndpointSlice(slice: EndpointSlice, options: EndpointValidationOptions): FieldError[] {
  const errs = validateCoreObjectMeta(slice.metadata, { namespaced: true, nameValidator: nameIsDNSSubdomain });
  const addressType = slice.addressType ?? '';
  if (addressType === '') errs.push(required('addressType'));
  else if (!SUPPORTED_ADDRESS_TYPES.includes(addressType)) {
    errs.push(notSupported('addressType', addressType, SUPPORTED_ADDRESS_TYPES));
  }
  errs.push(...validateEndpoints(slice.endpoints ?? [], addressType, options));
  errs.push(...validatePorts(slice.ports ?? []));
  return errs;
}

/**
 * Upstream ValidateEndpointSliceUpdate: the slice as on create (metadata included, with the
 * create rules) and the address type unchanged. The metadata update rules are not here: upstream
 * leaves them to the generic registry (rest.BeforeUpdate), for every kind.
 */
export function validateEndpointSliceUpdate(
  next: EndpointSlice,
  previous: EndpointSlice,
  options: EndpointValidationOptions,
): FieldError[] {
  const errs = validateEndpointSlice(next, options);
  if ((next.addressType ?? '') !== (previous.addressType ?? '')) {
    errs.push(invalid('addressType', next.addressType ?? '', FIELD_IMMUTABLE_ERROR_MSG));
  }
  return errs;
}

function validateEndpoints(endpoints: readonly Endpoint[], addressType: string, options: EndpointValidationOptions): FieldError[] {
  if (endpoints.length > MAX_ENDPOINTS) return [tooMany('endpoints', endpoints.length, MAX_ENDPOINTS)];
  const errs: FieldError[] = [];
  endpoints.forEach((endpoint, i) => {
    const path = indexPath('endpoints', i);
    const addressesPath = childPath(path, 'addresses');
    const addresses = endpoint.addresses ?? [];
    if (addresses.length === 0) errs.push(required(addressesPath, 'must contain at least 1 address'));
    else if (addresses.length > MAX_ADDRESSES) errs.push(tooMany(addressesPath, addresses.length, MAX_ADDRESSES));
    addresses.forEach((address, j) => errs.push(...validateAddress(address, addressType, indexPath(addressesPath, j), options)));

    if (endpoint.nodeName !== undefined) {
      const nodePath = childPath(path, 'nodeName');
      errs.push(...nameIsDNSSubdomain(endpoint.nodeName, false).map((msg) => invalid(nodePath, endpoint.nodeName, msg)));
    }

    const topologyPath = childPath(path, 'deprecatedTopology');
    const topology = endpoint.deprecatedTopology;
    const topologySize = Object.keys(topology ?? {}).length;
    if (topologySize > MAX_TOPOLOGY_LABELS) errs.push(tooMany(topologyPath, topologySize, MAX_TOPOLOGY_LABELS));
    errs.push(...validateLabels(topology, topologyPath));
    // v1 carries the zone in its own field; upstream's conversion moves it out of the map.
    if (topology && Object.hasOwn(topology, LABEL_TOPOLOGY_ZONE)) {
      errs.push(
        internalError(keyPath(topologyPath, LABEL_TOPOLOGY_ZONE), new Error('reserved key was not removed in conversion')),
      );
    }

    if (endpoint.hostname !== undefined) {
      const hostnamePath = childPath(path, 'hostname');
      errs.push(...isDNS1123Label(endpoint.hostname).map((msg) => invalid(hostnamePath, endpoint.hostname, msg)));
    }
    if (endpoint.hints) errs.push(...validateHints(endpoint.hints, childPath(path, 'hints')));
  });
  return errs;
}

// Address syntax follows the slice type; an unknown type (already reported) checks nothing.
function validateAddress(address: string, addressType: string, path: string, options: EndpointValidationOptions): FieldError[] {
  switch (addressType) {
    case 'IPv4':
    case 'IPv6': {
      // Go's To4(): an IPv4-mapped IPv6 address counts as IPv4, as upstream parses it.
      const errs = ipFamilyOf(address) === addressType ? [] : [invalid(path, address, `must be a valid ${addressType} address`)];
      return [...errs, ...validateEndpointIP(address, path, options)];
    }
    case 'FQDN':
      return isFullyQualifiedDomainName(address, path);
    default:
      return [];
  }
}

/** Upstream IsFullyQualifiedDomainName: at least two labels; a trailing dot is allowed. */
export function isFullyQualifiedDomainName(value: string, path: string): FieldError[] {
  if (value === '') return [required(path)];
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  const subdomainErrs = isDNS1123Subdomain(name);
  if (subdomainErrs.length > 0) return [invalid(path, name, subdomainErrs.join(','))];
  const labels = name.split('.');
  if (labels.length < 2) return [invalid(path, name, 'should be a domain with at least two segments separated by dots')];
  for (const label of labels) {
    const labelErrs = isDNS1123Label(label);
    if (labelErrs.length > 0) return [invalid(path, label, labelErrs.join(','))];
  }
  return [];
}

function validateHints(hints: EndpointHints, path: string): FieldError[] {
  const zones = hints.forZones ?? [];
  const zonesPath = childPath(path, 'forZones');
  // Like upstream, too many zones ends the hint checks, node hints included.
  if (zones.length > MAX_ZONE_HINTS) return [tooMany(zonesPath, zones.length, MAX_ZONE_HINTS)];
  const errs: FieldError[] = [];
  const zoneNames = new Set<string>();
  zones.forEach((zone, i) => {
    const namePath = childPath(indexPath(zonesPath, i), 'name');
    const name = zone.name ?? '';
    if (zoneNames.has(name)) errs.push(duplicate(namePath, name));
    else zoneNames.add(name);
    errs.push(...isValidLabelValue(name).map((msg) => invalid(namePath, name, msg)));
  });

  const nodes = hints.forNodes ?? [];
  const nodesPath = childPath(path, 'forNodes');
  if (nodes.length > MAX_NODE_HINTS) return [...errs, tooMany(nodesPath, nodes.length, MAX_NODE_HINTS)];
  const nodeNames = new Set<string>();
  nodes.forEach((node, i) => {
    const namePath = childPath(indexPath(nodesPath, i), 'name');
    const name = node.name ?? '';
    if (nodeNames.has(name)) errs.push(duplicate(namePath, name));
    else nodeNames.add(name);
    errs.push(...nameIsDNSSubdomain(name, false).map((msg) => invalid(namePath, name, msg)));
  });
  return errs;
}

function validatePorts(ports: readonly EndpointPort[]): FieldError[] {
  if (ports.length > MAX_PORTS) return [tooMany('ports', ports.length, MAX_PORTS)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const path = indexPath('ports', i);
    const namePath = childPath(path, 'name');
    // Defaulting makes the name "" when absent; the empty name counts once like any other.
    const name = port.name ?? '';
    if (name !== '') errs.push(...isDNS1123Label(name).map((msg) => invalid(namePath, name, msg)));
    if (names.has(name)) errs.push(duplicate(namePath, name));
    else names.add(name);

    const protocolPath = childPath(path, 'protocol');
    if (port.protocol === undefined) errs.push(required(protocolPath));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(notSupported(protocolPath, port.protocol, PROTOCOLS));

    if (port.appProtocol !== undefined) {
      const appPath = childPath(path, 'appProtocol');
      errs.push(...isQualifiedName(port.appProtocol).map((msg) => invalid(appPath, port.appProtocol, msg)));
    }
  });
  return errs;
}
