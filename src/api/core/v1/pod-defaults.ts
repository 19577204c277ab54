// Pod defaulting, as upstream's SetObjectDefaults_Pod / SetObjectDefaults_PodTemplate
// (pkg/apis/core/v1 defaults.go plus the generated declarative defaults). Applied on every create
// and update before validation. Pure: the input is cloned, never mutated.
//
// Not done here: status.phase Pending on create (the registry's job) and pod-level resource
// defaulting (the PodLevelResources feature).
import type { Container, EphemeralContainer, ResourceRequirements } from './container.ts';
import type { Pod, PodTemplateSpec } from './pod.ts';
import type { PodSpec } from './pod-spec.ts';
import type { LifecycleHandler, Probe } from './probe.ts';
import type { ObjectFieldSelector, ResourceList } from './pod-references.ts';
import type { Volume } from './volume.ts';
import { canonicalQuantity } from './resource-quantity.ts';
import { cloneJson } from '../../json-clone.ts';

export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
export const TERMINATION_MESSAGE_PATH_DEFAULT = '/dev/termination-log';
/** 0644, the default file mode of secret, configMap, downwardAPI and projected volumes. */
export const DEFAULT_VOLUME_FILE_MODE = 0o644;
export const DEFAULT_SERVICE_ACCOUNT_TOKEN_EXPIRATION_SECONDS = 3600;

export function defaultPod(pod: Pod): Pod {
  const copy = cloneJson(pod);
  const spec: PodSpec = copy.spec ?? {};
  copy.spec = spec;
  // Pod-only defaults: a template's spec is left alone so that a later change to these rules
  // does not roll every Deployment.
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    defaultRequestsFromLimits(container.resources);
  }
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork) {
    for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const port of container.ports ?? []) {
        if (!port.hostPort) port.hostPort = port.containerPort;
      }
    }
  }
  defaultPodSpecInPlace(spec);
  return copy;
}

export function defaultPodTemplateSpec(template: PodTemplateSpec): PodTemplateSpec {
  const copy = cloneJson(template);
  copy.spec ??= {};
  defaultPodSpecInPlace(copy.spec);
  return copy;
}

/**
 * Upstream's pull policy default: Always when the image has the tag latest or no tag and no
 * digest, IfNotPresent otherwise (including references that do not parse).
 */
export function defaultImagePullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  return imageTag(image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultPodSpecInPlace(spec: PodSpec): void {
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  spec.schedulerName ||= DEFAULT_SCHEDULER_NAME;
  for (const volume of spec.volumes ?? []) defaultVolume(volume);
  for (const container of spec.initContainers ?? []) defaultContainer(container);
  for (const container of spec.containers ?? []) defaultContainer(container);
  for (const container of spec.ephemeralContainers ?? []) defaultContainer(container);
  if (spec.overhead) spec.overhead = canonicalResourceList(spec.overhead);
  if (spec.resources) canonicalResources(spec.resources);
}

function defaultContainer(container: Container | EphemeralContainer): void {
  container.imagePullPolicy ||= defaultImagePullPolicy(container.image);
  container.terminationMessagePath ||= TERMINATION_MESSAGE_PATH_DEFAULT;
  container.terminationMessagePolicy ||= 'File';
  for (const port of container.ports ?? []) port.protocol ||= 'TCP';
  for (const env of container.env ?? []) {
    if (env.valueFrom?.fieldRef) defaultFieldRef(env.valueFrom.fieldRef);
  }
  if (container.resources) canonicalResources(container.resources);
  for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
    if (probe) defaultProbe(probe);
  }
  if (container.lifecycle?.postStart) defaultHandler(container.lifecycle.postStart);
  if (container.lifecycle?.preStop) defaultHandler(container.lifecycle.preStop);
}

function defaultProbe(probe: Probe): void {
  // Zero means unset for these int32 fields, as in Go.
  probe.timeoutSeconds ||= 1;
  probe.periodSeconds ||= 10;
  probe.successThreshold ||= 1;
  probe.failureThreshold ||= 3;
  defaultHandler(probe);
  if (probe.grpc) probe.grpc.service ??= '';
}

function defaultHandler(handler: Pick<LifecycleHandler, 'httpGet'>): void {
  if (!handler.httpGet) return;
  handler.httpGet.path ||= '/';
  handler.httpGet.scheme ||= 'HTTP';
}

function defaultFieldRef(selector: ObjectFieldSelector): void {
  selector.apiVersion ||= 'v1';
}

function defaultRequestsFromLimits(resources: ResourceRequirements | undefined): void {
  if (!resources?.limits) return;
  resources.requests ??= {};
  for (const [name, limit] of Object.entries(resources.limits)) {
    if (!Object.hasOwn(resources.requests, name)) resources.requests[name] = limit;
  }
}

