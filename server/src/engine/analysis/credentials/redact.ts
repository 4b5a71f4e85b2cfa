/**
 * The engine's one redaction helper: whatever text a hover, message or log shows from a document's data passes
 * through here first, so private keys, bearer tokens and passwords never leave the engine.
 */

export const REDACTED = '[redacted]';

const PRIVATE_KEY_BLOCK = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;
const BEARER = /\b(Bearer|Basic)(\s+)[A-Za-z0-9\-._~+/]+=*/gi;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const ASSIGNMENT = /\b((?:[A-Za-z0-9_.-]*?)(?:password|passwd|pass|pwd|secret|token|api[_-]?key|access[_-]?key|credentials?))(["']?\s*[:=]\s*)("[^"\n]*"|'[^'\n]*'|[^\s,;&"']+)/gi;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+(@)/gi;

/** Replaces private key PEM blocks, bearer/basic credentials, JWTs, `password=…`-like values and URL passwords with `[redacted]`. */
export function redact(text: string): string {
  return text
    .replace(PRIVATE_KEY_BLOCK, REDACTED)
    .replace(BEARER, (_match, scheme: string, space: string) => `${scheme}${space}${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(ASSIGNMENT, (_match, name: string, separator: string) => `${name}${separator}${REDACTED}`)
    .replace(URL_PASSWORD, (_match, head: string, at: string) => `${head}${REDACTED}${at}`);
}

/** Whether a field name (a Secret data key, a kubeconfig field) says its value is a secret as a whole. */
export function isSensitiveName(name: string): boolean {
  return /password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private|credential|\.key$|^key$|-key$|_key$/i.test(name);
}
