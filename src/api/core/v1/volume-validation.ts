// Validation of spec.volumes, as upstream's ValidateVolumes and validateVolumeSource. Field paths
// and messages are upstream's, including its quirks ("cephFS", "downwarAPI", and downward API
// files reported at the source's path rather than the item's).
import { childPath, duplicate, forbidden, indexPath, invalid, notSupported, required } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { VOLUME_FIELD_PATHS, validateObjectFieldSelector, validateResourceFieldSelector } from './downward-api-validation.ts';
import type { KeyToPath } from './pod-references.ts';
import { nameIsDNSSubdomain } from '../../meta/validation.ts';
import {
  validateDNS1123Label,
  validateFileMode,
  validateLocalDescendingPath,
  validateLocalNonReservedPath,
  validatePathNoBacksteps,
} from './pod-validation-helpers.ts';
import { isNegativeQuantity, parseQuantity } from './resource-quantity.ts';
import type { Volume, VolumeSourceName } from './volume.ts';

type DownwardAPIVolumeFile = NonNullable<NonNullable<Volume['downwardAPI']>['items']>[number];
type ProjectedVolumeSource = NonNullable<Volume['projected']>;

export interface VolumeValidationOptions {
  /** Name of the Pod, when validating a Pod (ephemeral volumes create PVCs named after it). */
  readonly podName?: string;
  /** A Pod rather than a template: an image volume needs its reference. */
  readonly resourceIsPod?: boolean;
}

/** The order upstream checks sources in, with the path segment it reports (typos included). */
const sourceOrder: readonly (readonly [VolumeSourceName, string])[] = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
  ['image', 'image'],
];

/** Validates the volumes; returns the valid ones by name, which container mounts may refer to. */
export function validateVolumes(
  volumes: readonly Volume[] | undefined,
  path: string,
  options: VolumeValidationOptions = {},
): { volumes: Map<string, Volume>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const valid = new Map<string, Volume>();
  const createdClaims = new Set<string>();
  if (options.podName) {
    for (const volume of volumes ?? []) if (volume.ephemeral) createdClaims.add(`${options.podName}-${volume.name ?? ''}`);
  }
  (volumes ?? []).forEach((volume, i) => {
    const volumePath = indexPath(path, i);
    const namePath = childPath(volumePath, 'name');
    const name = volume.name ?? '';
    const errs = validateVolumeSource(volume, volumePath, options);
    if (name === '') errs.push(required(namePath));
    else errs.push(...validateDNS1123Label(name, namePath));
    if (valid.has(name)) errs.push(duplicate(namePath, name));
    if (errs.length === 0) valid.set(name, volume);
    else errors.push(...errs);
    const claimName = volume.persistentVolumeClaim?.claimName;
    if (claimName !== undefined && createdClaims.has(claimName)) {
      errors.push(
        invalid(
          childPath(volumePath, 'persistentVolumeClaim', 'claimName'),
          claimName,
          'must not reference a PVC that gets created for an ephemeral volume',
        ),
      );
    }
  });
  return { volumes: valid, errors };
}

