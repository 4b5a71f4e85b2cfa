/**
 * kube-apiserver's static credential files as it reads them: the `--token-auth-file` CSV (token, user name, uid,
 * then optionally the groups as one comma-separated field) and the `--basic-auth-file` CSV of releases before
 * 1.19 (password in place of the token). The reading stops the server at the first malformed record or a record
 * of fewer than three fields; an empty token is skipped; a repeated token keeps its last line.
 * The credentials themselves are only ever compared, never copied into what this module returns.
 */
import { readCsv, type CsvError, type CsvField } from '../../model/csv';
import type { TextRange } from '../../model/nodes';

export interface StaticCredential {
  /** 1-based line of the record. */
  line: number;
  record: TextRange;
  /** Where the token (or password) is; its value is not kept. */
  secret: TextRange;
  secretLength: number;
  user: CsvField;
  uid: CsvField;
  /** The groups field as written, and the groups it splits into. */
  groupsField?: CsvField;
  groups: string[];
}

export interface StaticCredentialFile {
  credentials: StaticCredential[];
  /** Records of an empty token, which the server skips. */
  emptySecrets: { line: number; at: TextRange }[];
  /** Records the server refuses: fewer than three fields. */
  shortRecords: { line: number; at: TextRange; fields: number }[];
  /** A syntax error that stops the reading (the server does not start). */
  syntaxError?: CsvError;
  /** Lines whose token repeats an earlier line's: the later line wins, the earlier one authenticates no one. */
  repeatedSecrets: { credential: StaticCredential; earlier: StaticCredential }[];
}

export function readStaticCredentials(text: string): StaticCredentialFile {
  const reading = readCsv(text);
  const file: StaticCredentialFile = { credentials: [], emptySecrets: [], shortRecords: [], repeatedSecrets: [], ...(reading.error ? { syntaxError: reading.error } : {}) };
  const bySecret = new Map<string, StaticCredential>();
  for (const record of reading.records) {
    const [secret, user, uid, groups] = record.fields;
    if (record.fields.length < 3) {
      file.shortRecords.push({ line: record.line, at: record, fields: record.fields.length });
      continue;
    }
    if (secret.value === '') {
      file.emptySecrets.push({ line: record.line, at: record });
      continue;
    }
    const credential: StaticCredential = {
      line: record.line,
      record,
      secret: { start: secret.start, end: secret.end },
      secretLength: secret.value.length,
      user,
      uid,
      ...(groups ? { groupsField: groups } : {}),
      groups: groups ? groups.value.split(',') : [],
    };
    const earlier = bySecret.get(secret.value);
    if (earlier) file.repeatedSecrets.push({ credential, earlier });
    bySecret.set(secret.value, credential);
    file.credentials.push(credential);
  }
  return file;
}

/** The credentials that authenticate someone: the last line of each token. */
export function effectiveCredentials(file: StaticCredentialFile): StaticCredential[] {
  const shadowed = new Set(file.repeatedSecrets.map(({ earlier }) => earlier));
  return file.credentials.filter((credential) => !shadowed.has(credential));
}
