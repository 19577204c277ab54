// `kubesvc up`: the all-in-one cluster on the embedded store. It runs each component as a child
// process under a supervisor (the API server, then the controllers; the node agent, proxy and
// DNS join the same way), waits until the API answers, writes DIR/kubeconfig and says how to use it.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join, resolve } from 'node:path';
import { writeKubeconfig } from './kubeconfig.ts';
import { Supervisor } from './supervisor.ts';

export interface UpOptions {
  readonly dataDir: string;
  readonly apiPort: number;
}

const READY_TIMEOUT_MS = 60_000;

export async function runUp(options: UpOptions): Promise<void> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const supervisor = new Supervisor();
  const stopped = new Promise<string>((done) => {
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });

  supervisor.start({
    name: 'apiserver',
    args: ['apiserver', '--store', `sqlite:${join(dataDir, 'state.db')}`, '--data-dir', dataDir, '--port', String(options.apiPort)],
  });

  const server = `https://127.0.0.1:${options.apiPort}`;
  const ready = await Promise.race([waitForApi(dataDir, options.apiPort), stopped.then(() => false)]);
  if (!ready) {
    console.error(`kubesvc: the API server did not become ready on ${server} (is the port taken? see its output above)`);
    await supervisor.stop();
    process.exitCode = 1;
    return;
  }
  const kubeconfig = join(dataDir, 'kubeconfig');
  const tokens = JSON.parse(readFileSync(join(dataDir, 'tokens.json'), 'utf8')) as { admin: string };
  writeKubeconfig(kubeconfig, { server, caPem: readFileSync(join(dataDir, 'pki', 'ca.crt'), 'utf8'), token: tokens.admin });
  supervisor.start({ name: 'controllers', args: ['controllers', '--kubeconfig', kubeconfig] });
  console.log(`kubesvc: cluster ready at ${server}; state in ${dataDir}`);
  console.log(`kubesvc: to use it:\n\n  export KUBECONFIG=${kubeconfig}\n  kubectl get all -A\n`);
  console.log('kubesvc: press Ctrl-C to stop');

  const signal = await stopped;
  console.log(`kubesvc: ${signal}, stopping`);
  await supervisor.stop();
}

/** Polls /readyz over TLS, trusting only the cluster's CA, until it answers ok. */
async function waitForApi(dataDir: string, port: number): Promise<boolean> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const caPath = join(dataDir, 'pki', 'ca.crt');
  while (Date.now() < deadline) {
    if (existsSync(caPath) && (await readyz(port, readFileSync(caPath, 'utf8')))) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

function readyz(port: number, ca: string): Promise<boolean> {
  return new Promise((resolveReady) => {
    const req = request({ host: '127.0.0.1', port, path: '/readyz', ca, timeout: 2000 }, (res) => {
      res.resume();
      resolveReady(res.statusCode === 200);
    });
    req.on('error', () => resolveReady(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