function validateVolumeSource(volume: Volume, path: string, options: VolumeValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const [source, segment] of sourceOrder) {
    if (volume[source] === undefined || volume[source] === null) continue;
    if (count > 0) {
      errs.push(forbidden(childPath(path, segment), 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    errs.push(...validateOneSource(volume, source, path, options));
  }
  if (count === 0) errs.push(required(path, 'must specify a volume type'));
  return errs;
}

function validateOneSource(volume: Volume, source: VolumeSourceName, path: string, options: VolumeValidationOptions): FieldError[] {
  const sourcePath = childPath(path, source);
  switch (source) {
    case 'emptyDir': {
      const limit = volume.emptyDir?.sizeLimit;
      const parsed = limit === undefined ? undefined : parseQuantity(limit);
      return parsed && isNegativeQuantity(parsed)
        ? [forbidden(childPath(sourcePath, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity')]
        : [];
    }
    case 'hostPath':
      return validateHostPath(volume.hostPath ?? {}, sourcePath);
    case 'gitRepo': {
      const repo = volume.gitRepo ?? {};
      const errs = typeof repo['repository'] === 'string' && repo['repository'] !== '' ? [] : [required(childPath(sourcePath, 'repository'))];
      const directory = typeof repo['directory'] === 'string' ? repo['directory'] : '';
      return [...errs, ...validateLocalDescendingPath(directory, childPath(sourcePath, 'directory'))];
    }
    case 'nfs':
      return validateNFS(volume.nfs ?? {}, sourcePath);
    case 'secret': {
      const secret = volume.secret ?? {};
      const errs = secret.secretName ? [] : [required(childPath(sourcePath, 'secretName'))];
      errs.push(...validateFileMode(secret.defaultMode, childPath(sourcePath, 'defaultMode')));
      (secret.items ?? []).forEach((item, i) => errs.push(...validateKeyToPath(item, indexPath(childPath(sourcePath, 'items'), i))));
      return errs;
    }
    case 'configMap': {
      const configMap = volume.configMap ?? {};
      const errs = configMap.name ? [] : [required(childPath(sourcePath, 'name'))];
      errs.push(...validateFileMode(configMap.defaultMode, childPath(sourcePath, 'defaultMode')));
      (configMap.items ?? []).forEach((item, i) => errs.push(...validateKeyToPath(item, indexPath(childPath(sourcePath, 'items'), i))));
      return errs;
    }
    case 'persistentVolumeClaim':
      return volume.persistentVolumeClaim?.claimName ? [] : [required(childPath(sourcePath, 'claimName'))];
    case 'downwardAPI': {
      const errs = validateFileMode(volume.downwardAPI?.defaultMode, childPath(sourcePath, 'defaultMode'));
      for (const file of volume.downwardAPI?.items ?? []) errs.push(...validateDownwardAPIFile(file, sourcePath));
      return errs;
    }
    case 'projected':
      return validateProjected(volume.projected ?? {}, sourcePath);
    case 'ephemeral':
      return validateEphemeralClaimName(volume.name ?? '', path, options);
    case 'image': {
      const image = volume.image ?? {};
      const errs = options.resourceIsPod && !image.reference ? [required(childPath(sourcePath, 'reference'))] : [];
      return [...errs, ...validatePullPolicy(image.pullPolicy, childPath(sourcePath, 'pullPolicy'))];
    }
    default:
      // Sources kubesvc keeps as given are counted, not inspected.
      return [];
  }
}

const hostPathTypes = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

function validateHostPath(hostPath: NonNullable<Volume['hostPath']>, path: string): FieldError[] {
  if (!hostPath.path) return [required(childPath(path, 'path'))];
  const errs = validatePathNoBacksteps(hostPath.path, childPath(path, 'path'));
  if (hostPath.type !== undefined && !hostPathTypes.includes(hostPath.type)) {
    errs.push(notSupported(childPath(path, 'type'), hostPath.type, hostPathTypes));
  }
  return errs;
}

function validateNFS(nfs: Record<string, unknown>, path: string): FieldError[] {
  const server = typeof nfs['server'] === 'string' ? nfs['server'] : '';
  const exported = typeof nfs['path'] === 'string' ? nfs['path'] : '';
  const errs: FieldError[] = [];
  if (server === '') errs.push(required(childPath(path, 'server')));
  if (exported === '') errs.push(required(childPath(path, 'path')));
  if (!exported.startsWith('/')) errs.push(invalid(childPath(path, 'path'), exported, 'must be an absolute path'));
  return errs;
}

export function validateKeyToPath(item: KeyToPath, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!item.key) errs.push(required(childPath(path, 'key')));
  if (!item.path) errs.push(required(childPath(path, 'path')));
  errs.push(...validateLocalNonReservedPath(item.path ?? '', childPath(path, 'path')));
  errs.push(...validateFileMode(item.mode, childPath(path, 'mode')));
  return errs;
}

function validateDownwardAPIFile(file: DownwardAPIVolumeFile, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!file.path) errs.push(required(childPath(path, 'path')));
  errs.push(...validateLocalNonReservedPath(file.path ?? '', childPath(path, 'path')));
  if (file.fieldRef) {
    errs.push(...validateObjectFieldSelector(file.fieldRef, VOLUME_FIELD_PATHS, childPath(path, 'fieldRef')));
    if (file.resourceFieldRef) errs.push(invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (file.resourceFieldRef) {
    errs.push(...validateResourceFieldSelector(file.resourceFieldRef, childPath(path, 'resourceFieldRef'), true));
  } else {
    errs.push(required(path, 'one of fieldRef and resourceFieldRef is required'));
  }
  errs.push(...validateFileMode(file.mode, childPath(path, 'mode')));
  return errs;
}

function validateProjected(projected: ProjectedVolumeSource, path: string): FieldError[] {
  const errs = validateFileMode(projected.defaultMode, childPath(path, 'defaultMode'));
  const seenPaths = new Set<string>();
  // Every file path must be unique across all sources of the volume.
  const claimPath = (file: string, reported: unknown): void => {
    if (seenPaths.has(file)) errs.push(invalid(path, reported, 'conflicting duplicate paths'));
    seenPaths.add(file);
  };
  (projected.sources ?? []).forEach((source, i) => {
    const sourcePath = indexPath(childPath(path, 'sources'), i);
    let count = 0;
    for (const kind of ['secret', 'configMap'] as const) {
      const projection = source[kind];
      if (!projection) continue;
      count++;
      const projectionPath = childPath(sourcePath, kind);
      if (!projection.name) errs.push(required(childPath(projectionPath, 'name')));
      (projection.items ?? []).forEach((item, j) => {
        errs.push(...validateKeyToPath(item, indexPath(childPath(projectionPath, 'items'), j)));
        if (item.path) claimPath(item.path, projection.name ?? '');
      });
    }
    if (source.downwardAPI) {
      count++;
      for (const file of source.downwardAPI.items ?? []) {
        errs.push(...validateDownwardAPIFile(file, childPath(sourcePath, 'downwardAPI')));
        if (file.path) claimPath(file.path, file.path);
      }
    }
    if (source.serviceAccountToken) {
      count++;
      const token = source.serviceAccountToken;
      const expiration = token.expirationSeconds ?? 0;
      const expirationPath = childPath(sourcePath, 'serviceAccountToken', 'expirationSeconds');
      if (expiration < 600) errs.push(invalid(expirationPath, expiration, 'may not specify a duration less than 10 minutes'));
      if (expiration > 2 ** 32) errs.push(invalid(expirationPath, expiration, 'may not specify a duration larger than 2^32 seconds'));
      // Upstream reports the token path under the volume, not under the source.
      if (!token.path) errs.push(required(childPath(path, 'path')));
      else errs.push(...validateLocalNonReservedPath(token.path, childPath(path, 'path')));
    }
    if (source.clusterTrustBundle) count++;
    if (source.podCertificate) count++;
    if (count > 1) errs.push(forbidden(sourcePath, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

function validateEphemeralClaimName(volumeName: string, path: string, options: VolumeValidationOptions): FieldError[] {
  if (!options.podName || volumeName === '') return [];
  const claimName = `${options.podName}-${volumeName}`;
  return nameIsDNSSubdomain(claimName, false).map((msg) =>
    invalid(childPath(path, 'name'), volumeName, `PVC name "${claimName}": ${msg}`),
  );
}

const pullPolicies = ['Always', 'IfNotPresent', 'Never'];

export function validatePullPolicy(policy: string | undefined, path: string): FieldError[] {
  if (!policy) return [required(path)];
  return pullPolicies.includes(policy) ? [] : [notSupported(path, policy, pullPolicies)];
}
