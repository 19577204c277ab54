// kubectl with `kind: List` files (what `kubectl get a b -o yaml` writes). The server validates
// one object at a time, so for a List kubectl validates on the client, against the Swagger 2.0
// document it downloads from /openapi/v2 as gnostic protobuf; without that document every such
// command failed with "the server could not find the requested resource".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestCluster, type TestCluster } from '../support/api-server.ts';

const list = (name: string, serviceSpecExtra = '') => `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: ${name}}
  data: {greeting: hello}
- apiVersion: v1
  kind: Service
  metadata: {name: ${name}}
  spec:
    selector: {app: ${name}}
    ports:
    - name: http
      port: 80
      targetPort: 8080
${serviceSpecExtra}`;

describe('kubectl with kind: List files (client-side validation from /openapi/v2)', () => {
  let cluster: TestCluster;

  before(async () => {
    cluster = await startTestCluster();
  });
  after(async () => {
    await cluster?.stop();
  });

  async function ok(args: string[], input?: string): Promise<string> {
    const result = await cluster.kubectl(args, input);
    assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
    return result.stdout;
  }

  it('apply -f creates every item of the List, then finds them unchanged', async () => {
    const created = await ok(['apply', '-f', '-'], list('applied'));
    assert.match(created, /^configmap\/applied created$/m);
    assert.match(created, /^service\/applied created$/m);
    assert.equal(await ok(['get', 'cm', 'applied', '-o', 'jsonpath={.data.greeting}']), 'hello');
    assert.equal(await ok(['get', 'svc', 'applied', '-o', 'jsonpath={.spec.ports[0].targetPort}']), '8080');
    const again = await ok(['apply', '-f', '-'], list('applied'));
    assert.match(again, /^configmap\/applied unchanged$/m);
    assert.match(again, /^service\/applied unchanged$/m);
  });

  it('apply -f of a List with an unknown field fails client-side, naming the field, and creates nothing', async () => {
    const result = await cluster.kubectl(['apply', '-f', '-'], list('invalid', '    portz: 3\n'));
    assert.equal(result.code, 1, result.stdout);
    assert.match(
      result.stderr,
      /error validating "STDIN": error validating data: ValidationError\(Service\.spec\): unknown field "portz" in io\.k8s\.api\.core\.v1\.ServiceSpec; if you choose to ignore these errors, turn validation off with --validate=false/,
    );
    assert.equal((await cluster.kubectl(['get', 'cm', 'invalid'])).code, 1, 'the valid ConfigMap of a rejected List is not created');
  });

  it('a wrong type is caught too', async () => {
    const result = await cluster.kubectl(['create', '-f', '-'], list('typed').replace('port: 80', 'port: eighty'));
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stderr, /ValidationError\(Service\.spec\.ports\[0\]\.port\): invalid type for io\.k8s\.api\.core\.v1\.ServicePort\.port: got "string", expected "integer"/);
  });

  it('create -f creates every item; replace -f takes back what get -o yaml printed', async () => {
    const created = await ok(['create', '-f', '-'], list('created'));
    assert.match(created, /^configmap\/created created$/m);
    assert.match(created, /^service\/created created$/m);

    await ok(['label', 'cm', 'created', 'edited=no']);
    const printed = await ok(['get', 'cm/created', 'svc/created', '-o', 'yaml']);
    assert.match(printed, /^kind: List$/m);
    const replaced = await ok(['replace', '-f', '-'], printed.replace('edited: "no"', 'edited: "yes"'));
    assert.match(replaced, /^configmap\/created replaced$/m);
    assert.match(replaced, /^service\/created replaced$/m);
    assert.equal(await ok(['get', 'cm', 'created', '-o', 'jsonpath={.metadata.labels.edited}']), 'yes');
  });

  it('explain --output=plaintext-openapiv2 reads the same document', async () => {
    const text = await ok(['explain', '--output=plaintext-openapiv2', 'service.spec.ports']);
    assert.match(text, /^RESOURCE: ports <\[\]Object>$/m);
    assert.match(text, /^ {3}port\t<integer> -required-$/m);
    assert.match(text, /^ {3}targetPort\t<string>$/m);
  });
});
