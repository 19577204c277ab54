// core/v1 PodSpec: the desired state of a Pod, also embedded in every workload template.
import { z } from 'zod';
import { LabelSelector } from '../../meta/v1.ts';
import {
  apiType,
  atomicListMeta,
  bool,
  field,
  int32,
  int64,
  mergeByKey,
  preserved,
  required,
  str,
  stringMap,
} from '../../schema/fields.ts';
import { Container, EphemeralContainer, ResourceRequirements } from './container.ts';
import { LocalObjectReference, resourceList } from './pod-references.ts';
import { Volume } from './volume.ts';

const ns = 'io.k8s.api.core.v1';

export const Toleration = apiType(
  `${ns}.Toleration`,
  'Allows the Pod onto nodes with a matching taint.',
  z.object({
    key: field(str(), 'Taint key matched; empty matches every key, which needs operator Exists.'),
    operator: field(str(), 'Equal (the default) or Exists, which matches any value.'),
    value: field(str(), 'Taint value matched with Equal; empty with Exists.'),
    effect: field(str(), 'Taint effect matched: NoSchedule, PreferNoSchedule or NoExecute; empty matches all.'),
    tolerationSeconds: field(int64(), 'For NoExecute: how long the Pod stays once the taint appears; forever when not given.'),
  }),
);
export type Toleration = z.infer<typeof Toleration>;

export const HostAlias = apiType(
  `${ns}.HostAlias`,
  "Extra lines for the Pod's hosts file.",
  z.object({
    ip: required(str(), 'IP address of the entry.'),
    hostnames: field(z.array(z.string()), 'Host names for that address.', atomicListMeta),
  }),
);

export const PodDNSConfigOption = apiType(
  `${ns}.PodDNSConfigOption`,
  'One resolver option, e.g. ndots:2.',
  z.object({
    name: field(str(), 'Option name; required.'),
    value: field(str(), 'Option value, if it takes one.'),
  }),
);

export const PodDNSConfig = apiType(
  `${ns}.PodDNSConfig`,
  'Resolver settings merged into what dnsPolicy produces.',
  z.object({
    nameservers: field(z.array(z.string()), 'Name server IPs added to the policy ones; at most 3 in total.', atomicListMeta),
    searches: field(z.array(z.string()), 'Search domains added to the policy ones.', atomicListMeta),
    options: field(z.array(PodDNSConfigOption), 'Resolver options; these override the policy ones.', atomicListMeta),
  }),
);

export const PodReadinessGate = apiType(
  `${ns}.PodReadinessGate`,
  'An extra Pod condition that must be True for the Pod to be Ready.',
  z.object({ conditionType: required(str(), 'Type of the Pod condition that must be True.') }),
);

export const TopologySpreadConstraint = apiType(
  `${ns}.TopologySpreadConstraint`,
  'How evenly matching Pods must be spread across a topology such as zones or nodes.',
  z.object({
    maxSkew: required(int32(), 'Largest allowed difference in matching Pods between two domains; at least 1.'),
    topologyKey: required(str(), 'Node label whose values define the domains.'),
    whenUnsatisfiable: required(str(), 'DoNotSchedule or ScheduleAnyway.'),
    labelSelector: field(LabelSelector, 'Which Pods are counted.'),
    minDomains: field(int32(), 'Fewest eligible domains assumed when computing the skew.'),
    nodeAffinityPolicy: field(str(), 'Honor or Ignore the Pod node affinity when counting domains.'),
    nodeTaintsPolicy: field(str(), 'Honor or Ignore node taints when counting domains.'),
    matchLabelKeys: field(z.array(z.string()), "Label keys whose values, taken from this Pod, narrow labelSelector.", atomicListMeta),
  }),
);

export const PodOS = apiType(
  `${ns}.PodOS`,
  'The operating system the Pod needs.',
  z.object({ name: required(str(), 'linux or windows.') }),
);

export const PodSchedulingGate = apiType(
  `${ns}.PodSchedulingGate`,
  'A gate that keeps the Pod from being scheduled until it is removed.',
  z.object({ name: required(str(), 'Name of the gate, unique in the Pod.') }),
);

export const PodResourceClaim = apiType(
  `${ns}.PodResourceClaim`,
  'A dynamically allocated resource the Pod needs, by claim or by claim template.',
  z.object({
    name: required(str(), 'Name containers use to refer to the claim: a DNS label.'),
    resourceClaimName: field(str(), 'An existing ResourceClaim of the Pod namespace.'),
    resourceClaimTemplateName: field(str(), 'A ResourceClaimTemplate from which a claim is made for this Pod.'),
  }),
);

const containerListMeta = mergeByKey('name');
const mergeRetainByName = { ...mergeByKey('name'), 'x-kubernetes-patch-strategy': 'merge,retainKeys' } as const;

