// core/v1 Node: a machine (here: a kubesvc agent) that runs Pods. Its status carries the
// addresses and conditions the proxy and the endpoint controllers read. Schema and defaults here;
// validation in node-validation.ts.
import { z } from 'zod';
import { ListMeta, TypeMetaFields, objectFields } from '../../meta/v1.ts';
import {
  apiType,
  atomicListMeta,
  bool,
  field,
  int32,
  int64,
  mergeByKey,
  quantity,
  required,
  setListMeta,
  str,
  time,
} from '../../schema/fields.ts';

const ns = 'io.k8s.api.core.v1';

export const Taint = apiType(
  `${ns}.Taint`,
  'Marks a node so that Pods without a matching toleration are kept off it (or evicted from it).',
  z.object({
    key: required(str(), 'The taint key, a label-style name.'),
    value: field(str(), 'The taint value, a label-style value.'),
    effect: required(str(), 'What happens to Pods that do not tolerate the taint: NoSchedule, PreferNoSchedule or NoExecute.'),
    timeAdded: field(time(), 'When a NoExecute taint was added.'),
  }),
);
export type Taint = z.infer<typeof Taint>;

export const ConfigMapNodeConfigSource = apiType(
  `${ns}.ConfigMapNodeConfigSource`,
  'Deprecated: a ConfigMap holding kubelet configuration.',
  z.object({
    namespace: required(str(), 'Namespace of the ConfigMap.'),
    name: required(str(), 'Name of the ConfigMap.'),
    uid: field(str(), 'UID of the ConfigMap; only in status.'),
    resourceVersion: field(str(), 'resourceVersion of the ConfigMap; only in status.'),
    kubeletConfigKey: required(str(), 'The key of the ConfigMap that holds the kubelet configuration.'),
  }),
);

export const NodeConfigSource = apiType(
  `${ns}.NodeConfigSource`,
  'Deprecated (dynamic kubelet configuration was removed): where a node would take its configuration from.',
  z.object({ configMap: field(ConfigMapNodeConfigSource, 'The ConfigMap to take the configuration from.') }),
);
export type NodeConfigSource = z.infer<typeof NodeConfigSource>;

export const NodeSpec = apiType(
  `${ns}.NodeSpec`,
  'How a node is set up: its Pod address ranges, identity at the provider, taints.',
  z.object({
    podCIDR: field(str(), 'The Pod address range of the node; the first entry of podCIDRs.'),
    podCIDRs: field(
      z.array(z.string()),
      'The Pod address ranges of the node, at most one per IP family. Can be set once and then not changed.',
      setListMeta,
    ),
    providerID: field(str(), 'ID of the node at its provider, <provider>://<id>. Can be set once and then not changed.'),
    unschedulable: field(bool(), 'When true, no new Pods are placed on the node (kubectl cordon).'),
    taints: field(z.array(Taint), 'Taints of the node.', atomicListMeta),
    configSource: field(NodeConfigSource, 'Deprecated; no longer used.'),
    externalID: field(str(), 'Deprecated; cannot be changed once set.'),
  }),
);
export type NodeSpec = z.infer<typeof NodeSpec>;

export const NodeCondition = apiType(
  `${ns}.NodeCondition`,
  'One observation about the node, e.g. whether it is Ready.',
  z.object({
    type: required(str(), 'Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable, or another type.'),
    status: required(str(), 'True, False or Unknown.'),
    lastHeartbeatTime: field(time(), 'When the node last reported this condition.'),
    lastTransitionTime: field(time(), 'When the status last changed.'),
    reason: field(str(), 'A machine-readable word for the last transition.'),
    message: field(str(), 'A human-readable explanation of the last transition.'),
  }),
);
export type NodeCondition = z.infer<typeof NodeCondition>;

export const NodeAddress = apiType(
  `${ns}.NodeAddress`,
  'One address of the node.',
  z.object({
    type: required(str(), 'Hostname, InternalIP, ExternalIP, InternalDNS or ExternalDNS.'),
    address: required(str(), 'The address.'),
  }),
);
export type NodeAddress = z.infer<typeof NodeAddress>;

export const DaemonEndpoint = apiType(
  `${ns}.DaemonEndpoint`,
  'Where a daemon on the node listens.',
  // Upstream spells this one field with a capital P, for compatibility with old releases.
  z.object({ Port: required(int32(), 'The port the daemon listens on.') }),
);

export const NodeDaemonEndpoints = apiType(
  `${ns}.NodeDaemonEndpoints`,
  'The ports daemons on the node listen on.',
  z.object({ kubeletEndpoint: field(DaemonEndpoint, 'Where the kubelet (here: the kubesvc agent) listens.') }),
);

export const NodeSwapStatus = apiType(
  `${ns}.NodeSwapStatus`,
  'Swap memory of the node.',
  z.object({ capacity: field(int64(), 'Total swap, in bytes.') }),
);

export const NodeSystemInfo = apiType(
  `${ns}.NodeSystemInfo`,
  'Identifiers and software versions the node reports about itself.',
  z.object({
    machineID: required(str(), 'The machine-id of the host (man 5 machine-id).'),
    systemUUID: required(str(), 'The hardware UUID of the host.'),
    bootID: required(str(), 'Changes on every boot of the host.'),
    kernelVersion: required(str(), 'Kernel release, as uname -r prints it.'),
    osImage: required(str(), 'Operating system name and version, from /etc/os-release.'),
    containerRuntimeVersion: required(str(), 'Runtime name and version, e.g. containerd://1.7.0.'),
    kubeletVersion: required(str(), 'Version of the node agent.'),
    kubeProxyVersion: required(str(), 'Deprecated: version of the service proxy.'),
    operatingSystem: required(str(), 'The OS family, e.g. linux.'),
    architecture: required(str(), 'The CPU architecture, e.g. amd64.'),
    swap: field(NodeSwapStatus, 'Swap memory of the node.'),
  }),
);

