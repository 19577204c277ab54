// Runs one KubectlCase against a fake API server: the captured protobuf write, and the JSON the
// body must decode to, obtained from the same kubectl (see kubectl-cases.ts).
import { INPUTS_DIR, loadInput, type KubectlCase } from './kubectl-cases.ts';
import { captureProtobufWrite, runKubectl, type CapturedRequest, type FakeApiServer } from './kubectl-capture.ts';

export type CaseExpectation = { readonly object: Record<string, unknown> } | { readonly unknownKind: string };

export interface CapturedCase {
  readonly request: CapturedRequest;
  readonly expectation: CaseExpectation;
}

export async function captureCase(server: FakeApiServer, c: KubectlCase): Promise<CapturedCase> {
  for (const [path, file] of Object.entries(c.objects ?? {})) server.objects.set(path, loadInput(file));
  const request = await captureProtobufWrite(server, c.args, INPUTS_DIR);
  return { request, expectation: await expectationFor(server, c) };
}

type Json = Record<string, unknown>;

async function expectationFor(server: FakeApiServer, c: KubectlCase): Promise<CaseExpectation> {
  if (c.expected !== 'dry-run' && 'unknownKind' in c.expected) return { unknownKind: c.expected.unknownKind };
  let args: string[];
  let pod: Json | undefined;
  if (c.expected === 'dry-run') {
    // Flags go before a `--`, after which kubectl passes arguments to the container command.
    const end = c.args.includes('--') ? c.args.indexOf('--') : c.args.length;
    args = [...c.args.slice(0, end), '--dry-run=client', '-o', 'json', ...c.args.slice(end)];
  } else {
    pod = c.expected.goRender();
    args = goRenderArgs(pod);
  }
  const result = await runKubectl(args, { server: server.url, cwd: INPUTS_DIR });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr}`);
  const object = JSON.parse(result.stdout) as Json;
  if (pod) undoRunDefaults(pod, object);
  c.normalize?.(object);
  return { object };
}

/**
 * `kubectl run` arguments that make kubectl print `pod` through Go's encoding/json: the overrides
 * replace the generated pod's metadata and spec wholesale; --labels and --restart carry the pod's
 * own values for the two things kubectl run sets after applying overrides.
 */
function goRenderArgs(pod: Json): string[] {
  const metadata = pod.metadata as Json;
  const spec = pod.spec as Json;
  const labels = Object.entries((metadata.labels ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`);
  const overrides = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...metadata, $patch: 'replace' },
    spec: { ...(pod.spec as Json), $patch: 'replace' },
  };
  return [
    'run', String(metadata.name), '--image=unused', '--dry-run=client', '-o', 'json',
    `--overrides=${JSON.stringify(overrides)}`,
    ...(labels.length > 0 ? [`--labels=${labels.join(',')}`] : []),
    ...(typeof spec.restartPolicy === 'string' ? [`--restart=${spec.restartPolicy}`] : []),
  ];
}

/** kubectl run fills in what the pod left empty (run=<name> label, ClusterFirst); take it out. */
function undoRunDefaults(pod: Json, rendered: Json): void {
  const metadata = rendered.metadata as Json;
  if (!(pod.metadata as Json).labels) delete metadata.labels;
  if (!('dnsPolicy' in (pod.spec as Json))) delete (rendered.spec as Json).dnsPolicy;
}
