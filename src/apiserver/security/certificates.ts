// The API server's TLS identity: a private CA and a serving certificate it signs, created on
// first start and kept in the data directory, so the kubeconfig written once (with the CA
// embedded) stays valid across restarts. Keys come from Node's native generator (fast);
// node-forge only assembles and signs the X.509 certificates, which Node cannot do.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

export interface ServingCertificates {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

const FILES = { ca: 'ca.crt', caKey: 'ca.key', cert: 'apiserver.crt', key: 'apiserver.key' } as const;
const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

/** Reads the certificates in `dir`, creating them first if any is missing. */
export function loadOrCreateCertificates(dir: string, hosts: readonly string[] = ['127.0.0.1', 'localhost']): ServingCertificates {
  const path = (file: string) => join(dir, file);
  if (!Object.values(FILES).every((file) => existsSync(path(file)))) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const created = createCertificates(hosts);
    writeFileSync(path(FILES.ca), created.caPem);
    writeFileSync(path(FILES.caKey), created.caKeyPem, { mode: 0o600 });
    writeFileSync(path(FILES.cert), created.certPem);
    writeFileSync(path(FILES.key), created.keyPem, { mode: 0o600 });
  }
  return {
    caPem: readFileSync(path(FILES.ca), 'utf8'),
    certPem: readFileSync(path(FILES.cert), 'utf8'),
    keyPem: readFileSync(path(FILES.key), 'utf8'),
  };
}

export function createCertificates(hosts: readonly string[]): ServingCertificates & { caKeyPem: string } {
  const caKeys = rsaKeyPair();
  const now = Date.now();
  const ca = certificate({
    subject: [{ name: 'commonName', value: 'kubesvc-ca' }],
    issuer: [{ name: 'commonName', value: 'kubesvc-ca' }],
    publicKey: caKeys.publicKey,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + TEN_YEARS_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ],
  });
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const serving = signServingCertificate(ca, caKeys.privateKey, hosts, 'kube-apiserver');
  return {
    caPem: forge.pki.certificateToPem(ca),
    caKeyPem: forge.pki.privateKeyToPem(caKeys.privateKey),
    ...serving,
  };
}

/**
 * A serving certificate for `hosts` signed by an existing CA, e.g. a node agent's (kubelet's)
 * from the cluster CA, so that the API server can verify it.
 */
export function issueServingCertificate(
  ca: { readonly caPem: string; readonly caKeyPem: string },
  hosts: readonly string[],
  commonName: string,
): { certPem: string; keyPem: string } {
  const caKey = forge.pki.privateKeyFromPem(ca.caKeyPem) as forge.pki.rsa.PrivateKey;
  return signServingCertificate(forge.pki.certificateFromPem(ca.caPem), caKey, hosts, commonName);
}

function signServingCertificate(
  ca: forge.pki.Certificate,
  caKey: forge.pki.rsa.PrivateKey,
  hosts: readonly string[],
  commonName: string,
): { certPem: string; keyPem: string } {
  const now = Date.now();
  const servingKeys = rsaKeyPair();
  const serving = certificate({
    subject: [{ name: 'commonName', value: commonName }],
    issuer: ca.subject.attributes,
    publicKey: servingKeys.publicKey,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + TEN_YEARS_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: hosts.map((host) => (/^[\d.]+$|:/.test(host) ? { type: 7, ip: host } : { type: 2, value: host })),
      },
    ],
  });
  serving.sign(caKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(serving), keyPem: forge.pki.privateKeyToPem(servingKeys.privateKey) };
}

function rsaKeyPair(): { publicKey: forge.pki.PublicKey; privateKey: forge.pki.rsa.PrivateKey } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  // The key is RSA by construction; forge types the PEM reader's result as any key kind.
  return { publicKey: forge.pki.publicKeyFromPem(publicKey), privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey };
}

function certificate(spec: {
  subject: forge.pki.CertificateField[];
  issuer: forge.pki.CertificateField[];
  publicKey: forge.pki.PublicKey;
  notBefore: Date;
  notAfter: Date;
  extensions: object[];
}): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = spec.publicKey;
  // A random positive serial: the high bit cleared keeps the DER integer positive.
  cert.serialNumber = '0' + randomBytes(16).toString('hex').slice(1);
  cert.validity.notBefore = spec.notBefore;
  cert.validity.notAfter = spec.notAfter;
  cert.setSubject(spec.subject);
  cert.setIssuer(spec.issuer);
  cert.setExtensions(spec.extensions);
  return cert;
}
