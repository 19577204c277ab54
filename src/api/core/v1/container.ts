// core/v1 Container: one process of a Pod, with its ports (which Services target by number or
// name), environment, resources, mounts and health checks.
import { z } from 'zod';
import {
  apiType,
  atomicListMeta,
  bool,
  field,
  int32,
  mergeByKey,
  preserved,
  required,
  str,
} from '../../schema/fields.ts';
import {
  ConfigMapKeySelector,
  ObjectFieldSelector,
  ResourceFieldSelector,
  SecretKeySelector,
  atomicStructMeta,
  resourceList,
} from './pod-references.ts';
import { Lifecycle, Probe } from './probe.ts';

const ns = 'io.k8s.api.core.v1';

export const ContainerPort = apiType(
  `${ns}.ContainerPort`,
  'A port the container listens on. A named port can be the targetPort of a Service.',
  z.object({
    name: field(str(), 'Name of the port: an IANA service name (at most 15 characters), unique in the Pod.'),
    hostPort: field(int32(), 'Port to open on the node as well; must equal containerPort with hostNetwork.'),
    containerPort: required(int32(), "Port number on the Pod's IP, 1 to 65535."),
    protocol: field(str(), 'TCP (the default), UDP or SCTP.'),
    hostIP: field(str(), 'Node address the host port is bound to.'),
  }),
);
export type ContainerPort = z.infer<typeof ContainerPort>;

export const EnvVarSource = apiType(
  `${ns}.EnvVarSource`,
  'Where the value of an environment variable comes from; exactly one field is set.',
  z.object({
    fieldRef: field(ObjectFieldSelector, 'A field of the Pod, e.g. status.podIP or metadata.namespace.', atomicStructMeta),
    resourceFieldRef: field(ResourceFieldSelector, 'A resource limit or request of the container.', atomicStructMeta),
    configMapKeyRef: field(ConfigMapKeySelector, 'A key of a ConfigMap.', atomicStructMeta),
    secretKeyRef: field(SecretKeySelector, 'A key of a Secret.', atomicStructMeta),
    fileKeyRef: field(preserved(), 'A key of an env file in a volume; kept as given.', atomicStructMeta),
  }),
);

export const EnvVar = apiType(
  `${ns}.EnvVar`,
  'One environment variable of the container.',
  z.object({
    name: required(str(), "Variable name: printable ASCII characters except '='."),
    value: field(
      str(),
      'The value. $(NAME) references to earlier variables are expanded; $$ escapes a literal $.',
    ),
    valueFrom: field(EnvVarSource, 'Read the value from elsewhere; only when value is empty.'),
  }),
);
export type EnvVar = z.infer<typeof EnvVar>;

export const ConfigMapEnvSource = apiType(
  `${ns}.ConfigMapEnvSource`,
  'A ConfigMap whose every key becomes an environment variable.',
  z.object({
    name: field(str(), 'Name of the ConfigMap.'),
    optional: field(bool(), 'When true, a missing ConfigMap is not an error.'),
  }),
);

export const SecretEnvSource = apiType(
  `${ns}.SecretEnvSource`,
  'A Secret whose every key becomes an environment variable.',
  z.object({
    name: field(str(), 'Name of the Secret.'),
    optional: field(bool(), 'When true, a missing Secret is not an error.'),
  }),
);

export const EnvFromSource = apiType(
  `${ns}.EnvFromSource`,
  'A whole ConfigMap or Secret imported as environment variables.',
  z.object({
    prefix: field(str(), 'Text put in front of every imported name.'),
    configMapRef: field(ConfigMapEnvSource, 'The ConfigMap to import.'),
    secretRef: field(SecretEnvSource, 'The Secret to import.'),
  }),
);

export const ResourceClaim = apiType(
  `${ns}.ResourceClaim`,
  'Gives the container access to one of the Pod resource claims.',
  z.object({
    name: required(str(), 'Name of an entry in spec.resourceClaims.'),
    request: field(str(), 'Only this request of the claim; the whole claim when empty.'),
  }),
);

export const ResourceRequirements = apiType(
  `${ns}.ResourceRequirements`,
  'Compute resources: requests are what scheduling reserves, limits are the most that may be used.',
  z.object({
    limits: field(resourceList(), 'Most of each resource the container may use, e.g. {cpu: 500m, memory: 128Mi}.'),
    requests: field(
      resourceList(),
      'Amount of each resource reserved; copied from limits for resources that have a limit but no request.',
    ),
    claims: field(z.array(ResourceClaim), 'Dynamically allocated resources the container uses.', {
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    }),
  }),
);
export type ResourceRequirements = z.infer<typeof ResourceRequirements>;

export const ContainerResizePolicy = apiType(
  `${ns}.ContainerResizePolicy`,
  'Whether changing one resource of a running container restarts it.',
  z.object({
    resourceName: required(str(), 'cpu or memory.'),
    restartPolicy: required(str(), 'NotRequired or RestartContainer.'),
  }),
);

