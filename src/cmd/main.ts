// The `kubesvc` command line: the composition root that wires components together.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { runApiServer } from './apiserver.ts';
import { runControllers } from './controllers.ts';
import { runUp } from './up.ts';

const defaultDataDir = join(homedir(), '.kubesvc');

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a number from 0 to 65535');
  return n;
}

const program = new Command()
  .name('kubesvc')
  .description('The Kubernetes Service system for local processes: a real Kubernetes API, endpoints, proxy and DNS.')
  .version('0.1.0');

program
  .command('up')
  .description('run an all-in-one cluster on the embedded SQLite store and write a kubeconfig (what `npm start` runs)')
  .option('--data-dir <dir>', 'where kubesvc keeps its state, certificates, tokens and kubeconfig', defaultDataDir)
  .option('--api-port <port>', 'the API server port on 127.0.0.1', port, 6443)
  .action((options: { dataDir: string; apiPort: number }) => runUp(options));

program
  .command('apiserver')
  .description('run the Kubernetes API server alone')
  .requiredOption('--store <url>', 'sqlite:PATH (embedded) or etcd:HOST:PORT[,HOST:PORT…]')
  .option('--data-dir <dir>', 'where the TLS identity and tokens live (created on first start)', defaultDataDir)
  .option('--host <address>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'port to listen on', port, 6443)
  .option('--service-cidr <cidr>', 'the range Service cluster IPs come from', '127.96.0.0/16')
  .action((options: { store: string; dataDir: string; host: string; port: number; serviceCidr: string }) => runApiServer(options));

program
  .command('controllers')
  .description('run the controllers (endpoints, endpointslices, replicasets, deployments, scheduler, garbage collector, namespaces, node lifecycle) against an API server')
  .option('--kubeconfig <path>', 'how to reach the API server', process.env.KUBECONFIG ?? join(defaultDataDir, 'kubeconfig'))
  .option('--controllers <names>', 'a comma-separated subset to run (default: all)', (value) => value.split(',').filter(Boolean), [] as string[])
  .option('--lease-namespace <namespace>', 'where the leader election Lease lives', 'kube-system')
  .option('--lease-name <name>', 'the leader election Lease', 'kube-controller-manager')
  .action((options: { kubeconfig: string; controllers: string[]; leaseNamespace: string; leaseName: string }) => runControllers(options));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // What a user mistyped (a store URL, a kubeconfig path, a controller name) deserves one line,
  // not a stack trace; KUBESVC_DEBUG=1 shows the stack for the rest.
  console.error(`kubesvc: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.KUBESVC_DEBUG && error instanceof Error) console.error(error.stack);
  process.exitCode = 1;
}
