/**
 * The certificate request an openssl configuration describes, as a plan the client carries out with a key it makes
 * locally: the subject `openssl req` would write, the subject alternative names, keyUsage and extendedKeyUsage as
 * OIDs and flags, the RSA key size, and what certificates.k8s.io needs besides — the usages in Kubernetes' words and
 * the built-in signer that issues such a certificate, when one does. A configuration openssl refuses, or one whose
 * values come from variables, gives no plan but the reason.
 */
import { readRequestConfig, type RequestAttribute } from '../engine/analysis/pki/openssl-request';
import { isKubeletSignerSubject } from '../engine/analysis/pki/component-identities';
import { LineIndex } from '../engine/model/line-index';
import { OpensslConfigFile } from '../engine/model/openssl-config';
import { KUBELET_CLIENT_SIGNER, KUBELET_SERVING_SIGNER } from '../engine/reference/certificate-signers';
import type { OpensslRequestPlan } from '../protocol';

/** openssl's attribute names (long and short) by OID. */
const ATTRIBUTE_OIDS: Readonly<Record<string, string>> = {
  CN: '2.5.4.3', commonName: '2.5.4.3', O: '2.5.4.10', organizationName: '2.5.4.10', OU: '2.5.4.11', organizationalUnitName: '2.5.4.11',
  C: '2.5.4.6', countryName: '2.5.4.6', ST: '2.5.4.8', stateOrProvinceName: '2.5.4.8', L: '2.5.4.7', localityName: '2.5.4.7',
  emailAddress: '1.2.840.113549.1.9.1', serialNumber: '2.5.4.5', DC: '0.9.2342.19200300.100.1.25', domainComponent: '0.9.2342.19200300.100.1.25',
  UID: '0.9.2342.19200300.100.1.1', userId: '0.9.2342.19200300.100.1.1', title: '2.5.4.12', name: '2.5.4.41', givenName: '2.5.4.42', GN: '2.5.4.42',
  surname: '2.5.4.4', SN: '2.5.4.4', initials: '2.5.4.43', street: '2.5.4.9', postalCode: '2.5.4.17', description: '2.5.4.13',
};

/** openssl's keyUsage names → certificates.k8s.io usage and @peculiar/x509 flag. */
const KEY_USAGES: Readonly<Record<string, { usage: string; flag: string }>> = {
  digitalSignature: { usage: 'digital signature', flag: 'digitalSignature' },
  nonRepudiation: { usage: 'content commitment', flag: 'nonRepudiation' },
  contentCommitment: { usage: 'content commitment', flag: 'nonRepudiation' },
  keyEncipherment: { usage: 'key encipherment', flag: 'keyEncipherment' },
  dataEncipherment: { usage: 'data encipherment', flag: 'dataEncipherment' },
  keyAgreement: { usage: 'key agreement', flag: 'keyAgreement' },
  keyCertSign: { usage: 'cert sign', flag: 'keyCertSign' },
  cRLSign: { usage: 'crl sign', flag: 'cRLSign' },
  encipherOnly: { usage: 'encipher only', flag: 'encipherOnly' },
  decipherOnly: { usage: 'decipher only', flag: 'decipherOnly' },
};

/** openssl's extendedKeyUsage names → OID and certificates.k8s.io usage (when Kubernetes has a word for it). */
const EXTENDED_KEY_USAGES: Readonly<Record<string, { oid: string; usage?: string }>> = {
  serverAuth: { oid: '1.3.6.1.5.5.7.3.1', usage: 'server auth' },
  clientAuth: { oid: '1.3.6.1.5.5.7.3.2', usage: 'client auth' },
  codeSigning: { oid: '1.3.6.1.5.5.7.3.3', usage: 'code signing' },
  emailProtection: { oid: '1.3.6.1.5.5.7.3.4', usage: 'email protection' },
  timeStamping: { oid: '1.3.6.1.5.5.7.3.8', usage: 'timestamping' },
  OCSPSigning: { oid: '1.3.6.1.5.5.7.3.9', usage: 'ocsp signing' },
  ipsecIKE: { oid: '1.3.6.1.5.5.7.3.17' },
  msCodeInd: { oid: '1.3.6.1.4.1.311.2.1.21' },
  msCodeCom: { oid: '1.3.6.1.4.1.311.2.1.22' },
  msCTLSign: { oid: '1.3.6.1.4.1.311.10.3.1' },
  msEFS: { oid: '1.3.6.1.4.1.311.10.3.4' },
  anyExtendedKeyUsage: { oid: '2.5.29.37.0', usage: 'any' },
};

