// A user's mistake on the command line gets one clear line and exit code 1, not a stack trace.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../bin/kubesvc.js', import.meta.url));

function kubesvc(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { timeout: 30_000, env: { ...process.env, KUBESVC_DEBUG: '' } }, (error, _stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    );
  });
}

describe('kubesvc command-line errors', () => {
  for (const [args, message] of [
    [['apiserver', '--store', 'postgres:db'], 'kubesvc: --store must be sqlite:PATH or etcd:HOST:PORT[,HOST:PORT…], got "postgres:db"\n'],
    [['controllers', '--kubeconfig', '/nonexistent/kubeconfig'], "kubesvc: kubeconfig /nonexistent/kubeconfig: cannot be read (ENOENT: no such file or directory, open '/nonexistent/kubeconfig')\n"],
    [['controllers', '--kubeconfig', '/dev/null', '--controllers', 'endpoint,replicaset,bogus'], 'kubesvc: unknown controller bogus; known: endpoint, endpointslice, endpointslicemirroring, replicaset, deployment, scheduler, garbagecollector, namespace, nodelifecycle\n'],
  ] as const) {
    it(`kubesvc ${args.join(' ')}`, async () => {
      const result = await kubesvc([...args]);
      assert.equal(result.code, 1);
      assert.equal(result.stderr, message);
    });
  }
});
