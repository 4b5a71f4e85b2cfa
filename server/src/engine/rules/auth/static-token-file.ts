/**
 * kube-apiserver's `--token-auth-file` and the removed `--basic-auth-file`: the records it refuses to start with,
 * lines it silently ignores, and credentials that are weak or too powerful for a file that never expires. No
 * message ever repeats a token or password; lines are named by number and user.
 */
import { compareReleases } from '../../reference/api-catalog';
import { effectiveCredentials, type StaticCredential } from '../../analysis/static-auth/token-file';
import type { StaticAuthFile } from '../../model/static-auth-file';
import { defineRule, type RuleContext } from '../define-rule';
import { MASTERS_GROUP } from '../../reference/system-identities';

const MESSAGES = {
  syntax: 'kube-apiserver refuses to start with this file: line {line} has {problem}.',
  shortRecord: 'kube-apiserver refuses to start with this file: line {line} has {count} field(s), and a record needs at least three ({secret}, user name, uid).',
  emptySecret: 'The {secret} on line {line} is empty: kube-apiserver skips the line, so it signs in no one.',
  repeatedSecret: 'Line {line} has the same {secret} as line {earlier}: kube-apiserver keeps only the last, so line {earlier} ("{user}") signs in no one.',
  shortToken: 'This token has {length} characters, short enough to guess; use at least 32 random characters (`openssl rand -hex 16`).',
  mastersToken: '"{user}" is in system:masters through a static {secret}: the group passes every authorizer, RBAC cannot take it back, and it lasts until the file is edited and kube-apiserver restarted.',
  plaintext: 'This file keeps {count} password(s) in plain text on the control-plane node; they never expire and change only when kube-apiserver restarts. Prefer client certificates, OIDC or a token webhook.',
  spaces: '"{value}" starts or ends with a space, which kube-apiserver keeps: RBAC subjects named "{trimmed}" do not match it.',
  basicAuthRemoved: 'kube-apiserver has not read password files since Kubernetes 1.19 (--basic-auth-file was removed): these {count} password(s) sign in no one, yet the file still holds them in plain text. Delete it.',
} as const;

type MessageId = keyof typeof MESSAGES;

const CSV_PROBLEMS = {
  bareQuote: 'a quote inside a field that does not start with one',
  extraneousQuote: 'text after a closing quote',
  unclosedQuote: 'a quoted field that is never closed',
} as const;

/** Shorter tokens than this fall to guessing; 32 hex characters are 128 bits. */
const MIN_TOKEN_LENGTH = 32;
const BASIC_AUTH_REMOVED = '1.19';

export default defineRule<MessageId>({
  id: 'auth/static-token-file',
  meta: {
    summary: 'Static token and password files kube-apiserver refuses, ignores in part, or that hold weak or all-powerful credentials.',
    why: 'A static token file is read once at start-up: a malformed line stops kube-apiserver, and every token in it is a password that never expires, is kept in plain text on the node and can only be revoked by a restart. Password files were removed in 1.19 and only leak what they hold.',
    severity: 'error',
    messageSeverity: { emptySecret: 'warning', repeatedSecret: 'warning', shortToken: 'warning', mastersToken: 'warning', plaintext: 'warning', spaces: 'warning' },
    scope: 'static-auth',
    messages: MESSAGES,
  },
  checkFile(file, context) {
    if (file.format !== 'static-auth' || (file.kind !== 'tokenFile' && file.kind !== 'basicAuthFile')) return;
    const secret = file.kind === 'tokenFile' ? 'token' : 'password';
    const reading = file.credentials;
    const credentials = file.kind === 'tokenFile' ? effectiveCredentials(reading) : reading.credentials;
    if (file.kind === 'basicAuthFile' && compareReleases(context.config.kubernetesVersion, BASIC_AUTH_REMOVED) >= 0) {
      const first = reading.credentials[0]?.record ?? { start: 0, end: 0 };
      context.report({ at: first, messageId: 'basicAuthRemoved', data: { count: credentials.length } });
      return;
    }
    if (reading.syntaxError) context.report({ at: reading.syntaxError.at, messageId: 'syntax', data: { line: lineAt(file, reading.syntaxError.at.start), problem: CSV_PROBLEMS[reading.syntaxError.reason] } });
    for (const short of reading.shortRecords) context.report({ at: short.at, messageId: 'shortRecord', data: { line: short.line, count: short.fields, secret } });
    for (const empty of reading.emptySecrets) context.report({ at: empty.at, messageId: 'emptySecret', data: { line: empty.line, secret } });
    // The password file was keyed by user, not by password: two users may share a password there.
    for (const { credential, earlier } of file.kind === 'tokenFile' ? reading.repeatedSecrets : []) {
      context.report({ at: credential.secret, messageId: 'repeatedSecret', data: { line: credential.line, earlier: earlier.line, user: earlier.user.value, secret } });
    }
    // A token file is reported at the flag that names it (controlplane/insecure-flag); passwords are worse: people reuse them.
    if (file.kind === 'basicAuthFile' && credentials.length > 0) context.report({ at: credentials[0].secret, messageId: 'plaintext', data: { count: credentials.length } });
    for (const credential of credentials) checkCredential(credential, secret, file.kind === 'tokenFile', context);
  },
});

function checkCredential(credential: StaticCredential, secret: string, token: boolean, context: RuleContext<MessageId>): void {
  if (token && credential.secretLength < MIN_TOKEN_LENGTH) context.report({ at: credential.secret, messageId: 'shortToken', data: { length: credential.secretLength } });
  if (credential.groups.includes(MASTERS_GROUP)) context.report({ at: credential.groupsField ?? credential.user, messageId: 'mastersToken', data: { user: credential.user.value, secret } });
  if (credential.user.value.trim() !== credential.user.value) {
    context.report({ at: credential.user, messageId: 'spaces', data: { value: credential.user.value, trimmed: credential.user.value.trim() } });
  }
  const spaced = credential.groups.filter((group) => group.trim() !== group);
  if (credential.groupsField && spaced.length > 0) {
    context.report({ at: credential.groupsField, messageId: 'spaces', data: { value: spaced[0], trimmed: spaced[0].trim() } });
  }
}

function lineAt(file: StaticAuthFile, offset: number): number {
  let line = 1;
  for (let index = file.text.indexOf('\n'); index !== -1 && index < offset; index = file.text.indexOf('\n', index + 1)) line++;
  return line;
}
