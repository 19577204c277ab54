// core/v1 container types: Container and everything reachable from it.
// Field numbers: staging/src/k8s.io/api/core/v1/generated.proto. JSON semantics: core/v1 types.go.
import {
  ALWAYS, CORE, INLINE, INT_OR_STRING, PTR, PTR_ALWAYS, QUANTITY, VALUE,
  bool, i32, i64, list, mapOf, message, msg, str, strList,
  type ProtoPackage,
} from './descriptor.ts';
import type { IField } from 'protobufjs';

// Container and EphemeralContainerCommon carry the same fields under the same numbers upstream.
const containerFields: Record<string, IField> = {
  name: str(1, ALWAYS),
  image: str(2),
  command: strList(3),
  args: strList(4),
  workingDir: str(5),
  ports: list(`${CORE}ContainerPort`, 6),
  envFrom: list(`${CORE}EnvFromSource`, 19),
  env: list(`${CORE}EnvVar`, 7),
  // A value struct with omitempty, which Go ignores for structs: kubectl sends "resources": {}.
  resources: msg(`${CORE}ResourceRequirements`, 8, VALUE),
  resizePolicy: list(`${CORE}ContainerResizePolicy`, 23),
  restartPolicy: str(24, PTR),
  volumeMounts: list(`${CORE}VolumeMount`, 9),
  volumeDevices: list(`${CORE}VolumeDevice`, 21),
  livenessProbe: msg(`${CORE}Probe`, 10),
  readinessProbe: msg(`${CORE}Probe`, 11),
  startupProbe: msg(`${CORE}Probe`, 22),
  lifecycle: msg(`${CORE}Lifecycle`, 12),
  terminationMessagePath: str(13),
  terminationMessagePolicy: str(20),
  imagePullPolicy: str(14),
  securityContext: msg(`${CORE}SecurityContext`, 15),
  stdin: bool(16),
  stdinOnce: bool(17),
  tty: bool(18),
};

// LocalObjectReference is embedded with `json:",inline"` in the selector and env-source types.
const localRef = msg(`${CORE}LocalObjectReference`, 1, INLINE);

