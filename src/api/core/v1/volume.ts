// core/v1 Volume: storage a Pod's containers can mount. The sources kubesvc's agent can provide
// on one machine are modelled field by field; cloud and network block storage is kept as given.
import { z } from 'zod';
import { apiType, atomicListMeta, bool, field, int32, int64, preserved, quantity, required, str } from '../../schema/fields.ts';
import { KeyToPath, ObjectFieldSelector, ResourceFieldSelector, atomicStructMeta } from './pod-references.ts';

const ns = 'io.k8s.api.core.v1';

export const EmptyDirVolumeSource = apiType(
  `${ns}.EmptyDirVolumeSource`,
  'A scratch directory that starts empty and lives as long as the Pod.',
  z.object({
    medium: field(str(), 'Storage medium: empty for the node default, or Memory for a tmpfs.'),
    sizeLimit: field(quantity(), 'Most local storage the directory may use.'),
  }),
);

export const HostPathVolumeSource = apiType(
  `${ns}.HostPathVolumeSource`,
  'A file or directory of the node itself, mounted into the Pod.',
  z.object({
    path: required(str(), 'Path on the node.'),
    type: field(
      str(),
      'What must exist at the path: empty (no check), DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice or BlockDevice.',
    ),
  }),
);

export const SecretVolumeSource = apiType(
  `${ns}.SecretVolumeSource`,
  'Presents the keys of a Secret as files.',
  z.object({
    secretName: field(str(), 'Name of the Secret in the Pod namespace.'),
    items: field(z.array(KeyToPath), 'Only these keys, at these paths; every key when not given.', atomicListMeta),
    defaultMode: field(int32(), 'Permission bits of the files (0 to 0777); 0644 when not given.'),
    optional: field(bool(), 'When true, a missing Secret or key is not an error.'),
  }),
);

export const ConfigMapVolumeSource = apiType(
  `${ns}.ConfigMapVolumeSource`,
  'Presents the keys of a ConfigMap as files.',
  z.object({
    name: field(str(), 'Name of the ConfigMap in the Pod namespace.'),
    items: field(z.array(KeyToPath), 'Only these keys, at these paths; every key when not given.', atomicListMeta),
    defaultMode: field(int32(), 'Permission bits of the files (0 to 0777); 0644 when not given.'),
    optional: field(bool(), 'When true, a missing ConfigMap or key is not an error.'),
  }),
);

export const PersistentVolumeClaimVolumeSource = apiType(
  `${ns}.PersistentVolumeClaimVolumeSource`,
  'Mounts the volume bound to a PersistentVolumeClaim of the Pod namespace.',
  z.object({
    claimName: required(str(), 'Name of the PersistentVolumeClaim.'),
    readOnly: field(bool(), 'Mount the volume read-only.'),
  }),
);

export const DownwardAPIVolumeFile = apiType(
  `${ns}.DownwardAPIVolumeFile`,
  'One file whose content is a field of the Pod or a resource value of one of its containers.',
  z.object({
    path: required(str(), "Relative file path inside the volume; may not be absolute or contain '..'."),
    fieldRef: field(ObjectFieldSelector, 'The Pod field to write: metadata name, namespace, uid, labels or annotations.', atomicStructMeta),
    resourceFieldRef: field(ResourceFieldSelector, 'The container resource limit or request to write.', atomicStructMeta),
    mode: field(int32(), 'Permission bits of the file (0 to 0777); the volume defaultMode when not given.'),
  }),
);

export const DownwardAPIVolumeSource = apiType(
  `${ns}.DownwardAPIVolumeSource`,
  'Files holding information about the Pod itself.',
  z.object({
    items: field(z.array(DownwardAPIVolumeFile), 'The files to write.', atomicListMeta),
    defaultMode: field(int32(), 'Permission bits of the files (0 to 0777); 0644 when not given.'),
  }),
);

export const SecretProjection = apiType(
  `${ns}.SecretProjection`,
  'The keys of a Secret, as part of a projected volume.',
  z.object({
    name: field(str(), 'Name of the Secret in the Pod namespace.'),
    items: field(z.array(KeyToPath), 'Only these keys, at these paths; every key when not given.', atomicListMeta),
    optional: field(bool(), 'When true, a missing Secret or key is not an error.'),
  }),
);

export const ConfigMapProjection = apiType(
  `${ns}.ConfigMapProjection`,
  'The keys of a ConfigMap, as part of a projected volume.',
  z.object({
    name: field(str(), 'Name of the ConfigMap in the Pod namespace.'),
    items: field(z.array(KeyToPath), 'Only these keys, at these paths; every key when not given.', atomicListMeta),
    optional: field(bool(), 'When true, a missing ConfigMap or key is not an error.'),
  }),
);

export const DownwardAPIProjection = apiType(
  `${ns}.DownwardAPIProjection`,
  'Pod information files, as part of a projected volume.',
  z.object({ items: field(z.array(DownwardAPIVolumeFile), 'The files to write.', atomicListMeta) }),
);

