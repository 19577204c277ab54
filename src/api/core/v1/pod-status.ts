// core/v1 PodStatus: what the node agent reports. The phase, the Ready condition and the Pod IPs
// decide whether, and at which address, a Pod is an endpoint of its Services.
import { z } from 'zod';
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
  time,
} from '../../schema/fields.ts';
import { ResourceRequirements } from './container.ts';
import { resourceList } from './pod-references.ts';

const ns = 'io.k8s.api.core.v1';

export const PodCondition = apiType(
  `${ns}.PodCondition`,
  'One aspect of the Pod state, e.g. Ready or PodScheduled, and whether it holds.',
  z.object({
    type: required(str(), 'PodScheduled, Initialized, ContainersReady, Ready, or a readiness-gate type.'),
    observedGeneration: field(int64(), 'The metadata.generation this condition was computed from.'),
    status: required(str(), 'True, False or Unknown.'),
    lastProbeTime: field(time(), 'When the condition was last checked.'),
    lastTransitionTime: field(time(), 'When the status last changed.'),
    reason: field(str(), 'One-word CamelCase reason of the last change.'),
    message: field(str(), 'Human-readable details of the last change.'),
  }),
);
export type PodCondition = z.infer<typeof PodCondition>;

export const ContainerStateWaiting = apiType(
  `${ns}.ContainerStateWaiting`,
  'The container is not running yet.',
  z.object({
    reason: field(str(), 'Short reason, e.g. ContainerCreating or CrashLoopBackOff.'),
    message: field(str(), 'Details of why the container is not running.'),
  }),
);

export const ContainerStateRunning = apiType(
  `${ns}.ContainerStateRunning`,
  'The container is running.',
  z.object({ startedAt: field(time(), 'When the container last started.') }),
);

export const ContainerStateTerminated = apiType(
  `${ns}.ContainerStateTerminated`,
  'The container has exited.',
  z.object({
    exitCode: required(int32(), 'Exit status of the process.'),
    signal: field(int32(), 'Signal that ended the process, if any.'),
    reason: field(str(), 'Short reason, e.g. Completed, Error or OOMKilled.'),
    message: field(str(), 'Details, e.g. the termination message.'),
    startedAt: field(time(), 'When this run of the container started.'),
    finishedAt: field(time(), 'When it ended.'),
    containerID: field(str(), 'ID of the container, as <runtime>://<id>.'),
  }),
);

export const ContainerState = apiType(
  `${ns}.ContainerState`,
  'The state of a container; exactly one field is set, waiting when none is.',
  z.object({
    waiting: field(ContainerStateWaiting, 'Not running yet.'),
    running: field(ContainerStateRunning, 'Running.'),
    terminated: field(ContainerStateTerminated, 'Exited.'),
  }),
);

export const VolumeMountStatus = apiType(
  `${ns}.VolumeMountStatus`,
  'How a volume was actually mounted.',
  z.object({
    name: required(str(), 'Name of the volume mount.'),
    mountPath: required(str(), 'Path inside the container.'),
    readOnly: field(bool(), 'Whether it is mounted read-only.'),
    recursiveReadOnly: field(str(), 'Disabled or Enabled: whether submounts are read-only too.'),
  }),
);

export const ContainerStatus = apiType(
  `${ns}.ContainerStatus`,
  'The observed state of one container.',
  z.object({
    name: required(str(), 'Name of the container, as in the spec.'),
    state: field(ContainerState, 'Current state.'),
    lastState: field(ContainerState, 'State of the previous run, to explain restarts.'),
    ready: required(bool(), 'Whether the container passes its readiness probe (or is started, without one).'),
    restartCount: required(int32(), 'How often the container was restarted.'),
    image: required(str(), 'Image the container runs, as resolved by the runtime.'),
    imageID: required(str(), 'ID of that image.'),
    containerID: field(str(), 'ID of the container, as <runtime>://<id>.'),
    started: field(bool(), 'Whether the postStart hook and the startup probe have passed.'),
    allocatedResources: field(resourceList(), 'Resources the node has allocated to the container.'),
    resources: field(ResourceRequirements, 'Requests and limits in effect on the running container.'),
    volumeMounts: field(z.array(VolumeMountStatus), 'How the volumes were mounted.', mergeByKey('mountPath')),
    user: field(preserved(), 'The user identity the process runs with; kept as given.'),
    allocatedResourcesStatus: field(
      z.array(preserved()),
      'Health of the devices allocated to the container; kept as given.',
      mergeByKey('name'),
    ),
    stopSignal: field(str(), 'Signal that will be sent to stop the container.'),
  }),
);
export type ContainerStatus = z.infer<typeof ContainerStatus>;

export const PodIP = apiType(
  `${ns}.PodIP`,
  'One IP address of the Pod.',
  z.object({ ip: required(str(), 'The address.') }),
);

export const HostIP = apiType(
  `${ns}.HostIP`,
  'One IP address of the node running the Pod.',
  z.object({ ip: required(str(), 'The address.') }),
);

export const PodResourceClaimStatus = apiType(
  `${ns}.PodResourceClaimStatus`,
  'The ResourceClaim generated for one of the Pod resource claims.',
  z.object({
    name: required(str(), 'Name of the entry in spec.resourceClaims.'),
    resourceClaimName: field(str(), 'Name of the generated ResourceClaim, if one was needed.'),
  }),
);

export const PodStatus = apiType(
  `${ns}.PodStatus`,
  'The observed state of a Pod; may lag behind reality.',
  z.object({
    observedGeneration: field(int64(), 'The metadata.generation this status was computed from.'),
    phase: field(str(), 'Pending, Running, Succeeded, Failed or Unknown; only Succeeded and Failed are final.'),
    conditions: field(z.array(PodCondition), 'Current conditions, among them Ready.', mergeByKey('type')),
    message: field(str(), 'Human-readable details of the current state.'),
    reason: field(str(), 'Short CamelCase reason of the current state, e.g. Evicted.'),
    nominatedNodeName: field(str(), 'Node the Pod is expected to go to once preempted Pods have left.'),
    hostIP: field(str(), 'Primary IP of the node running the Pod.'),
    hostIPs: field(z.array(HostIP), 'IPs of the node; the first equals hostIP.', {
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-patch-merge-key': 'ip',
      'x-kubernetes-list-type': 'atomic',
    }),
    podIP: field(str(), 'Primary IP of the Pod; empty until the network is set up.'),
    podIPs: field(z.array(PodIP), 'IPs of the Pod, at most one per family; the first equals podIP.', mergeByKey('ip')),
    startTime: field(time(), 'When the node accepted the Pod, before any image was pulled.'),
    initContainerStatuses: field(z.array(ContainerStatus), 'One entry per init container.', atomicListMeta),
    containerStatuses: field(z.array(ContainerStatus), 'One entry per container.', atomicListMeta),
    qosClass: field(str(), 'Guaranteed, Burstable or BestEffort, derived from the resource requests and limits.'),
    ephemeralContainerStatuses: field(z.array(ContainerStatus), 'One entry per ephemeral container that ran.', atomicListMeta),
    resize: field(str(), 'Deprecated: state of a pending in-place resize.'),
    resourceClaimStatuses: field(z.array(PodResourceClaimStatus), 'Generated ResourceClaims.', {
      ...mergeByKey('name'),
      'x-kubernetes-patch-strategy': 'merge,retainKeys',
    }),
    extendedResourceClaimStatus: field(preserved(), 'The claim made for extended resources; kept as given.'),
  }),
);
export type PodStatus = z.infer<typeof PodStatus>;
