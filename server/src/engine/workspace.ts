/**
 * The workspace index: the RBAC objects of every file Kubeward has seen, kept per file so that a changed file
 * replaces only its own entries. Cross-document rules, hovers and the access commands read it; the Kubernetes
 * bootstrap policy is always part of it.
 */
import type { StreamAnalysis } from './linter';
import { Authorizer } from './analysis/rbac/authorizer';
import { policyOfDocument } from './analysis/rbac/extract';
import type { BindingData, PolicySet, RoleData, SourceLocation } from './analysis/rbac/policy';
import { LineIndex, type Position } from './model/line-index';
import { ManifestDocument } from './model/document';
import { splitDocuments } from './model/parse';
import { builtInPolicy } from './reference/bootstrap-policy';

/** What cross-document rules may ask about other documents. */
export interface WorkspaceLookup {
  /** A Role (in `namespace`) or ClusterRole defined in the workspace or built into Kubernetes. */
  findRole(kind: string, name: string, namespace?: string): RoleData | undefined;
}

export class WorkspaceIndex implements WorkspaceLookup {
  private readonly files = new Map<string, PolicySet>();
  private readonly lines = new Map<string, LineIndex>();
  private merged: PolicySet | undefined;
  private cachedAuthorizer: Authorizer | undefined;
  private rolesByKey: Map<string, RoleData> | undefined;
  private generation = 0;

  /** Indexes a file that is not being linted (a workspace file on disk): parsed, but no rule runs. */
  setFileText(file: string, text: string): void {
    this.setFile(file, { text, documents: splitDocuments(text).map((chunk) => ({ offset: chunk.offset, document: new ManifestDocument(chunk.text) })) });
  }

  /** Replaces what the index knows of `file` with the RBAC objects of its latest analysis. */
  setFile(file: string, analysis: Pick<StreamAnalysis, 'documents' | 'text'>): void {
    const roles: RoleData[] = [];
    const bindings: BindingData[] = [];
    for (const { document, offset } of analysis.documents) {
      const policy = policyOfDocument(document, file, offset);
      roles.push(...policy.roles);
      bindings.push(...policy.bindings);
    }
    const previous = this.files.get(file);
    if (roles.length === 0 && bindings.length === 0) {
      if (previous) this.removeFile(file);
      return;
    }
    this.lines.set(file, new LineIndex(analysis.text));
    if (previous && samePolicy(previous, { roles, bindings })) return;
    this.files.set(file, { roles, bindings });
    this.changed();
  }

  removeFile(file: string): void {
    this.lines.delete(file);
    if (this.files.delete(file)) this.changed();
  }

  /** Line and character positions of a source location in an indexed file. */
  locate(source: SourceLocation): { file: string; start: Position; end: Position } | undefined {
    const lines = this.lines.get(source.file);
    return lines && { file: source.file, start: lines.positionAt(source.start), end: lines.positionAt(source.end) };
  }

  /** Increases whenever the indexed policy changes, so callers can tell whether answers may differ. */
  get version(): number {
    return this.generation;
  }

  get fileCount(): number {
    return this.files.size;
  }

  /** The workspace's policy together with the built-in one. */
  policy(): PolicySet {
    if (!this.merged) {
      const builtIn = builtInPolicy();
      const roles = [...builtIn.roles];
      const bindings = [...builtIn.bindings];
      for (const policy of this.files.values()) {
        roles.push(...policy.roles);
        bindings.push(...policy.bindings);
      }
      this.merged = { roles, bindings };
    }
    return this.merged;
  }

  /** The RBAC authorizer over the indexed and built-in policy, rebuilt only after the policy changed. */
  authorizer(): Authorizer {
    this.cachedAuthorizer ??= new Authorizer(this.policy());
    return this.cachedAuthorizer;
  }

  findRole(kind: string, name: string, namespace?: string): RoleData | undefined {
    if (!this.rolesByKey) {
      this.rolesByKey = new Map();
      for (const role of this.policy().roles) {
        const key = roleKey(role.kind, role.name, role.namespace);
        // A role defined in the workspace takes precedence over a built-in one of the same name.
        if (!this.rolesByKey.has(key) || this.rolesByKey.get(key)?.builtIn) this.rolesByKey.set(key, role);
      }
    }
    return this.rolesByKey.get(roleKey(kind, name, kind === 'Role' ? namespace : undefined));
  }

  private changed(): void {
    this.generation++;
    this.merged = undefined;
    this.rolesByKey = undefined;
    this.cachedAuthorizer = undefined;
  }
}

function roleKey(kind: string, name: string, namespace: string | undefined): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

/** Re-indexing a file whose objects and positions did not change must not invalidate cached answers. */
function samePolicy(a: PolicySet, b: PolicySet): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