export const ServiceAccountTokenProjection = apiType(
  `${ns}.ServiceAccountTokenProjection`,
  "A token of the Pod's service account, written to a file and refreshed before it expires.",
  z.object({
    audience: field(str(), 'Who the token is meant for; the API server when not given.'),
    expirationSeconds: field(int64(), 'Requested lifetime of the token: at least 600 seconds; 3600 when not given.'),
    path: required(str(), 'Relative file path of the token inside the volume.'),
  }),
);

export const VolumeProjection = apiType(
  `${ns}.VolumeProjection`,
  'One source of a projected volume; exactly one of its fields is set.',
  z.object({
    secret: field(SecretProjection, 'Keys of a Secret.'),
    downwardAPI: field(DownwardAPIProjection, 'Information about the Pod.'),
    configMap: field(ConfigMapProjection, 'Keys of a ConfigMap.'),
    serviceAccountToken: field(ServiceAccountTokenProjection, 'A service account token.'),
    clusterTrustBundle: field(preserved(), 'Certificates of ClusterTrustBundle objects; kept as given.'),
    podCertificate: field(preserved(), 'A certificate issued to the Pod; kept as given.'),
  }),
);

export const ProjectedVolumeSource = apiType(
  `${ns}.ProjectedVolumeSource`,
  'Several Secrets, ConfigMaps, Pod information and tokens merged into one directory.',
  z.object({
    // Go serialises a nil list here as null (no omitempty), so clients echo it back.
    sources: field(z.array(VolumeProjection).nullable(), 'The sources, merged in order.', atomicListMeta),
    defaultMode: field(int32(), 'Permission bits of the files (0 to 0777); 0644 when not given.'),
  }),
);

export const ImageVolumeSource = apiType(
  `${ns}.ImageVolumeSource`,
  'The files of an OCI image or artifact, mounted read-only.',
  z.object({
    reference: field(str(), 'Image reference, as for a container image.'),
    pullPolicy: field(str(), 'Always, Never or IfNotPresent; Always for :latest or untagged references.'),
  }),
);

/** Sources kubesvc stores but never interprets: cloud disks, network file systems, CSI. */
const keptAsGiven = (what: string) => field(preserved(), `${what}; kept as given, not provided by kubesvc.`);

/** The fields of VolumeSource, in upstream's struct order (the order they serialise in). */
export const volumeSourceFields = {
  hostPath: field(HostPathVolumeSource, 'A path on the node.'),
  emptyDir: field(EmptyDirVolumeSource, 'A scratch directory that lives as long as the Pod.'),
  gcePersistentDisk: keptAsGiven('A GCE persistent disk'),
  awsElasticBlockStore: keptAsGiven('An AWS EBS volume'),
  gitRepo: keptAsGiven('Deprecated: a git repository checked out into the volume'),
  secret: field(SecretVolumeSource, 'The keys of a Secret as files.'),
  nfs: keptAsGiven('An NFS export'),
  iscsi: keptAsGiven('An iSCSI disk'),
  glusterfs: keptAsGiven('A Glusterfs mount'),
  persistentVolumeClaim: field(PersistentVolumeClaimVolumeSource, 'The volume bound to a PersistentVolumeClaim.'),
  rbd: keptAsGiven('A Ceph RBD device'),
  flexVolume: keptAsGiven('A FlexVolume driver volume'),
  cinder: keptAsGiven('An OpenStack Cinder volume'),
  cephfs: keptAsGiven('A CephFS mount'),
  flocker: keptAsGiven('A Flocker dataset'),
  downwardAPI: field(DownwardAPIVolumeSource, 'Information about the Pod as files.'),
  fc: keptAsGiven('A Fibre Channel disk'),
  azureFile: keptAsGiven('An Azure File share'),
  configMap: field(ConfigMapVolumeSource, 'The keys of a ConfigMap as files.'),
  vsphereVolume: keptAsGiven('A vSphere disk'),
  quobyte: keptAsGiven('A Quobyte volume'),
  azureDisk: keptAsGiven('An Azure data disk'),
  photonPersistentDisk: keptAsGiven('A Photon Controller disk'),
  projected: field(ProjectedVolumeSource, 'Several sources merged into one directory.'),
  portworxVolume: keptAsGiven('A Portworx volume'),
  scaleIO: keptAsGiven('A ScaleIO volume'),
  storageos: keptAsGiven('A StorageOS volume'),
  csi: keptAsGiven('An inline CSI volume'),
  ephemeral: keptAsGiven('A PersistentVolumeClaim created for, and deleted with, the Pod'),
  image: field(ImageVolumeSource, 'The files of an OCI image.'),
};

export const Volume = apiType(
  `${ns}.Volume`,
  'A named volume of the Pod; containers mount it by name. Exactly one source is set (emptyDir when none is).',
  z.object({
    name: required(str(), 'Name of the volume: a DNS label, unique in the Pod.'),
    ...volumeSourceFields,
  }),
);
export type Volume = z.infer<typeof Volume>;
export type VolumeSourceName = keyof typeof volumeSourceFields;
