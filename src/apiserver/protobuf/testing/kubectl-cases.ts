// The kubectl commands whose protobuf request bodies are captured as fixtures, and how the JSON
// each body must decode to is obtained — always printed by kubectl's own Go encoding/json:
// - 'dry-run': the same command with `--dry-run=client -o json`, i.e. the object kubectl built,
//   exactly what kubectl would have sent as application/json;
// - goRender, for `kubectl debug`, which has no dry-run: the pod kubectl debug creates (built
//   here from the inputs we fed it plus the edits it documents) is handed to
//   `kubectl run --dry-run=client -o json --overrides` with `$patch: replace`, so Go decodes it
//   into a typed Pod and prints it: pointer, omitempty and null rules all come from Go.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../../../../test/fixtures/protobuf/', import.meta.url));
export const INPUTS_DIR = `${FIXTURES_DIR}inputs/`;

type Json = Record<string, unknown>;

export interface KubectlCase {
  /** Fixture base name: `<name>.bin` (captured body) and `<name>.json` (expected object). */
  readonly name: string;
  /** kubectl arguments; relative file names resolve in INPUTS_DIR (kubectl runs there). */
  readonly args: readonly string[];
  readonly expected: 'dry-run' | { readonly goRender: () => Json } | { readonly unknownKind: string };
  /** Objects the fake server answers GETs with: URL path → input file. */
  readonly objects?: Readonly<Record<string, string>>;
  /** Replaces run-dependent values (generated names) so runs compare equal. */
  readonly normalize?: (object: Json) => void;
}

function readInput(file: string): Json {
  return JSON.parse(readFileSync(`${INPUTS_DIR}${file}`, 'utf8')) as Json;
}

const RANDOM_DEBUG_NAME = /^node-debugger-n1-[a-z0-9]+$/;
const DEBUGGER_NAME = 'node-debugger-n1-<random>';

/** `kubectl debug node/n1` names its pod node-debugger-n1-<random>. */
function normalizeDebuggerName(object: Json): void {
  const metadata = object.metadata as Json | undefined;
  if (metadata && typeof metadata.name === 'string' && RANDOM_DEBUG_NAME.test(metadata.name)) {
    metadata.name = DEBUGGER_NAME;
  }
}

/**
 * The pod `kubectl debug node/n1 --profile=sysadmin --custom=debug-custom.json` creates: the
 * node-debugging skeleton (host namespaces, the node's root at /host, tolerate everything,
 * privileged) with the custom partial container spec merged into the debugger container.
 * Quantities come back canonical ("0.1" → "100m") because kubectl parsed them in Go.
 */
function debugNodePod(): Json {
  const custom = readInput('debug-custom.json');
  const env = custom.env as Json[];
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    // Any valid name: normalizeDebuggerName replaces it on both sides.
    metadata: { name: 'node-debugger-n1-x7k2q' },
    spec: {
      volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
      containers: [
        {
          name: 'debugger',
          image: 'busybox',
          args: custom.args,
          workingDir: custom.workingDir,
          ports: custom.ports,
          envFrom: custom.envFrom,
          env,
          resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } },
          volumeMounts: [{ name: 'host-root', mountPath: '/host' }],
          livenessProbe: custom.livenessProbe,
          readinessProbe: custom.readinessProbe,
          terminationMessagePolicy: 'File',
          securityContext: { privileged: true },
        },
      ],
      restartPolicy: 'Never',
      nodeName: 'n1',
      hostNetwork: true,
      hostPID: true,
      hostIPC: true,
      tolerations: [{ operator: 'Exists' }],
    },
  };
}

/**
 * The copy `kubectl debug rich --copy-to=rich-copy --set-image=*=busybox:1.36 --keep-… --same-node
 * --share-processes=false` creates from the served rich-pod.json: new metadata with only name,
 * namespace, labels and annotations kept; the whole spec as served except every container's image
 * and shareProcessNamespace (a *bool, so an explicit false); no status.
 */
function copiedRichPod(): Json {
  const pod = readInput('rich-pod.json');
  const metadata = pod.metadata as Json;
  const spec = pod.spec as Json;
  const containers = (spec.containers as Json[]).map((c) => ({ ...c, image: 'busybox:1.36' }));
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: 'rich-copy', namespace: metadata.namespace, labels: metadata.labels, annotations: metadata.annotations },
    spec: { ...spec, containers, shareProcessNamespace: false },
  };
}