/** The printed name kinds of openssl-request → @peculiar/x509's general name types. */
const NAME_TYPES: Readonly<Record<string, OpensslRequestPlan['names'][number]['type']>> = { DNS: 'dns', 'IP Address': 'ip', email: 'email', URI: 'url' };

const MINIMUM_RSA_BITS = 2048;

export function opensslRequestPlan(text: string): OpensslRequestPlan {
  const file = new OpensslConfigFile(text);
  const reading = readRequestConfig(file);
  const empty: OpensslRequestPlan = { subject: [], names: [], rsaBits: MINIMUM_RSA_BITS, usages: [], notes: [] };
  const [problem] = reading.problems;
  if (problem) return { ...empty, refusal: `openssl req refuses this configuration (line ${new LineIndex(text).positionAt(problem.at.start).line + 1}: ${problem.message}).` };
  if (reading.batchProblem) return { ...empty, refusal: `openssl req -batch refuses its subject: ${reading.batchProblem}.` };
  if (!reading.subject || !reading.sans) return { ...empty, refusal: 'Its subject or subject alternative names come from variables ($…), which openssl expands from its environment.' };
  const notes: string[] = [];
  const names: OpensslRequestPlan['names'] = [];
  for (const printed of reading.sans) {
    const colon = printed.indexOf(':');
    const type = NAME_TYPES[printed.slice(0, colon)];
    if (type) names.push({ type, value: printed.slice(colon + 1) });
    else notes.push(`the name ${printed} is left out`);
  }
  const usages = new Set<string>();
  const keyUsage = reading.keyUsage && { flags: reading.keyUsage.values.map((name) => KEY_USAGES[name].flag), critical: reading.keyUsage.critical };
  for (const name of reading.keyUsage?.values ?? []) usages.add(KEY_USAGES[name].usage);
  const extendedKeyUsage = reading.extendedKeyUsage && { oids: reading.extendedKeyUsage.values.map((name) => EXTENDED_KEY_USAGES[name]?.oid ?? name), critical: reading.extendedKeyUsage.critical };
  for (const name of reading.extendedKeyUsage?.values ?? []) {
    const usage = EXTENDED_KEY_USAGES[name]?.usage;
    if (usage) usages.add(usage);
    else notes.push(`certificates.k8s.io has no usage for the extended key usage ${name}`);
  }
  if (reading.otherExtensions) notes.push(`${reading.otherExtensions.join(', ')} ${reading.otherExtensions.length === 1 ? 'is' : 'are'} left out: Kubernetes signers write their own`);
  const bits = reading.defaultBits ?? MINIMUM_RSA_BITS;
  if (bits < MINIMUM_RSA_BITS) notes.push(`default_bits = ${bits} asks for a key too weak to trust; the key has ${MINIMUM_RSA_BITS} bits`);
  const unknown = reading.subject.find((attribute) => !ATTRIBUTE_OIDS[attribute.attribute]);
  // openssl leaves out a prompt it has no object for, and knows far more objects than this table: decline rather than guess.
  if (unknown) return { ...empty, refusal: `Its subject has the field "${unknown.attribute}", which Kubeward does not know as a subject attribute.` };
  const subject = reading.subject.map((attribute) => ({ ...attribute, oid: ATTRIBUTE_OIDS[attribute.attribute] }));
  const signerName = builtInSigner(reading.subject, [...usages], names.length > 0);
  return { subject, names, ...(keyUsage ? { keyUsage } : {}), ...(extendedKeyUsage ? { extendedKeyUsage } : {}), rsaBits: Math.max(bits, MINIMUM_RSA_BITS), usages: [...usages], ...(signerName ? { signerName } : {}), notes };
}

/**
 * The built-in signer that would issue the certificate: a node's serving or client certificate (the kubelet
 * signers' subject test), or a client certificate for anyone else. A serving certificate that is not a node's has
 * no built-in signer (kube-apiserver's and etcd's come from the cluster CA directly).
 */
function builtInSigner(subject: readonly RequestAttribute[], usages: readonly string[], hasNames: boolean): string | undefined {
  const values = (...attributes: string[]) => subject.filter((entry) => attributes.includes(entry.attribute)).map((entry) => entry.value);
  const node = isKubeletSignerSubject({ commonName: values('CN', 'commonName').at(-1), organizations: values('O', 'organizationName') });
  const serves = usages.includes('server auth');
  const clients = usages.includes('client auth');
  if (node && serves && !clients && hasNames) return KUBELET_SERVING_SIGNER;
  if (node && clients && !serves && !hasNames) return KUBELET_CLIENT_SIGNER;
  if (!node && clients && !serves) return 'kubernetes.io/kube-apiserver-client';
  return undefined;
}
