// The kubeconfig `kubesvc up` writes: HTTPS with the CA embedded (never insecure-skip-verify),
// the admin token, and a context in the default namespace. kubectl, helm and client-node read it.
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export interface KubeconfigSpec {
  readonly server: string;
  readonly caPem: string;
  readonly token: string;
  readonly name?: string;
}

export function kubeconfigText(spec: KubeconfigSpec): string {
  const name = spec.name ?? 'kubesvc';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: spec.server, 'certificate-authority-data': Buffer.from(spec.caPem).toString('base64') } }],
    users: [{ name: `${name}-admin`, user: { token: spec.token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin`, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  });
}

export function writeKubeconfig(path: string, spec: KubeconfigSpec): void {
  writeFileSync(path, kubeconfigText(spec), { mode: 0o600 });
}
