// The non-core groups kubesvc serves: apps/v1, discovery.k8s.io/v1, coordination.k8s.io/v1,
// autoscaling/v1 (the Scale subresource), and the self reviews of authentication.k8s.io/v1 and
// authorization.k8s.io/v1 (what `kubectl auth whoami` and `kubectl auth can-i` send).
// Field numbers: staging/src/k8s.io/api/{apps,discovery,coordination,autoscaling,authentication,
// authorization}/v1/generated.proto.
// JSON semantics: the matching types.go files.
import {
  ALWAYS, CORE, INT_OR_STRING, LABEL_SELECTOR, META, MICRO_TIME, OBJECT_META, PTR, TIME, VALUE,
  bool, i32, i64, list, mapOf, message, msg, str, strList,
  type ProtoPackage,
} from './descriptor.ts';

const metadata = msg(OBJECT_META, 1, VALUE);
const APPS = '.k8s.io.api.apps.v1.';
const DISCOVERY = '.k8s.io.api.discovery.v1.';

export const appsV1: ProtoPackage = {
  name: 'k8s.io.api.apps.v1',
  types: {
    Deployment: message({
      metadata,
      spec: msg(`${APPS}DeploymentSpec`, 2, VALUE),
      status: msg(`${APPS}DeploymentStatus`, 3, VALUE),
    }),
    DeploymentSpec: message({
      replicas: i32(1, PTR),
      // `*LabelSelector json:"selector"`: no omitempty, so nil is null.
      selector: msg(LABEL_SELECTOR, 2, ALWAYS),
      template: msg(`${CORE}PodTemplateSpec`, 3, VALUE),
      strategy: msg(`${APPS}DeploymentStrategy`, 4, VALUE),
      minReadySeconds: i32(5),
      revisionHistoryLimit: i32(6, PTR),
      paused: bool(7),
      progressDeadlineSeconds: i32(9, PTR),
    }),
    DeploymentStrategy: message({
      type: str(1),
      rollingUpdate: msg(`${APPS}RollingUpdateDeployment`, 2),
    }),
    RollingUpdateDeployment: message({
      maxUnavailable: msg(INT_OR_STRING, 1),
      maxSurge: msg(INT_OR_STRING, 2),
    }),
    DeploymentStatus: message({
      observedGeneration: i64(1),
      replicas: i32(2),
      updatedReplicas: i32(3),
      readyReplicas: i32(7),
      availableReplicas: i32(4),
      unavailableReplicas: i32(5),
      conditions: list(`${APPS}DeploymentCondition`, 6),
      collisionCount: i32(8, PTR),
    }),
    DeploymentCondition: message({
      type: str(1, ALWAYS),
      status: str(2, ALWAYS),
      lastUpdateTime: msg(TIME, 6, VALUE),
      lastTransitionTime: msg(TIME, 7, VALUE),
      reason: str(4),
      message: str(5),
    }),
    ReplicaSet: message({
      metadata,
      spec: msg(`${APPS}ReplicaSetSpec`, 2, VALUE),
      status: msg(`${APPS}ReplicaSetStatus`, 3, VALUE),
    }),
    ReplicaSetSpec: message({
      replicas: i32(1, PTR),
      minReadySeconds: i32(4),
      selector: msg(LABEL_SELECTOR, 2, ALWAYS),
      template: msg(`${CORE}PodTemplateSpec`, 3, VALUE),
    }),
    ReplicaSetStatus: message({
      replicas: i32(1, ALWAYS),
      fullyLabeledReplicas: i32(2),
      readyReplicas: i32(4),
      availableReplicas: i32(5),
      observedGeneration: i64(3),
      conditions: list(`${APPS}ReplicaSetCondition`, 6),
    }),
    ReplicaSetCondition: message({
      type: str(1, ALWAYS),
      status: str(2, ALWAYS),
      lastTransitionTime: msg(TIME, 3, VALUE),
      reason: str(4),
      message: str(5),
    }),
  },
};

export const discoveryV1: ProtoPackage = {
  name: 'k8s.io.api.discovery.v1',
  types: {
    EndpointSlice: message({
      metadata,
      addressType: str(4, ALWAYS),
      endpoints: list(`${DISCOVERY}Endpoint`, 2, ALWAYS),
      ports: list(`${DISCOVERY}EndpointPort`, 3, ALWAYS),
    }),
    Endpoint: message({
      addresses: strList(1, ALWAYS),
      conditions: msg(`${DISCOVERY}EndpointConditions`, 2, VALUE),
      hostname: str(3, PTR),
      targetRef: msg(`${CORE}ObjectReference`, 4),
      deprecatedTopology: mapOf('string', 5),
      nodeName: str(6, PTR),
      zone: str(7, PTR),
      hints: msg(`${DISCOVERY}EndpointHints`, 8),
    }),
    EndpointConditions: message({
      ready: bool(1, PTR),
      serving: bool(2, PTR),
      terminating: bool(3, PTR),
    }),
    // forNodes (1.33) is not declared: its field number was not in the upstream file read.
    EndpointHints: message({ forZones: list(`${DISCOVERY}ForZone`, 1) }),
    ForZone: message({ name: str(1, ALWAYS) }),
    // Every field of discovery/v1 EndpointPort is a pointer.
    EndpointPort: message({
      name: str(1, PTR),
      protocol: str(2, PTR),
      port: i32(3, PTR),
      appProtocol: str(4, PTR),
    }),
  },
};

