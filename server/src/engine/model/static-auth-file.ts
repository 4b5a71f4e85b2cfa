/**
 * The files kube-apiserver reads credentials and ABAC policy from, which are not YAML: the `--token-auth-file`
 * and the removed `--basic-auth-file` (CSV), and the `--authorization-policy-file` (JSON lines). A file is one of
 * these because a flag of the workspace names it or a `kubeward.files.staticAuth` glob matches it, never by its
 * content; each is read once, on first use.
 */
import { readAbacFile, type AbacFile } from '../analysis/static-auth/abac-file';
import { readStaticCredentials, type StaticCredentialFile } from '../analysis/static-auth/token-file';
import type { StaticAuthKind } from '../reference/static-auth-flags';


export class StaticAuthFile {
  readonly format = 'static-auth' as const;
  private credentialReading: StaticCredentialFile | undefined;
  private abacReading: AbacFile | undefined;

  constructor(
    readonly text: string,
    readonly kind: StaticAuthKind,
  ) {}

  /** The records of a token or password file. */
  get credentials(): StaticCredentialFile {
    this.credentialReading ??= readStaticCredentials(this.text);
    return this.credentialReading;
  }

  /** The lines of an ABAC policy file. */
  get abac(): AbacFile {
    this.abacReading ??= readAbacFile(this.text);
    return this.abacReading;
  }
}
