/**
 * Which files of the workspace kube-apiserver reads credentials and ABAC policy from, and in which order it asks
 * its authorizers: the `--token-auth-file`, `--basic-auth-file`, `--authorization-policy-file` and
 * `--authorization-mode` flags of every kube-apiserver static pod and kubeadm configuration, kept per file as
 * plain data, and the static credential and policy files themselves (matched to the flags' paths by node-paths).
 */
import type { ManifestDocument } from '../../model/document';
import type { StaticAuthFile } from '../../model/static-auth-file';
import { STATIC_AUTH_FLAGS, STATIC_AUTH_KINDS, type StaticAuthKind } from '../../reference/static-auth-flags';
import { componentCommands } from '../controlplane/component-flags';
import { listFlag } from '../controlplane/flag-checks';
import { sharedTail } from '../node-paths';
import type { AbacLine } from './abac-file';

export interface StaticAuthReference {
  kind: StaticAuthKind;
  /** The path as the flag writes it. */
  path: string;
}

export interface ApiserverAuthorization {
  /** The authorizers of --authorization-mode in order; kubeadm's default (Node,RBAC) when its extraArgs leave it out. */
  modes: string[];
  policyFile?: string;
}

export interface StaticAuthFacts {
  references: StaticAuthReference[];
  apiservers: ApiserverAuthorization[];
}

/** What the API server's authorizers are, when the workspace says: with ABAC, the policy lines it reads. */
export interface AuthorizationChain {
  modes: string[];
  /** The file the ABAC lines come from, when one of the workspace matches --authorization-policy-file. */
  abacFile?: string;
  abacLines: readonly AbacLine[];
}

const KUBEADM_DEFAULT_MODES = ['Node', 'RBAC'];

export function staticAuthFactsOf(documents: readonly { document: ManifestDocument }[]): StaticAuthFacts {
  const facts: StaticAuthFacts = { references: [], apiservers: [] };
  for (const { document } of documents) {
    if (document.category !== 'kubernetes') continue;
    for (const command of componentCommands(document)) {
      if (command.component !== 'kube-apiserver') continue;
      const value = (name: string) => command.flags.findLast((flag) => flag.name === name)?.value;
      for (const kind of STATIC_AUTH_KINDS) {
        const path = value(STATIC_AUTH_FLAGS[kind]);
        if (path) facts.references.push({ kind, path });
      }
      const mode = listFlag(command, '--authorization-mode');
      const modes = mode !== undefined ? mode.split(',').map((name) => name.trim()) : command.complete ? ['AlwaysAllow'] : KUBEADM_DEFAULT_MODES;
      const policyFile = value('--authorization-policy-file');
      facts.apiservers.push({ modes, ...(policyFile ? { policyFile } : {}) });
    }
  }
  return facts;
}

/** The workspace's references to static auth files and the files themselves, by file. */
export class StaticAuthInventory {
  private readonly facts = new Map<string, StaticAuthFacts>();
  private readonly files = new Map<string, StaticAuthFile>();
  private generation = 0;

  get version(): number {
    return this.generation;
  }

  setFacts(file: string, facts: StaticAuthFacts): void {
    const before = this.facts.get(file);
    if (before ? JSON.stringify(before) === JSON.stringify(facts) : facts.references.length === 0 && facts.apiservers.length === 0) return;
    if (facts.references.length === 0 && facts.apiservers.length === 0) this.facts.delete(file);
    else this.facts.set(file, facts);
    this.generation++;
  }

  setAuthFile(file: string, auth: StaticAuthFile): void {
    const before = this.files.get(file);
    if (before && before.text === auth.text && before.kind === auth.kind) return;
    this.files.set(file, auth);
    this.generation++;
  }

  removeFile(file: string): void {
    const removed = this.facts.delete(file);
    if (this.files.delete(file) || removed) this.generation++;
  }

  /** The kind of file a flag of the workspace names `file` as, if any. */
  kindNamed(file: string): StaticAuthKind | undefined {
    let best: { kind: StaticAuthKind; shared: number } | undefined;
    for (const facts of this.facts.values()) {
      for (const reference of facts.references) {
        const shared = sharedTail(reference.path, file);
        if (shared > 0 && (!best || shared > best.shared)) best = { kind: reference.kind, shared };
      }
    }
    return best?.kind;
  }

  /**
   * The authorizers of the workspace's kube-apiserver when it runs ABAC, with the policy file that best matches its
   * --authorization-policy-file; undefined otherwise, and then only RBAC is modelled, as before.
   */
  chain(): AuthorizationChain | undefined {
    const apiserver = [...this.facts.values()].flatMap((facts) => facts.apiservers).find((candidate) => candidate.modes.includes('ABAC'));
    if (!apiserver) return undefined;
    let best: { file: string; shared: number } | undefined;
    for (const [file, auth] of this.files) {
      if (auth.kind !== 'abacPolicyFile') continue;
      const shared = apiserver.policyFile ? sharedTail(apiserver.policyFile, file) : 0;
      if (!best || shared > best.shared) best = { file, shared };
    }
    const abac = best && this.files.get(best.file);
    // A policy file kube-apiserver refuses leaves no server to ask; its lines grant nothing.
    const usable = abac && abac.abac.refusals.length === 0;
    return { modes: apiserver.modes, ...(best ? { abacFile: best.file } : {}), abacLines: usable ? abac.abac.lines : [] };
  }
}
