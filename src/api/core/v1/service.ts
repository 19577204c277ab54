// core/v1 Service: a stable name and virtual IP in front of the Pods its selector matches.
import { z } from 'zod';
import { objectFields } from '../../meta/v1.ts';
import {
  apiType,
  atomicListMeta,
  bool,
  field,
  int32,
  intOrString,
  mergeByKey,
  required,
  str,
  stringMap,
} from '../../schema/fields.ts';

const ns = 'io.k8s.api.core.v1';

export const ServicePort = apiType(
  `${ns}.ServicePort`,
  'One port the Service exposes, and where on the Pods it sends the traffic.',
  z.object({
    name: field(str(), 'Name of this port, unique in the Service; required when there is more than one port.'),
    protocol: field(str(), 'TCP (the default), UDP or SCTP.'),
    appProtocol: field(str(), 'The application protocol, e.g. http or kubernetes.io/h2c, as a hint to proxies.'),
    port: required(int32(), 'The port the Service listens on, on its cluster IP.'),
    targetPort: field(
      intOrString(),
      'Port number or named container port on the Pods; defaults to the value of port.',
    ),
    nodePort: field(
      int32(),
      'For NodePort and LoadBalancer Services: the port on every node; allocated from the node port range when not given.',
    ),
  }),
);
export type ServicePort = z.infer<typeof ServicePort>;

export const ClientIPConfig = apiType(
  `${ns}.ClientIPConfig`,
  'Settings of ClientIP session affinity.',
  z.object({
    timeoutSeconds: field(int32(), 'How long a client stays with one endpoint: 1 to 86400 seconds, default 10800.'),
  }),
);

export const SessionAffinityConfig = apiType(
  `${ns}.SessionAffinityConfig`,
  'Settings of session affinity.',
  z.object({ clientIP: field(ClientIPConfig, 'Settings of ClientIP affinity.') }),
);

export const ServiceSpec = apiType(
  `${ns}.ServiceSpec`,
  'The desired behaviour of a Service.',
  z.object({
    ports: field(z.array(ServicePort), 'The ports the Service exposes.', mergeByKey('port', ['port', 'protocol'])),
    selector: field(
      stringMap(),
      'Pods whose labels match all of these pairs receive the traffic. Without a selector, the Service has no managed endpoints: something else writes its EndpointSlices.',
      { 'x-kubernetes-map-type': 'atomic' },
    ),
    clusterIP: field(
      str(),
      'The virtual IP, allocated when not given. "None" makes a headless Service: DNS answers with the Pod IPs instead.',
    ),
    clusterIPs: field(z.array(z.string()), 'The virtual IPs, one per IP family; the first equals clusterIP.', atomicListMeta),
    type: field(str(), 'ClusterIP (the default), NodePort, LoadBalancer or ExternalName.'),
    externalIPs: field(z.array(z.string()), 'Extra IPs on which nodes also accept traffic for this Service.', atomicListMeta),
    sessionAffinity: field(str(), 'None (the default) or ClientIP: keep sending one client to the same endpoint.'),
    loadBalancerIP: field(str(), 'Deprecated: a requested load balancer IP.'),
    loadBalancerSourceRanges: field(z.array(z.string()), 'CIDRs allowed through a cloud load balancer.', atomicListMeta),
    externalName: field(str(), 'For ExternalName Services: the DNS name the Service name is an alias (CNAME) for.'),
    externalTrafficPolicy: field(
      str(),
      'Cluster (the default) or Local: whether node-port traffic may go to endpoints on other nodes.',
    ),
    healthCheckNodePort: field(int32(), 'Node port of the health check, for LoadBalancer Services with the Local policy.'),
    publishNotReadyAddresses: field(
      bool(),
      'When true, endpoints include Pods whether or not they are ready (typical for headless peer discovery).',
    ),
    sessionAffinityConfig: field(SessionAffinityConfig, 'Settings of session affinity.'),
    ipFamilies: field(z.array(z.string()), 'IPv4 and/or IPv6, in the order of clusterIPs.', atomicListMeta),
    ipFamilyPolicy: field(str(), 'SingleStack, PreferDualStack or RequireDualStack.'),
    allocateLoadBalancerNodePorts: field(bool(), 'For LoadBalancer Services: whether node ports are allocated.'),
    loadBalancerClass: field(str(), 'Which load balancer implementation handles this Service.'),
    internalTrafficPolicy: field(
      str(),
      'Cluster (the default) or Local: whether traffic from inside the cluster may go to endpoints on other nodes.',
    ),
    trafficDistribution: field(str(), 'A preference for how traffic is spread, e.g. PreferClose.'),
  }),
);
export type ServiceSpec = z.infer<typeof ServiceSpec>;

export const LoadBalancerIngress = apiType(
  `${ns}.LoadBalancerIngress`,
  'One address of a load balancer.',
  z.object({
    ip: field(str(), 'An IP address of the load balancer.'),
    hostname: field(str(), 'A DNS name of the load balancer.'),
    ipMode: field(str(), 'VIP or Proxy.'),
  }),
);

export const ServiceStatus = apiType(
  `${ns}.ServiceStatus`,
  'The observed state of a Service.',
  z.object({
    loadBalancer: field(
      z.object({ ingress: field(z.array(LoadBalancerIngress), 'Load balancer addresses.', atomicListMeta) }),
      'The load balancer, if any.',
    ),
    conditions: field(z.array(z.looseObject({})), 'Current conditions of the Service.', mergeByKey('type')),
  }),
);

export const Service = apiType(
  `${ns}.Service`,
  'A named, stable virtual IP and ports in front of the set of Pods its selector matches.',
  z.object({
    ...objectFields,
    spec: field(ServiceSpec, 'The desired behaviour of the Service.'),
    status: field(ServiceStatus, 'The observed state of the Service; written through the status subresource.'),
  }),
);
export type Service = z.infer<typeof Service>;
