/**
 * The certificate request an openssl configuration describes, as a plan the client carries out with a key it makes
 * locally: the subject `openssl req` would write, the subject alternative names, keyUsage and extendedKeyUsage as
 * OIDs and flags, the RSA key size, and what certificates.k8s.io needs besides — the usages in Kubernetes' words and
 * the built-in signer that issues such a certificate, when one does. A configuration openssl refuses, or one whose
 * values come from variables, gives no plan but the reason.
 */
import { EXTENDED_KEY_USAGE_OIDS, KEY_USAGE_WORDS, readRequestConfig, SUBJECT_ATTRIBUTE_OIDS, type RequestAttribute } from '../engine/analysis/pki/openssl-request';
import { extendedKeyUsageWord } from '../engine/analysis/credentials/x509';
import { isKubeletSignerSubject } from '../engine/analysis/pki/component-identities';
import { LineIndex } from '../engine/model/line-index';
import { OpensslConfigFile } from '../engine/model/openssl-config';
import { KUBELET_CLIENT_SIGNER, KUBELET_SERVING_SIGNER } from '../engine/reference/certificate-signers';
import type { OpensslRequestPlan } from '../protocol';

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
  // @peculiar/x509 names keyUsage's flags as openssl does, but for contentCommitment, its older name's alias.
  const keyUsage = reading.keyUsage && { flags: reading.keyUsage.values.map((name) => (name === 'contentCommitment' ? 'nonRepudiation' : name)), critical: reading.keyUsage.critical };
  for (const name of reading.keyUsage?.values ?? []) usages.add(KEY_USAGE_WORDS[name]);
  const oidOf = (name: string) => EXTENDED_KEY_USAGE_OIDS[name] ?? name;
  const extendedKeyUsage = reading.extendedKeyUsage && { oids: reading.extendedKeyUsage.values.map(oidOf), critical: reading.extendedKeyUsage.critical };
  for (const name of reading.extendedKeyUsage?.values ?? []) {
    const usage = extendedKeyUsageWord(oidOf(name));
    if (usage) usages.add(usage);
    else notes.push(`certificates.k8s.io has no usage for the extended key usage ${name}`);
  }
  if (reading.otherExtensions) notes.push(`${reading.otherExtensions.join(', ')} ${reading.otherExtensions.length === 1 ? 'is' : 'are'} left out: Kubernetes signers write their own`);
  const bits = reading.defaultBits ?? MINIMUM_RSA_BITS;
  if (bits < MINIMUM_RSA_BITS) notes.push(`default_bits = ${bits} asks for a key too weak to trust; the key has ${MINIMUM_RSA_BITS} bits`);
  const unknown = reading.subject.find((attribute) => !SUBJECT_ATTRIBUTE_OIDS[attribute.attribute]);
  // openssl leaves out a prompt it has no object for, and knows far more objects than this table: decline rather than guess.
  if (unknown) return { ...empty, refusal: `Its subject has the field "${unknown.attribute}", which Kubeward does not know as a subject attribute.` };
  const subject = reading.subject.map((attribute) => ({ ...attribute, oid: SUBJECT_ATTRIBUTE_OIDS[attribute.attribute] }));
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