function canonicalResources(resources: ResourceRequirements): void {
  if (resources.limits) resources.limits = canonicalResourceList(resources.limits);
  if (resources.requests) resources.requests = canonicalResourceList(resources.requests);
}

// Upstream rounds every resource list up to millis and always serialises quantities in their
// canonical text, so "0.5" comes back as "500m" and the number 1 as "1".
function canonicalResourceList(list: ResourceList): ResourceList {
  return Object.fromEntries(Object.entries(list).map(([name, value]) => [name, canonicalQuantity(value, true)]));
}

// Declared sources, other than the name, decide whether a volume has a source at all.
function defaultVolume(volume: Volume): void {
  const sources = Object.entries(volume).filter(([key, value]) => key !== 'name' && value !== undefined && value !== null);
  if (sources.length === 0) volume.emptyDir = {};
  if (volume.emptyDir?.sizeLimit !== undefined) volume.emptyDir.sizeLimit = canonicalQuantity(volume.emptyDir.sizeLimit);
  if (volume.hostPath) volume.hostPath.type ??= '';
  if (volume.secret) volume.secret.defaultMode ??= DEFAULT_VOLUME_FILE_MODE;
  if (volume.configMap) volume.configMap.defaultMode ??= DEFAULT_VOLUME_FILE_MODE;
  if (volume.downwardAPI) {
    volume.downwardAPI.defaultMode ??= DEFAULT_VOLUME_FILE_MODE;
    for (const item of volume.downwardAPI.items ?? []) if (item.fieldRef) defaultFieldRef(item.fieldRef);
  }
  if (volume.projected) {
    volume.projected.defaultMode ??= DEFAULT_VOLUME_FILE_MODE;
    for (const source of volume.projected.sources ?? []) {
      for (const item of source.downwardAPI?.items ?? []) if (item.fieldRef) defaultFieldRef(item.fieldRef);
      if (source.serviceAccountToken) {
        source.serviceAccountToken.expirationSeconds ??= DEFAULT_SERVICE_ACCOUNT_TOKEN_EXPIRATION_SECONDS;
      }
    }
  }
  if (volume.image) volume.image.pullPolicy ||= defaultImagePullPolicy(volume.image.reference);
  defaultPreservedSources(volume);
}

// The in-tree plugins kubesvc keeps as given still get upstream's declared defaults, so that a
// stored object reads back the same as from kube-apiserver.
function defaultPreservedSources(volume: Volume): void {
  setDefaults(volume.rbd, { pool: 'rbd', user: 'admin', keyring: '/etc/ceph/keyring' });
  setDefaults(volume.iscsi, { iscsiInterface: 'default' });
  setDefaults(volume.azureDisk, { cachingMode: 'ReadWrite', fsType: 'ext4', readOnly: false, kind: 'Shared' });
  setDefaults(volume.scaleIO, { storageMode: 'ThinProvisioned', fsType: 'xfs' });
  const claimTemplate = volume.ephemeral?.['volumeClaimTemplate'];
  if (isRecord(claimTemplate) && isRecord(claimTemplate['spec'])) {
    setDefaults(claimTemplate['spec'], { volumeMode: 'Filesystem' });
  }
}

function setDefaults(target: Record<string, unknown> | undefined, defaults: Record<string, unknown>): void {
  if (!target) return;
  for (const [key, value] of Object.entries(defaults)) {
    if (target[key] === undefined || target[key] === '') target[key] = value;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// distribution/reference grammar, enough to find the tag the way upstream's ParseImageName does.
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const referencePattern = new RegExp(
  `^(?:(${domainComponent}(?:\\.${domainComponent})*(?::[0-9]+)?|\\[[0-9a-fA-F:.]+\\](?::[0-9]+)?)/)?` +
    `(${pathComponent}(?:/${pathComponent})*)` +
    `(?::([\\w][\\w.-]{0,127}))?` +
    `(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`,
);

/** The tag ParseImageName reports: latest when neither tag nor digest is given, '' when invalid. */
function imageTag(image: string): string {
  const match = referencePattern.exec(image);
  if (!match) return '';
  const [, domain, path = '', tag, digest] = match;
  // A first component without '.', ':' or "localhost" is a path, not a registry: it must be lower case.
  if (domain && !/[.:]|^localhost$/.test(domain) && domain !== domain.toLowerCase()) return '';
  if ((domain ? domain.length + 1 : 0) + path.length > 255) return '';
  if (!domain && /^[a-f0-9]{64}$/.test(path)) return '';
  if (tag) return tag;
  return digest ? '' : 'latest';
}