export const ContainerImage = apiType(
  `${ns}.ContainerImage`,
  'A container image present on the node.',
  z.object({
    names: field(z.array(z.string()), 'The references the image is known by.', atomicListMeta),
    sizeBytes: field(int64(), 'Size of the image in bytes.'),
  }),
);

export const AttachedVolume = apiType(
  `${ns}.AttachedVolume`,
  'A volume attached to the node.',
  z.object({
    name: required(str(), 'Unique name of the volume.'),
    devicePath: required(str(), 'Where the device of the volume appears on the node.'),
  }),
);

export const NodeConfigStatus = apiType(
  `${ns}.NodeConfigStatus`,
  'Deprecated: the state of dynamic kubelet configuration.',
  z.object({
    assigned: field(NodeConfigSource, 'The configuration the node will try to use.'),
    active: field(NodeConfigSource, 'The configuration the node uses.'),
    lastKnownGood: field(NodeConfigSource, 'The configuration the node falls back to.'),
    error: field(str(), 'Why the assigned configuration could not be used.'),
  }),
);

export const NodeRuntimeHandlerFeatures = apiType(
  `${ns}.NodeRuntimeHandlerFeatures`,
  'Optional features a runtime handler supports.',
  z.object({
    recursiveReadOnlyMounts: field(bool(), 'Supports recursively read-only mounts.'),
    userNamespaces: field(bool(), 'Supports user namespaces, including for volumes.'),
  }),
);

export const NodeRuntimeHandler = apiType(
  `${ns}.NodeRuntimeHandler`,
  'A runtime handler (runtime class) available on the node.',
  z.object({
    name: field(str(), 'Name of the handler; empty for the default one.'),
    features: field(NodeRuntimeHandlerFeatures, 'What the handler supports.'),
  }),
);

export const NodeFeatures = apiType(
  `${ns}.NodeFeatures`,
  'Optional features the container runtime of the node supports.',
  z.object({ supplementalGroupsPolicy: field(bool(), 'Supports the supplementalGroupsPolicy Pod field.') }),
);

/** Resource name → quantity, e.g. {"cpu": "4", "pods": "110"}. */
const resourceList = () => z.record(z.string(), quantity());

export const NodeStatus = apiType(
  `${ns}.NodeStatus`,
  'What the node reports about itself.',
  z.object({
    capacity: field(resourceList(), 'Total resources of the node.'),
    allocatable: field(resourceList(), 'Resources available to Pods; capacity when not given.'),
    phase: field(str(), 'Deprecated and never set.'),
    conditions: field(z.array(NodeCondition), 'Current conditions of the node.', mergeByKey('type')),
    addresses: field(
      z.array(NodeAddress),
      'Addresses of the node. Declared mergeable by type, though a node may have several of one type: replace the whole list.',
      mergeByKey('type'),
    ),
    daemonEndpoints: field(NodeDaemonEndpoints, 'Ports of daemons on the node.'),
    nodeInfo: field(NodeSystemInfo, 'Identifiers and versions reported by the node.'),
    images: field(z.array(ContainerImage), 'Container images on the node.', atomicListMeta),
    volumesInUse: field(z.array(z.string()), 'Attachable volumes mounted on the node.', atomicListMeta),
    volumesAttached: field(z.array(AttachedVolume), 'Volumes attached to the node.', atomicListMeta),
    config: field(NodeConfigStatus, 'Deprecated dynamic configuration state.'),
    runtimeHandlers: field(z.array(NodeRuntimeHandler), 'Runtime handlers available on the node.', atomicListMeta),
    features: field(NodeFeatures, 'Optional features of the container runtime.'),
  }),
);
export type NodeStatus = z.infer<typeof NodeStatus>;

export const Node = apiType(
  `${ns}.Node`,
  'A machine that runs Pods.',
  z.object({
    ...objectFields,
    spec: field(NodeSpec, 'How the node is set up.'),
    status: field(NodeStatus, 'What the node reports; written through the status subresource.'),
  }),
);
export type Node = z.infer<typeof Node>;

export const NodeList = apiType(
  `${ns}.NodeList`,
  'A list of Nodes.',
  z.object({
    ...TypeMetaFields,
    metadata: field(ListMeta, 'Standard list metadata.'),
    items: required(z.array(Node), 'The Nodes.'),
  }),
);
export type NodeList = z.infer<typeof NodeList>;

/** The Pod ranges upstream's internal form holds: podCIDRs, or podCIDR alone when only it is set. */
export function effectivePodCIDRs(spec: NodeSpec | undefined): string[] {
  if (spec?.podCIDRs?.length) return [...spec.podCIDRs];
  return spec?.podCIDR ? [spec.podCIDR] : [];
}

/**
 * Node defaults as kube-apiserver applies them: allocatable copies capacity when absent
 * (SetDefaults_NodeStatus), and podCIDR / podCIDRs come back in step, as the round trip through
 * the internal form (which keeps only the list) leaves them. Pure.
 */
export function defaultNode(node: Node): Node {
  const out: Node = { ...node };
  const cidrs = effectivePodCIDRs(node.spec);
  if (cidrs.length > 0) out.spec = { ...node.spec, podCIDR: cidrs[0], podCIDRs: cidrs };
  if (node.status?.capacity && node.status.allocatable === undefined) {
    out.status = { ...node.status, allocatable: { ...node.status.capacity } };
  }
  return out;
}