export const VolumeMount = apiType(
  `${ns}.VolumeMount`,
  'Mounts a Pod volume into the container filesystem.',
  z.object({
    name: required(str(), 'Name of the Pod volume.'),
    readOnly: field(bool(), 'Mount read-only.'),
    recursiveReadOnly: field(str(), 'Disabled, IfPossible or Enabled: whether submounts are read-only too.'),
    mountPath: required(str(), "Path inside the container; may not contain ':'."),
    subPath: field(str(), 'Mount only this sub-path of the volume; the volume root when empty.'),
    mountPropagation: field(str(), 'None (the default), HostToContainer or Bidirectional.'),
    subPathExpr: field(str(), 'Like subPath, with $(VAR) references expanded from the container environment.'),
  }),
);
export type VolumeMount = z.infer<typeof VolumeMount>;

export const VolumeDevice = apiType(
  `${ns}.VolumeDevice`,
  'Maps a raw block volume into the container as a device file.',
  z.object({
    name: required(str(), 'Name of a Pod volume backed by a PersistentVolumeClaim.'),
    devicePath: required(str(), 'Path of the device inside the container.'),
  }),
);

/** Fields shared by Container and EphemeralContainer (upstream keeps the two structs identical). */
export const containerFields = {
  name: required(str(), 'Name of the container: a DNS label, unique among all containers of the Pod.'),
  image: field(str(), 'Container image reference; may be left to higher-level controllers in templates.'),
  command: field(
    z.array(z.string()),
    "Entrypoint, replacing the image's ENTRYPOINT; not run in a shell. $(VAR) references are expanded.",
    atomicListMeta,
  ),
  args: field(z.array(z.string()), "Arguments, replacing the image's CMD. $(VAR) references are expanded.", atomicListMeta),
  workingDir: field(str(), "Working directory; the image's when not given."),
  ports: field(
    z.array(ContainerPort),
    'Ports the container listens on. Informational, except that named ports can be targeted by Services.',
    mergeByKey('containerPort', ['containerPort', 'protocol']),
  ),
  envFrom: field(z.array(EnvFromSource), 'ConfigMaps and Secrets imported whole as variables; env wins on conflicts.', atomicListMeta),
  env: field(z.array(EnvVar), 'Environment variables.', mergeByKey('name')),
  resources: field(ResourceRequirements, 'Compute resource requests and limits.'),
  resizePolicy: field(z.array(ContainerResizePolicy), 'How resource changes are applied to the running container.', atomicListMeta),
  restartPolicy: field(
    str(),
    'Only for init containers: Always makes it a sidecar that keeps running next to the regular containers.',
  ),
  restartPolicyRules: field(z.array(preserved()), 'Exit-code rules deciding whether the container restarts; kept as given.', atomicListMeta),
  volumeMounts: field(z.array(VolumeMount), 'Pod volumes mounted into the container.', mergeByKey('mountPath')),
  volumeDevices: field(z.array(VolumeDevice), 'Raw block volumes mapped into the container.', mergeByKey('devicePath')),
  livenessProbe: field(Probe, 'Restarts the container when it fails.'),
  readinessProbe: field(Probe, "Removes the Pod from its Services' endpoints while it fails; never restarts."),
  startupProbe: field(Probe, 'Holds off the other probes until it succeeds; restarts the container when it fails.'),
  lifecycle: field(Lifecycle, 'Hooks run after start and before stop.'),
  terminationMessagePath: field(str(), 'File whose content becomes the termination message; /dev/termination-log by default.'),
  terminationMessagePolicy: field(
    str(),
    'File (the default) or FallbackToLogsOnError: use the log tail when the file is empty and the container failed.',
  ),
  imagePullPolicy: field(str(), 'Always, Never or IfNotPresent; Always for :latest or untagged images, else IfNotPresent.'),
  securityContext: field(preserved(), 'Security options of the container (user, capabilities, ...); kept as given.'),
  stdin: field(bool(), 'Keep a stdin buffer for the container; reads see EOF otherwise.'),
  stdinOnce: field(bool(), 'Close stdin after the first attached client disconnects.'),
  tty: field(bool(), 'Allocate a terminal; needs stdin.'),
};

export const Container = apiType(`${ns}.Container`, 'One container of a Pod.', z.object(containerFields));
export type Container = z.infer<typeof Container>;

export const EphemeralContainer = apiType(
  `${ns}.EphemeralContainer`,
  'A temporary container added to a running Pod, e.g. for debugging; never restarted, no ports or probes.',
  z.object({
    ...containerFields,
    targetContainerName: field(str(), 'Share the namespaces (PID, IPC, ...) of this container of the Pod.'),
  }),
);
export type EphemeralContainer = z.infer<typeof EphemeralContainer>;