export const coordinationV1: ProtoPackage = {
  name: 'k8s.io.api.coordination.v1',
  types: {
    Lease: message({ metadata, spec: msg('.k8s.io.api.coordination.v1.LeaseSpec', 2, VALUE) }),
    // Every LeaseSpec field is a pointer.
    LeaseSpec: message({
      holderIdentity: str(1, PTR),
      leaseDurationSeconds: i32(2, PTR),
      acquireTime: msg(MICRO_TIME, 3),
      renewTime: msg(MICRO_TIME, 4),
      leaseTransitions: i32(5, PTR),
      strategy: str(6, PTR),
      preferredHolder: str(7, PTR),
    }),
  },
};

export const autoscalingV1: ProtoPackage = {
  name: 'k8s.io.api.autoscaling.v1',
  types: {
    Scale: message({
      metadata,
      spec: msg('.k8s.io.api.autoscaling.v1.ScaleSpec', 2, VALUE),
      status: msg('.k8s.io.api.autoscaling.v1.ScaleStatus', 3, VALUE),
    }),
    ScaleSpec: message({ replicas: i32(1) }),
    ScaleStatus: message({ replicas: i32(1, ALWAYS), selector: str(2) }),
  },
};

const AUTHN = '.k8s.io.api.authentication.v1.';
const AUTHZ = '.k8s.io.api.authorization.v1.';

export const authenticationV1: ProtoPackage = {
  name: 'k8s.io.api.authentication.v1',
  types: {
    SelfSubjectReview: message({ metadata, status: msg(`${AUTHN}SelfSubjectReviewStatus`, 2, VALUE) }),
    SelfSubjectReviewStatus: message({ userInfo: msg(`${AUTHN}UserInfo`, 1, VALUE) }),
    // extra (4, a map of string lists) is left out: it is only ever the server's to fill in, and
    // an unknown field is skipped on decode.
    UserInfo: message({ username: str(1), uid: str(2), groups: strList(3) }),
  },
};

export const authorizationV1: ProtoPackage = {
  name: 'k8s.io.api.authorization.v1',
  types: {
    SelfSubjectAccessReview: message({
      metadata,
      spec: msg(`${AUTHZ}SelfSubjectAccessReviewSpec`, 2, VALUE),
      status: msg(`${AUTHZ}SubjectAccessReviewStatus`, 3, VALUE),
    }),
    SelfSubjectAccessReviewSpec: message({
      resourceAttributes: msg(`${AUTHZ}ResourceAttributes`, 1),
      nonResourceAttributes: msg(`${AUTHZ}NonResourceAttributes`, 2),
    }),
    ResourceAttributes: message({
      namespace: str(1),
      verb: str(2),
      group: str(3),
      version: str(4),
      resource: str(5),
      subresource: str(6),
      name: str(7),
      fieldSelector: msg(`${AUTHZ}FieldSelectorAttributes`, 8),
      labelSelector: msg(`${AUTHZ}LabelSelectorAttributes`, 9),
    }),
    FieldSelectorAttributes: message({ rawSelector: str(1), requirements: list(`${AUTHZ}FieldSelectorRequirement`, 2) }),
    FieldSelectorRequirement: message({ key: str(1, ALWAYS), operator: str(2, ALWAYS), values: strList(3) }),
    LabelSelectorAttributes: message({ rawSelector: str(1), requirements: list(`${META}LabelSelectorRequirement`, 2) }),
    NonResourceAttributes: message({ path: str(1), verb: str(2) }),
    // `allowed` has no omitempty; the rest do.
    SubjectAccessReviewStatus: message({ allowed: bool(1, ALWAYS), denied: bool(4), reason: str(2), evaluationError: str(3) }),
    SelfSubjectRulesReview: message({
      metadata,
      spec: msg(`${AUTHZ}SelfSubjectRulesReviewSpec`, 2, VALUE),
      status: msg(`${AUTHZ}SubjectRulesReviewStatus`, 3, VALUE),
    }),
    SelfSubjectRulesReviewSpec: message({ namespace: str(1) }),
    SubjectRulesReviewStatus: message({
      resourceRules: list(`${AUTHZ}ResourceRule`, 1, ALWAYS),
      nonResourceRules: list(`${AUTHZ}NonResourceRule`, 2, ALWAYS),
      incomplete: bool(3, ALWAYS),
      evaluationError: str(4),
    }),
    ResourceRule: message({ verbs: strList(1, ALWAYS), apiGroups: strList(2), resources: strList(3), resourceNames: strList(4) }),
    NonResourceRule: message({ verbs: strList(1, ALWAYS), nonResourceURLs: strList(2) }),
  },
};
