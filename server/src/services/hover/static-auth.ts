/**
 * Hovers in kube-apiserver's static credential and ABAC files: what an ABAC line allows, and where ABAC stands
 * among the authorizers of the workspace's kube-apiserver; who a token line signs in as. A token or password is
 * never shown.
 */
import { describeAbacLine } from '../../engine/analysis/static-auth/authorization-chain';
import type { AuthorizationChain } from '../../engine/analysis/static-auth/references';
import { effectiveCredentials } from '../../engine/analysis/static-auth/token-file';
import type { TextRange } from '../../engine/model/nodes';
import type { StaticAuthFile } from '../../engine/model/static-auth-file';
import { inlineCode } from './inline-code';

export function staticAuthHover(file: StaticAuthFile, offset: number, chain: AuthorizationChain | undefined): { markdown: string; range: TextRange } | undefined {
  return file.kind === 'abacPolicyFile' ? abacLineHover(file, offset, chain) : credentialHover(file, offset);
}

function abacLineHover(file: StaticAuthFile, offset: number, chain: AuthorizationChain | undefined): { markdown: string; range: TextRange } | undefined {
  const line = file.abac.lines.find((candidate) => candidate.range.start <= offset && offset <= candidate.range.end);
  if (!line) return undefined;
  const format = line.version === 'v1beta1' ? '' : ' (unversioned format: what it leaves out means "all")';
  const parts = [`**ABAC policy line ${line.line}**${format} allows ${describeAbacLine(line)}.`];
  if (line.policy.resource && line.policy.resource !== '*') parts.push(`A line for a resource allows its subresources too: ${inlineCode(`${line.policy.resource}/*`)}.`);
  const position = chain?.modes.indexOf('ABAC') ?? -1;
  parts.push(position === -1
    ? 'No kube-apiserver of the workspace runs ABAC with this file, so its lines are not part of the access answers.'
    : `kube-apiserver asks ${chain!.modes.join(', ')} in this order: ${position === 0 ? 'this line allows a request it matches before any other authorizer is asked' : `a request ${chain!.modes.slice(0, position).join(' or ')} allows never reaches ABAC`}; ABAC never denies, so a request no line matches goes on to the next authorizer.`);
  return { markdown: parts.join('\n\n'), range: line.range };
}

function credentialHover(file: StaticAuthFile, offset: number): { markdown: string; range: TextRange } | undefined {
  const credential = effectiveCredentials(file.credentials).find((candidate) => candidate.record.start <= offset && offset <= candidate.record.end);
  if (!credential) return undefined;
  const secret = file.kind === 'tokenFile' ? 'token' : 'password';
  const groups = [...new Set([...credential.groups.filter((group) => group !== ''), 'system:authenticated'])].map(inlineCode).join(', ');
  return {
    markdown: `**Line ${credential.line}**: the ${secret} of this line (never shown) signs in as user ${inlineCode(credential.user.value)} (uid ${inlineCode(credential.uid.value)}) in the groups ${groups}.`,
    range: credential.record,
  };
}