export const coreV1Container: ProtoPackage = {
  name: 'k8s.io.api.core.v1',
  types: {
    Container: message(containerFields),
    EphemeralContainerCommon: message(containerFields),
    EphemeralContainer: message({
      ephemeralContainerCommon: msg(`${CORE}EphemeralContainerCommon`, 1, INLINE),
      targetContainerName: str(2),
    }),
    ContainerPort: message({
      name: str(1),
      hostPort: i32(2),
      containerPort: i32(3, ALWAYS),
      protocol: str(4),
      hostIP: str(5),
    }),
    ContainerResizePolicy: message({
      resourceName: str(1, ALWAYS),
      restartPolicy: str(2, ALWAYS),
    }),
    EnvVar: message({
      name: str(1, ALWAYS),
      value: str(2),
      valueFrom: msg(`${CORE}EnvVarSource`, 3),
    }),
    EnvVarSource: message({
      fieldRef: msg(`${CORE}ObjectFieldSelector`, 1),
      resourceFieldRef: msg(`${CORE}ResourceFieldSelector`, 2),
      configMapKeyRef: msg(`${CORE}ConfigMapKeySelector`, 3),
      secretKeyRef: msg(`${CORE}SecretKeySelector`, 4),
    }),
    ObjectFieldSelector: message({
      apiVersion: str(1),
      fieldPath: str(2, ALWAYS),
    }),
    ResourceFieldSelector: message({
      containerName: str(1),
      resource: str(2, ALWAYS),
      // A value resource.Quantity: always in JSON, "0" when unset (as `kubectl get -o yaml` shows).
      divisor: msg(QUANTITY, 3, VALUE),
    }),
    ConfigMapKeySelector: message({ localObjectReference: localRef, key: str(2, ALWAYS), optional: bool(3, PTR) }),
    SecretKeySelector: message({ localObjectReference: localRef, key: str(2, ALWAYS), optional: bool(3, PTR) }),
    EnvFromSource: message({
      prefix: str(1),
      configMapRef: msg(`${CORE}ConfigMapEnvSource`, 2),
      secretRef: msg(`${CORE}SecretEnvSource`, 3),
    }),
    ConfigMapEnvSource: message({ localObjectReference: localRef, optional: bool(2, PTR) }),
    SecretEnvSource: message({ localObjectReference: localRef, optional: bool(2, PTR) }),
    LocalObjectReference: message({ name: str(1) }),
    ResourceRequirements: message({
      limits: mapOf(QUANTITY, 1),
      requests: mapOf(QUANTITY, 2),
      claims: list(`${CORE}ResourceClaim`, 3),
    }),
    ResourceClaim: message({ name: str(1, ALWAYS), request: str(2) }),
    Probe: message({
      handler: msg(`${CORE}ProbeHandler`, 1, INLINE),
      initialDelaySeconds: i32(2),
      timeoutSeconds: i32(3),
      periodSeconds: i32(4),
      successThreshold: i32(5),
      failureThreshold: i32(6),
      terminationGracePeriodSeconds: i64(7, PTR),
    }),
    ProbeHandler: message({
      exec: msg(`${CORE}ExecAction`, 1),
      httpGet: msg(`${CORE}HTTPGetAction`, 2),
      tcpSocket: msg(`${CORE}TCPSocketAction`, 3),
      grpc: msg(`${CORE}GRPCAction`, 4),
    }),
    ExecAction: message({ command: strList(1) }),
    HTTPGetAction: message({
      path: str(1),
      port: msg(INT_OR_STRING, 2, VALUE),
      host: str(3),
      scheme: str(4),
      httpHeaders: list(`${CORE}HTTPHeader`, 5),
    }),
    HTTPHeader: message({ name: str(1, ALWAYS), value: str(2, ALWAYS) }),
    TCPSocketAction: message({ port: msg(INT_OR_STRING, 1, VALUE), host: str(2) }),
    // service is `*string json:"service"`: a nil pointer without omitempty is null.
    GRPCAction: message({ port: i32(1, ALWAYS), service: str(2, PTR_ALWAYS) }),
    Lifecycle: message({
      postStart: msg(`${CORE}LifecycleHandler`, 1),
      preStop: msg(`${CORE}LifecycleHandler`, 2),
      stopSignal: str(3, PTR),
    }),
    LifecycleHandler: message({
      exec: msg(`${CORE}ExecAction`, 1),
      httpGet: msg(`${CORE}HTTPGetAction`, 2),
      tcpSocket: msg(`${CORE}TCPSocketAction`, 3),
      sleep: msg(`${CORE}SleepAction`, 4),
    }),
    SleepAction: message({ seconds: i64(1, ALWAYS) }),
    VolumeMount: message({
      name: str(1, ALWAYS),
      readOnly: bool(2),
      recursiveReadOnly: str(7, PTR),
      mountPath: str(3, ALWAYS),
      subPath: str(4),
      mountPropagation: str(5, PTR),
      subPathExpr: str(6),
    }),
    VolumeDevice: message({ name: str(1, ALWAYS), devicePath: str(2, ALWAYS) }),
    SecurityContext: message({
      capabilities: msg(`${CORE}Capabilities`, 1),
      privileged: bool(2, PTR),
      seLinuxOptions: msg(`${CORE}SELinuxOptions`, 3),
      windowsOptions: msg(`${CORE}WindowsSecurityContextOptions`, 10),
      runAsUser: i64(4, PTR),
      runAsGroup: i64(8, PTR),
      runAsNonRoot: bool(5, PTR),
      readOnlyRootFilesystem: bool(6, PTR),
      allowPrivilegeEscalation: bool(7, PTR),
      procMount: str(9, PTR),
      seccompProfile: msg(`${CORE}SeccompProfile`, 11),
      appArmorProfile: msg(`${CORE}AppArmorProfile`, 12),
    }),
    Capabilities: message({ add: strList(1), drop: strList(2) }),
    SELinuxOptions: message({ user: str(1), role: str(2), type: str(3), level: str(4) }),
    WindowsSecurityContextOptions: message({
      gmsaCredentialSpecName: str(1, PTR),
      gmsaCredentialSpec: str(2, PTR),
      runAsUserName: str(3, PTR),
      hostProcess: bool(4, PTR),
    }),
    SeccompProfile: message({ type: str(1, ALWAYS), localhostProfile: str(2, PTR) }),
    AppArmorProfile: message({ type: str(1, ALWAYS), localhostProfile: str(2, PTR) }),
  },
};
