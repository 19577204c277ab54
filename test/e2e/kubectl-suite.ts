// What a user does with kubectl against kubesvc, as assertions on what kubectl prints. One suite,
// run on each store (kubectl-sqlite.test.ts, kubectl-etcd.test.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../src/storage/store.ts';
import { startTestCluster, type TestCluster } from '../support/api-server.ts';

export interface SuiteStore {
  readonly name: string;
  readonly skip?: string;
  open?(): Promise<{ store: Store; close(): Promise<void> }>;
}

const serviceYaml = (name: string, targetPort: number, extraPort = '') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  selector: {app: ${name}}
  ports:
  - name: http
    port: 80
    targetPort: ${targetPort}
${extraPort}`;

export function describeKubectlSuite(target: SuiteStore): void {
  describe(`kubectl against kubesvc (${target.name} store)`, { skip: target.skip }, () => {
    let cluster: TestCluster;
    let closeStore: (() => Promise<void>) | undefined;

    before(async () => {
      const opened = await target.open?.();
      closeStore = opened?.close;
      cluster = await startTestCluster(opened ? { store: opened.store } : {});
    });
    after(async () => {
      await cluster?.stop();
      await closeStore?.();
    });

    async function ok(args: string[], input?: string): Promise<string> {
      const result = await cluster.kubectl(args, input);
      assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
      return result.stdout;
    }

    it('reports its version and every resource with upstream short names', async () => {
      assert.match(await ok(['version']), /Server Version: v1\.32/);
      const resources = await ok(['api-resources']);
      for (const line of [/^services\s+svc\s+v1\s+true\s+Service$/m, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m,
        /^endpointslices\s+discovery\.k8s\.io\/v1\s+true\s+EndpointSlice$/m, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m]) {
        assert.match(resources, line);
      }
    });

    it('has the system namespaces and the kubernetes Service on the first service IP', async () => {
      assert.match(await ok(['get', 'ns']), /default\s+Active[\s\S]*kube-node-lease\s+Active[\s\S]*kube-public\s+Active[\s\S]*kube-system\s+Active/);
      assert.match(await ok(['get', 'svc', 'kubernetes']), /kubernetes\s+ClusterIP\s+127\.96\.0\.1\s+<none>\s+443\/TCP/);
    });

    it('creates from a file, applies, and re-applies after a live change', async () => {
      assert.match(await ok(['create', '-f', '-'], serviceYaml('created', 8080)), /service\/created created/);
      assert.match(await ok(['apply', '-f', '-'], serviceYaml('applied', 8080)), /service\/applied created/);
      await ok(['label', 'svc', 'applied', 'live=change']);
      const twoPorts = serviceYaml('applied', 9090, '  - name: metrics\n    port: 9100\n');
      assert.match(await ok(['apply', '-f', '-'], twoPorts), /service\/applied configured/);
      const ports = await ok(['get', 'svc', 'applied', '-o', 'jsonpath={range .spec.ports[*]}{.name}:{.port}->{.targetPort} {end}{.metadata.labels.live}']);
      assert.equal(ports, 'http:80->9090 metrics:9100->9100 change');
      assert.match(await ok(['apply', '-f', '-'], twoPorts), /service\/applied unchanged/);
      // Dropping a port from the manifest removes it from the live object (three-way merge).
      assert.match(await ok(['apply', '-f', '-'], serviceYaml('applied', 9090)), /configured/);
      assert.equal(await ok(['get', 'svc', 'applied', '-o', 'jsonpath={.spec.ports[*].name}']), 'http');
    });

    it('applies on the server side, creating and then merging', async () => {
      assert.match(await ok(['apply', '--server-side', '-f', '-'], serviceYaml('ssa', 8080)), /service\/ssa serverside-applied/);
      assert.match(await ok(['apply', '--server-side', '-f', '-'], serviceYaml('ssa', 8081)), /service\/ssa serverside-applied/);
      assert.equal(await ok(['get', 'svc', 'ssa', '-o', 'jsonpath={.spec.ports[0].targetPort}']), '8081');
    });

    it('server-side apply: conflicts with another manager need --force-conflicts; managedFields record owners', async () => {
      const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: owned}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: owned}}
  template:
    metadata: {labels: {app: owned}}
    spec: {containers: [{name: main, image: nginx}]}
`;
      await ok(['apply', '--server-side', '-f', '-'], deployment(2));
      await ok(['scale', 'deploy/owned', '--replicas=3']);
      const conflict = await cluster.kubectl(['apply', '--server-side', '-f', '-'], deployment(2));
      assert.equal(conflict.code, 1);
      // kubectl scale names no field manager, so upstream attributes it to the client program.
      assert.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1: \.spec\.replicas/);
      assert.equal(await ok(['get', 'deploy', 'owned', '-o', 'jsonpath={.spec.replicas}']), '3', 'a refused apply changes nothing');
      await ok(['apply', '--server-side', '--force-conflicts', '-f', '-'], deployment(2));
      assert.equal(await ok(['get', 'deploy', 'owned', '-o', 'jsonpath={.spec.replicas}']), '2');
      const managers = await ok(['get', 'deploy', 'owned', '--show-managed-fields', '-o', 'jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation} {end}']);
      assert.match(managers, /kubectl\/Apply/);
      // A label selector is an atomic struct upstream: its applier owns it as one field.
      const live = JSON.parse(await ok(['get', 'deploy', 'owned', '--show-managed-fields', '-o', 'json']));
      const applied = live.metadata.managedFields.find((m: { operation: string }) => m.operation === 'Apply');
      assert.deepEqual(applied.fieldsV1['f:spec']['f:selector'], {});
    });

    it("runs kubectl's create generators, which send protobuf", async () => {
      assert.match(await ok(['create', 'namespace', 'team-a']), /namespace\/team-a created/);
      assert.match(await ok(['create', 'deployment', 'api', '--image=nginx', '--replicas=2', '--port=8080', '-n', 'team-a']), /deployment\.apps\/api created/);
      assert.match(await ok(['create', 'service', 'clusterip', 'api', '--tcp=80:8080', '-n', 'team-a']), /service\/api created/);
      assert.match(await ok(['create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080', '-n', 'team-a']), /service\/np created/);
      const wide = await ok(['get', 'svc', '-n', 'team-a', '-o', 'wide']);
      assert.match(wide, /^api\s+ClusterIP\s+127\.96\.\d+\.\d+\s+<none>\s+80\/TCP\s+\S+\s+app=api$/m);
      assert.match(wide, /^np\s+NodePort\s+127\.96\.\d+\.\d+\s+<none>\s+80:30080\/TCP\s+\S+\s+app=np$/m);
      assert.match(await ok(['get', 'deploy', '-n', 'team-a', '-o', 'wide']), /^api\s+0\/2\s+0\s+0\s+\S+\s+nginx\s+nginx\s+app=api$/m);
    });

    it('lists across namespaces, by label, by field, with labels shown, and as YAML', async () => {
      assert.match(await ok(['get', 'svc', '-A']), /^team-a\s+api\s+ClusterIP/m);
      assert.match(await ok(['get', 'svc', '-A', '-l', 'app=np']), /^team-a\s+np\s+NodePort/m);
      assert.doesNotMatch(await ok(['get', 'svc', '-A', '-l', 'app=np']), /kubernetes/);
      assert.match(await ok(['get', 'svc', '-A', '--field-selector', 'spec.type=NodePort']), /^team-a\s+np\s+/m);
      assert.match(await ok(['get', 'svc', 'created', '--show-labels']), /app=created$/m);
      const yaml = await ok(['get', 'svc', 'created', '-o', 'yaml']);
      for (const line of [/^ {2}uid: [0-9a-f-]{36}$/m, /^ {2}resourceVersion: "\d+"$/m, /^ {2}sessionAffinity: None$/m, /^ {2}ipFamilyPolicy: SingleStack$/m, /^ {4}targetPort: 8080$/m]) {
        assert.match(yaml, line);
      }
    });

    it('labels, annotates, scales, sets images, restarts rollouts and patches three ways', async () => {
      await ok(['label', 'svc', 'created', 'tier=front']);
      await ok(['annotate', 'svc', 'created', 'owner=team-a']);
      assert.match(await ok(['scale', 'deploy/api', '--replicas=5', '-n', 'team-a']), /scaled/);
      assert.match(await ok(['set', 'image', 'deploy/api', 'nginx=nginx:1.27', '-n', 'team-a']), /image updated/);
      assert.match(await ok(['rollout', 'restart', 'deploy/api', '-n', 'team-a']), /restarted/);
      const deploy = await ok(['get', 'deploy', 'api', '-n', 'team-a', '-o',
        'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.metadata.generation} {.spec.template.metadata.annotations}']);
      assert.match(deploy, /^5 nginx:1\.27 4 .*kubectl\.kubernetes\.io\/restartedAt/);

      await ok(['patch', 'svc', 'created', '-p', '{"spec":{"ports":[{"name":"http","port":80,"targetPort":81}]}}']);
      await ok(['patch', 'svc', 'created', '--type=merge', '-p', '{"metadata":{"labels":{"merge":"yes"}}}']);
      await ok(['patch', 'svc', 'created', '--type=json', '-p', '[{"op":"add","path":"/metadata/labels/json","value":"yes"}]']);
      assert.equal(
        await ok(['get', 'svc', 'created', '-o', 'jsonpath={.spec.ports[0].targetPort} {.metadata.labels.tier} {.metadata.labels.merge} {.metadata.labels.json} {.metadata.annotations.owner}']),
        '81 front yes yes team-a',
      );
    });

    it('explains fields from the served OpenAPI', async () => {
      const text = await ok(['explain', 'service.spec.ports']);
      assert.match(text, /FIELD: ports <\[\]ServicePort>/);
      assert.match(text, /port\s+<integer> -required-/);
      // kubectl's template prints a primitive ref target's type: IntOrString is a string there.
      assert.match(text, /targetPort\s+<string>/);
      assert.match(text, /selector\s+<Object>|protocol\s+<string>/);
    });

    it('watches with get -w: the stream stays open and prints each change', async () => {
      const watch = cluster.spawnKubectl(['get', 'svc', '-w']);
      try {
        await watch.waitFor(/^kubernetes\s+ClusterIP/m);
        await ok(['create', 'service', 'clusterip', 'watched', '--tcp=80:80']);
        await watch.waitFor(/^watched\s+ClusterIP\s+127\.96\./m);
        await ok(['label', 'svc', 'watched', 'seen=yes']);
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.ok(watch.running(), `kubectl get -w exited:\n${watch.output()}`);
        assert.equal(watch.output().match(/^watched\s/gm)?.length, 2, 'one line for the create, one for the label');
      } finally {
        watch.stop();
      }
    });

    it('describes a service with its endpoints and events', async () => {
      await ok(['create', 'service', 'clusterip', 'described', '--tcp=80:8080']);
      const uid = await ok(['get', 'svc', 'described', '-o', 'jsonpath={.metadata.uid}']);
      const event = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'described.1', namespace: 'default' },
        involvedObject: { apiVersion: 'v1', kind: 'Service', name: 'described', namespace: 'default', uid },
        reason: 'Tested',
        message: 'the test says hello',
        type: 'Normal',
        source: { component: 'e2e' },
        count: 1,
        firstTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        lastTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      };
      await ok(['create', '-f', '-'], JSON.stringify(event));
      const text = await ok(['describe', 'svc', 'described']);
      assert.match(text, /^Name:\s+described$/m);
      assert.match(text, /^IP:\s+127\.96\.\d+\.\d+$/m);
      assert.match(text, /^Port:\s+80-8080\s+80\/TCP$/m);
      assert.match(text, /^TargetPort:\s+8080\/TCP$/m);
      assert.match(text, /^\s+Normal\s+Tested\s+\S+\s+e2e\s+the test says hello$/m);
    });

    it('deletes and its wait completes', async () => {
      assert.match(await ok(['delete', 'svc', 'created']), /service "created" deleted/);
      const result = await cluster.kubectl(['get', 'svc', 'created']);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /Error from server \(NotFound\): services "created" not found/);
    });
  });
}