export const KUBECTL_CASES: readonly KubectlCase[] = [
  { name: 'namespace', args: ['create', 'namespace', 'team-a'], expected: 'dry-run' },
  {
    name: 'deployment',
    args: ['create', 'deployment', 'web', '--image=nginx', '--replicas=3', '--port=8080'],
    expected: 'dry-run',
  },
  {
    // --replicas=0 is a *int32 holding 0: it must survive as "replicas": 0, not be dropped.
    name: 'deployment-zero-replicas-command',
    args: ['create', 'deployment', 'idle', '--image=busybox', '--replicas=0', '--', 'sleep', '3600'],
    expected: 'dry-run',
  },
  {
    name: 'deployment-two-images',
    args: ['create', 'deployment', 'multi', '--image=nginx', '--image=redis:7'],
    expected: 'dry-run',
  },
  { name: 'service-clusterip', args: ['create', 'service', 'clusterip', 's', '--tcp=80:8080'], expected: 'dry-run' },
  {
    name: 'service-clusterip-headless',
    args: ['create', 'service', 'clusterip', 'headless', '--clusterip=None', '--tcp=5432'],
    expected: 'dry-run',
  },
  {
    name: 'service-nodeport',
    args: ['create', 'service', 'nodeport', 'n', '--tcp=80:8080', '--node-port=30080'],
    expected: 'dry-run',
  },
  {
    // A named target port: IntOrString with type 1.
    name: 'service-loadbalancer',
    args: ['create', 'service', 'loadbalancer', 'lb', '--tcp=443:https', '--tcp=80:8080'],
    expected: 'dry-run',
  },
  {
    name: 'service-externalname',
    args: ['create', 'service', 'externalname', 'e', '--external-name=example.com'],
    expected: 'dry-run',
  },
  {
    name: 'configmap',
    args: ['create', 'configmap', 'c', '--from-literal=a=b', '--from-literal=empty=', '--from-file=note.txt'],
    expected: 'dry-run',
  },
  {
    // Non-UTF-8 file content goes to binaryData (map<string, bytes> → base64 strings).
    name: 'configmap-binary',
    args: ['create', 'configmap', 'bin', '--from-file=blob.bin'],
    expected: 'dry-run',
  },
  {
    name: 'secret-generic',
    args: ['create', 'secret', 'generic', 's', '--from-literal=k=v', '--from-file=blob.bin'],
    expected: 'dry-run',
  },
  {
    name: 'secret-tls',
    args: ['create', 'secret', 'tls', 'tls', '--cert=tls.crt', '--key=tls.key'],
    expected: 'dry-run',
  },
  {
    name: 'secret-docker-registry',
    args: [
      'create', 'secret', 'docker-registry', 'reg',
      '--docker-username=u', '--docker-password=p', '--docker-server=registry.example', '--docker-email=u@example.com',
    ],
    expected: 'dry-run',
  },
  {
    name: 'pod-debug-node',
    args: ['debug', 'node/n1', '--image=busybox', '--profile=sysadmin', '--custom=debug-custom.json'],
    expected: { goRender: debugNodePod },
    objects: { '/api/v1/nodes/n1': 'node-n1.json' },
    normalize: normalizeDebuggerName,
  },
  {
    name: 'pod-copy-rich',
    args: [
      'debug', 'rich', '--copy-to=rich-copy', '--set-image=*=busybox:1.36', '--profile=legacy',
      '--keep-labels', '--keep-annotations', '--keep-liveness', '--keep-readiness', '--keep-startup',
      '--same-node', '--share-processes=false',
    ],
    expected: { goRender: copiedRichPod },
    objects: { '/api/v1/namespaces/default/pods/rich': 'rich-pod.json' },
  },
  {
    // ServiceAccount is not served: the decoder must refuse it by kind, not guess.
    name: 'serviceaccount',
    args: ['create', 'serviceaccount', 'robot'],
    expected: { unknownKind: 'ServiceAccount' },
  },
];

export function loadInput(file: string): Json {
  return readInput(file);
}
