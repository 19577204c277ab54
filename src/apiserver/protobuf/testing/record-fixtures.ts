// Re-records test/fixtures/protobuf from the machine's kubectl:
//   node --import tsx src/apiserver/protobuf/testing/record-fixtures.ts
// Writes <case>.bin (the raw request body) and <case>.json (the object it must decode to).
import { writeFileSync } from 'node:fs';
import { captureCase } from './capture-case.ts';
import { FIXTURES_DIR, KUBECTL_CASES } from './kubectl-cases.ts';
import { kubectlAvailable, runKubectl, startFakeApiServer } from './kubectl-capture.ts';

async function main(): Promise<void> {
  if (!kubectlAvailable()) throw new Error('kubectl is not on PATH');
  const version = await runKubectl(['version', '--client']);
  const server = await startFakeApiServer();
  try {
    for (const c of KUBECTL_CASES) {
      const { request, expectation } = await captureCase(server, c);
      writeFileSync(`${FIXTURES_DIR}${c.name}.bin`, request.body);
      writeFileSync(`${FIXTURES_DIR}${c.name}.json`, `${JSON.stringify(expectation, null, 2)}\n`);
      console.log(`${c.name}: ${request.method} ${request.path} (${request.body.length} bytes)`);
    }
    writeFileSync(`${FIXTURES_DIR}KUBECTL_VERSION`, version.stdout);
  } finally {
    await server.close();
  }
}

await main();
