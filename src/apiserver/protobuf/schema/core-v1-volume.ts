// core/v1 Volume and the common volume sources. The deprecated in-tree cloud and cluster
// filesystems (gcePersistentDisk, awsElasticBlockStore, iscsi, glusterfs, rbd, flexVolume, cinder,
// cephfs, flocker, fc, azureFile, vsphereVolume, quobyte, azureDisk, photonPersistentDisk,
// portworxVolume, scaleIO, storageos) and `ephemeral` (a whole PVC template) are not declared:
// kubesvc runs local processes and has no storage, so such a volume decodes to an unknown field.
// Field numbers: staging/src/k8s.io/api/core/v1/generated.proto. JSON semantics: core/v1 types.go.
import {
  ALWAYS, CORE, INLINE, LABEL_SELECTOR, PTR, QUANTITY,
  bool, i32, i64, list, mapOf, message, msg, str,
  type ProtoPackage,
} from './descriptor.ts';

const localRef = msg(`${CORE}LocalObjectReference`, 1, INLINE);

export const coreV1Volume: ProtoPackage = {
  name: 'k8s.io.api.core.v1',
  types: {
    Volume: message({
      name: str(1, ALWAYS),
      volumeSource: msg(`${CORE}VolumeSource`, 2, INLINE),
    }),
    VolumeSource: message({
      hostPath: msg(`${CORE}HostPathVolumeSource`, 1),
      emptyDir: msg(`${CORE}EmptyDirVolumeSource`, 2),
      secret: msg(`${CORE}SecretVolumeSource`, 6),
      nfs: msg(`${CORE}NFSVolumeSource`, 7),
      persistentVolumeClaim: msg(`${CORE}PersistentVolumeClaimVolumeSource`, 10),
      downwardAPI: msg(`${CORE}DownwardAPIVolumeSource`, 16),
      configMap: msg(`${CORE}ConfigMapVolumeSource`, 19),
      projected: msg(`${CORE}ProjectedVolumeSource`, 26),
      csi: msg(`${CORE}CSIVolumeSource`, 28),
      image: msg(`${CORE}ImageVolumeSource`, 30),
    }),
    HostPathVolumeSource: message({ path: str(1, ALWAYS), type: str(2, PTR) }),
    EmptyDirVolumeSource: message({ medium: str(1), sizeLimit: msg(QUANTITY, 2) }),
    SecretVolumeSource: message({
      secretName: str(1),
      items: list(`${CORE}KeyToPath`, 2),
      defaultMode: i32(3, PTR),
      optional: bool(4, PTR),
    }),
    NFSVolumeSource: message({ server: str(1, ALWAYS), path: str(2, ALWAYS), readOnly: bool(3) }),
    PersistentVolumeClaimVolumeSource: message({ claimName: str(1, ALWAYS), readOnly: bool(2) }),
    DownwardAPIVolumeSource: message({
      items: list(`${CORE}DownwardAPIVolumeFile`, 1),
      defaultMode: i32(2, PTR),
    }),
    DownwardAPIVolumeFile: message({
      path: str(1, ALWAYS),
      fieldRef: msg(`${CORE}ObjectFieldSelector`, 2),
      resourceFieldRef: msg(`${CORE}ResourceFieldSelector`, 3),
      mode: i32(4, PTR),
    }),
    ConfigMapVolumeSource: message({
      localObjectReference: localRef,
      items: list(`${CORE}KeyToPath`, 2),
      defaultMode: i32(3, PTR),
      optional: bool(4, PTR),
    }),
    KeyToPath: message({ key: str(1, ALWAYS), path: str(2, ALWAYS), mode: i32(3, PTR) }),
    ProjectedVolumeSource: message({
      sources: list(`${CORE}VolumeProjection`, 1),
      defaultMode: i32(2, PTR),
    }),
    VolumeProjection: message({
      secret: msg(`${CORE}SecretProjection`, 1),
      downwardAPI: msg(`${CORE}DownwardAPIProjection`, 2),
      configMap: msg(`${CORE}ConfigMapProjection`, 3),
      serviceAccountToken: msg(`${CORE}ServiceAccountTokenProjection`, 4),
      clusterTrustBundle: msg(`${CORE}ClusterTrustBundleProjection`, 5),
    }),
    SecretProjection: message({
      localObjectReference: localRef,
      items: list(`${CORE}KeyToPath`, 2),
      optional: bool(4, PTR),
    }),
    ConfigMapProjection: message({
      localObjectReference: localRef,
      items: list(`${CORE}KeyToPath`, 2),
      optional: bool(4, PTR),
    }),
    DownwardAPIProjection: message({ items: list(`${CORE}DownwardAPIVolumeFile`, 1) }),
    ServiceAccountTokenProjection: message({
      audience: str(1),
      expirationSeconds: i64(2, PTR),
      path: str(3, ALWAYS),
    }),
    ClusterTrustBundleProjection: message({
      name: str(1, PTR),
      signerName: str(2, PTR),
      labelSelector: msg(LABEL_SELECTOR, 3),
      optional: bool(5, PTR),
      path: str(4, ALWAYS),
    }),
    CSIVolumeSource: message({
      driver: str(1, ALWAYS),
      readOnly: bool(2, PTR),
      fsType: str(3, PTR),
      volumeAttributes: mapOf('string', 4),
      nodePublishSecretRef: msg(`${CORE}LocalObjectReference`, 5),
    }),
    ImageVolumeSource: message({ reference: str(1), pullPolicy: str(2) }),
  },
};