export const PodSpec = apiType(
  `${ns}.PodSpec`,
  'The desired state of a Pod: its containers, volumes, scheduling and networking settings.',
  z.object({
    volumes: field(z.array(Volume), 'Volumes the containers can mount.', mergeRetainByName),
    initContainers: field(
      z.array(Container),
      'Containers run one after another, each to completion, before the regular containers start.',
      containerListMeta,
    ),
    containers: required(z.array(Container), 'The containers of the Pod; at least one.', containerListMeta),
    ephemeralContainers: field(
      z.array(EphemeralContainer),
      'Debugging containers; added through the ephemeralcontainers subresource only.',
      containerListMeta,
    ),
    restartPolicy: field(str(), 'Always (the default), OnFailure or Never: when exited containers are restarted.'),
    terminationGracePeriodSeconds: field(
      int64(),
      'Seconds between the stop signal and the kill on deletion; 30 when not given, 0 kills at once.',
    ),
    activeDeadlineSeconds: field(int64(), 'Seconds after start before the Pod is failed and its containers killed.'),
    dnsPolicy: field(str(), 'ClusterFirst (the default), ClusterFirstWithHostNet, Default or None.'),
    nodeSelector: field(stringMap(), 'Labels a node must have for the Pod to run there.', {
      'x-kubernetes-map-type': 'atomic',
    }),
    serviceAccountName: field(str(), 'Service account the Pod runs as.'),
    serviceAccount: field(str(), 'Deprecated alias of serviceAccountName.'),
    automountServiceAccountToken: field(bool(), 'Whether an API token is mounted automatically.'),
    nodeName: field(str(), 'The node the Pod is bound to; set by the scheduler when left empty.'),
    hostNetwork: field(bool(), "Use the node's network namespace; container ports then also open on the node."),
    hostPID: field(bool(), "Use the node's process namespace."),
    hostIPC: field(bool(), "Use the node's IPC namespace."),
    shareProcessNamespace: field(bool(), 'Put all containers of the Pod in one process namespace.'),
    securityContext: field(preserved(), 'Pod-wide security settings (users, groups, sysctls, ...); kept as given.'),
    imagePullSecrets: field(
      z.array(LocalObjectReference),
      'Secrets holding registry credentials for pulling the images.',
      mergeByKey('name'),
    ),
    hostname: field(str(), 'Host name of the Pod; the Pod name when not given.'),
    subdomain: field(
      str(),
      'With a headless Service of this name, the Pod gets the DNS name <hostname>.<subdomain>.<namespace>.svc.<cluster domain>.',
    ),
    affinity: field(preserved(), 'Node and Pod affinity rules for scheduling; kept as given.'),
    schedulerName: field(str(), 'Scheduler responsible for the Pod; default-scheduler when not given.'),
    tolerations: field(z.array(Toleration), 'Taints the Pod tolerates.', atomicListMeta),
    hostAliases: field(z.array(HostAlias), "Entries added to the Pod's hosts file.", mergeByKey('ip')),
    priorityClassName: field(str(), 'PriorityClass giving the Pod its priority.'),
    priority: field(int32(), 'Priority value, filled in from priorityClassName.'),
    dnsConfig: field(PodDNSConfig, 'Resolver settings on top of dnsPolicy.'),
    readinessGates: field(z.array(PodReadinessGate), 'Extra conditions that must be True for the Pod to be Ready.', atomicListMeta),
    runtimeClassName: field(str(), 'RuntimeClass used to run the Pod.'),
    enableServiceLinks: field(bool(), 'Whether Service environment variables are injected; true when not given.'),
    preemptionPolicy: field(str(), 'PreemptLowerPriority (the default) or Never.'),
    overhead: field(resourceList(), 'Resources used by the Pod sandbox itself, set from the RuntimeClass.'),
    topologySpreadConstraints: field(
      z.array(TopologySpreadConstraint),
      'How the Pod must be spread relative to similar Pods.',
      mergeByKey('topologyKey', ['topologyKey', 'whenUnsatisfiable']),
    ),
    setHostnameAsFQDN: field(bool(), 'Make the kernel host name the fully qualified domain name.'),
    os: field(PodOS, 'Operating system the Pod needs.'),
    hostUsers: field(bool(), "Use the node's user namespace; true when not given."),
    schedulingGates: field(
      z.array(PodSchedulingGate),
      'Gates that block scheduling until removed; can only be removed after creation.',
      mergeByKey('name'),
    ),
    resourceClaims: field(z.array(PodResourceClaim), 'Dynamically allocated resources the Pod needs.', mergeRetainByName),
    resources: field(ResourceRequirements, 'Resource requests and limits of the Pod as a whole.'),
    hostnameOverride: field(str(), 'Host name seen inside the Pod, overriding hostname and subdomain.'),
  }),
);
export type PodSpec = z.infer<typeof PodSpec>;
