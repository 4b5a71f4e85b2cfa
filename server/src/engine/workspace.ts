/**
 * The workspace index: the RBAC objects of every file Kubeward has seen, kept per file so that a changed file
 * replaces only its own entries. Cross-document rules, hovers and the access commands read it; the Kubernetes
 * bootstrap policy is always part of it.
 */
import type { StreamDocument } from './linter';
import { Authorizer } from './analysis/rbac/authorizer';
import { policyMeaning, policyOfDocument, relativePolicy } from './analysis/rbac/extract';
import type { BindingData, PolicySet, RoleData, SourceLocation } from './reference/policy-data';
import { LineIndex, type Position } from './model/line-index';
import { ManifestDocument } from './model/document';
import { streamDocuments } from './model/stream';
import { builtInPolicy } from './reference/bootstrap-policy';
import { NetworkInventory, networkFactsOfFile, type NetworkFileFacts } from './analysis/netpol/inventory';
import { ServiceAccountInventory, serviceAccountsOfFile, type ServiceAccountFacts, type ServiceAccountLookup } from './analysis/pod/service-accounts';
import { SecretInventory, secretsOfFile, type SecretFacts } from './analysis/pod/secrets';
import { ObjectNameInventory, objectNamesOfFile, type ObjectName } from './analysis/object-names';
import { PodSecurityInventory, podSecurityOfFile, type PodSecurityFileFacts } from './analysis/pod-security/cluster-config';
import { StaticAuthInventory, staticAuthFactsOf, type StaticAuthFacts } from './analysis/static-auth/references';
import { PkiInventory } from './analysis/pki/inventory';
import { ApiserverNameInventory, apiserverNameFactsOf, type ApiserverNameFacts } from './analysis/pki/apiserver-names';

/** What cross-document rules may ask about other documents. */
export interface WorkspaceLookup {
  /**
   * A Role (in `namespace`) or ClusterRole defined in the workspace or built into Kubernetes. Its content is
   * current; its source locations may lag behind edits that only moved it (use `locatedRole` to navigate).
   */
  findRole(kind: string, name: string, namespace?: string): RoleData | undefined;
  /** Moves whenever what the workspace's policy says changes; findings computed against it stay valid until then. */
  readonly version: number;
  /** The policies, workloads and namespaces of the workspace, for NetworkPolicy questions. */
  readonly network: Pick<NetworkInventory, 'model'>;
  /** The workspace's ServiceAccounts, for pod token questions; absent where a lookup does not index them. */
  readonly serviceAccounts?: ServiceAccountLookup;
  /** The cluster's Pod Security defaults and exemptions, when a file of the workspace configures them. */
  readonly podSecurity?: Pick<PodSecurityInventory, 'cluster'>;
  /** The workspace's Secrets, for pull-secret references; absent where a lookup does not index them. */
  readonly secrets?: Pick<SecretInventory, 'named' | 'namespacesOf'>;
  /** The certificates and keys of the workspace's PEM files, for what lies beside a certificate. */
  readonly pki?: Pick<PkiInventory, 'inFolder' | 'all'>;
  /** What the workspace says about the names clients reach kube-apiserver by. */
  readonly apiserverNames?: Pick<ApiserverNameInventory, 'all'>;
}

interface IndexedDocument {
  document: ManifestDocument;
  offset: number;
}

/**
 * What the index keeps of a file read from disk: plain data with no parsed trees, so that it can be extracted in
 * a worker thread and sent over.
 */
export interface FileFacts {
  network: NetworkFileFacts;
  serviceAccounts: ServiceAccountFacts[];
  secrets: SecretFacts[];
  objects: ObjectName[];
  podSecurity: PodSecurityFileFacts;
  /** The static credential and ABAC files its kube-apiserver flags name, and its authorization modes. */
  staticAuth: StaticAuthFacts;
  /** The names clients reach kube-apiserver by, from kubeadm configurations and static pods. */
  apiserverNames: ApiserverNameFacts[];
  /** The file's RBAC objects, placed in the file, and what each RBAC document says; absent when it has none. */
  rbac?: { policy: PolicySet; meanings: string[] };
}

/** Parses a file's text and extracts what the workspace index keeps of it. */
export function factsOfFile(file: string, text: string): FileFacts {
  return factsOfDocuments(file, streamDocuments(text));
}

/** What the workspace index keeps of a file whose documents are parsed already (by a linter). */
export function factsOfDocuments(file: string, all: readonly IndexedDocument[]): FileFacts {
  const documents = rbacDocuments(all);
  return {
    network: networkFactsOfFile(file, all),
    serviceAccounts: serviceAccountsOfFile(all),
    secrets: secretsOfFile(all),
    objects: objectNamesOfFile(all),
    podSecurity: podSecurityOfFile(file, all),
    staticAuth: staticAuthFactsOf(all),
    apiserverNames: apiserverNameFactsOf(all),
    ...(documents.length > 0 ? { rbac: { policy: placedPolicy(file, documents), meanings: documents.map(({ document }) => policyMeaning(document)) } } : {}),
  };
}

interface IndexedFile {
  text: string;
  /**
   * The parsed RBAC documents of a file open in the editor, compared by identity on every keystroke. Files read
   * from disk keep only their extracted policy and its meaning: the parsed trees cost about 25 times the text.
   */
  documents?: IndexedDocument[];
  /** What each RBAC document says, for telling a move from a change. */
  meanings: string[];
  /** Placed policy and line index, built when first asked for after a change. */
  policy?: PolicySet;
  lines?: LineIndex;
}

export class WorkspaceIndex implements WorkspaceLookup {
  private readonly files = new Map<string, IndexedFile>();
  private merged: PolicySet | undefined;
  /** Bindings by the role their roleRef names, resolved or not; rebuilt with the merged policy. */
  private bindingsByRoleRef: Map<string, BindingData[]> | undefined;
  private cachedAuthorizer: Authorizer | undefined;
  /** Roles by kind, namespace and name; kept across edits that only move objects, since rules need no locations. */
  private rolesByKey: Map<string, RoleData> | undefined;
  private generation = 0;
  /** Policies, workloads and namespaces, for NetworkPolicy reachability. */
  readonly network = new NetworkInventory();
  /** ServiceAccounts, for whether pods get a token. */
  readonly serviceAccounts = new ServiceAccountInventory();
  /** Secrets, for whether pull secrets take effect and what they hold. */
  readonly secrets = new SecretInventory();
  /** Every named object, for completing references to objects. */
  readonly objects = new ObjectNameInventory();
  /** The Pod Security configuration of the cluster, for which level applies where. */
  readonly podSecurity = new PodSecurityInventory();
  /** kube-apiserver's static credential and ABAC policy files, the flags naming them and its authorization modes. */
  readonly staticAuth = new StaticAuthInventory();
  /** The certificates and keys of PEM files. */
  readonly pki = new PkiInventory();
  /** The names clients reach kube-apiserver by, for its serving certificate. */
  readonly apiserverNames = new ApiserverNameInventory();

  /** Indexes a file that is not being linted (a workspace file on disk): parsed, but no rule runs. */
  setFileText(file: string, text: string): void {
    this.setFileFacts(file, text, factsOfFile(file, text));
  }

  /** Indexes what `factsOfFile` extracted from a file that is not being linted. */
  setFileFacts(file: string, text: string, facts: FileFacts): void {
    this.network.setFacts(file, facts.network);
    this.serviceAccounts.setFacts(file, facts.serviceAccounts);
    this.secrets.setFacts(file, facts.secrets);
    this.objects.setFacts(file, facts.objects);
    this.podSecurity.setFacts(file, facts.podSecurity);
    this.staticAuth.setFacts(file, facts.staticAuth);
    this.apiserverNames.setFacts(file, facts.apiserverNames);
    if (!facts.rbac) this.forgetRbac(file);
    else this.store(file, { text, meanings: facts.rbac.meanings, policy: facts.rbac.policy });
  }

  /**
   * Records the RBAC objects of a file's latest analysis. This runs on every keystroke in the editor, so it only
   * compares documents (cached by text, hence identical objects when unchanged) and defers all other work. The
   * version moves only when what the policy says changes, not when objects merely move within the file. The
   * parsed documents are kept for the next keystroke's comparison.
   */
  setFile(file: string, analysis: { text: string; documents: readonly StreamDocument[] }): void {
    this.network.setFile(file, analysis.documents);
    this.serviceAccounts.setFile(file, analysis.documents);
    this.secrets.setFile(file, analysis.documents);
    this.objects.setFacts(file, objectNamesOfFile(analysis.documents));
    this.podSecurity.setFacts(file, podSecurityOfFile(file, analysis.documents));
    this.staticAuth.setFacts(file, staticAuthFactsOf(analysis.documents));
    this.apiserverNames.setFacts(file, apiserverNameFactsOf(analysis.documents));
    const documents = rbacDocuments(analysis.documents);
    if (documents.length === 0) return this.forgetRbac(file);
    const previous = this.files.get(file)?.documents;
    if (previous && samePlaces(previous, documents)) return;
    this.store(file, { text: analysis.text, documents, meanings: documents.map(({ document }) => policyMeaning(document)) });
  }

  private store(file: string, indexed: IndexedFile): void {
    const previous = this.files.get(file);
    this.files.set(file, indexed);
    if (previous && sameStrings(previous.meanings, indexed.meanings)) this.moved();
    else this.changed();
  }

  /** The file no longer holds RBAC objects; its other facts are recorded apart. */
  private forgetRbac(file: string): void {
    if (this.files.delete(file)) this.changed();
  }

  removeFile(file: string): void {
    this.network.removeFile(file);
    this.serviceAccounts.removeFile(file);
    this.secrets.removeFile(file);
    this.objects.removeFile(file);
    this.podSecurity.removeFile(file);
    this.staticAuth.removeFile(file);
    this.pki.removeFile(file);
    this.apiserverNames.removeFile(file);
    if (this.files.delete(file)) this.changed();
  }

  /** Line and character positions of a source location in an indexed file. */
  locate(source: SourceLocation): { file: string; start: Position; end: Position } | undefined {
    const indexed = this.files.get(source.file);
    if (!indexed) return undefined;
    indexed.lines ??= new LineIndex(indexed.text);
    return { file: source.file, start: indexed.lines.positionAt(source.start), end: indexed.lines.positionAt(source.end) };
  }

  /** Increases whenever what the indexed objects say changes, so callers can tell whether answers may differ. */
  get version(): number {
    return this.generation + this.network.version + this.serviceAccounts.version + this.secrets.version + this.podSecurity.version + this.staticAuth.version + this.pki.version + this.apiserverNames.version;
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
      for (const [file, indexed] of this.files) {
        indexed.policy ??= placedPolicy(file, indexed.documents ?? []);
        roles.push(...indexed.policy.roles);
        bindings.push(...indexed.policy.bindings);
      }
      this.merged = { roles, bindings };
    }
    return this.merged;
  }

  /** The RBAC authorizer over the indexed and built-in policy, rebuilt only after the policy changed or moved. */
  authorizer(): Authorizer {
    this.cachedAuthorizer ??= new Authorizer(this.policy());
    return this.cachedAuthorizer;
  }

  findRole(kind: string, name: string, namespace?: string): RoleData | undefined {
    this.rolesByKey ??= indexRoles(this.policy().roles);
    return this.rolesByKey.get(roleKey(kind, name, kind === 'Role' ? namespace : undefined));
  }

  /**
   * The bindings whose roleRef names the role, whether or not the role exists; a Role can only be named by
   * RoleBindings of its own namespace. Code lenses ask this for every role of a file, so it is indexed.
   */
  bindingsNaming(role: Pick<RoleData, 'kind' | 'name' | 'namespace'>): BindingData[] {
    if (!this.bindingsByRoleRef) {
      this.bindingsByRoleRef = new Map();
      for (const binding of this.policy().bindings) {
        const { kind, name } = binding.roleRef;
        if (kind === 'Role' && binding.kind !== 'RoleBinding') continue;
        const key = roleKey(kind, name, kind === 'Role' ? binding.namespace : undefined);
        this.bindingsByRoleRef.set(key, [...(this.bindingsByRoleRef.get(key) ?? []), binding]);
      }
    }
    return this.bindingsByRoleRef.get(roleKey(role.kind, role.name, role.kind === 'Role' ? role.namespace : undefined)) ?? [];
  }

  /** Like `findRole`, with source locations that reflect the latest text. */
  locatedRole(kind: string, name: string, namespace?: string): RoleData | undefined {
    return indexRoles(this.policy().roles).get(roleKey(kind, name, kind === 'Role' ? namespace : undefined));
  }

  private changed(): void {
    this.generation++;
    this.rolesByKey = undefined;
    this.moved();
  }

  /** Same meaning, new positions: answers stay valid, but the objects that carry locations are rebuilt on demand. */
  private moved(): void {
    this.merged = undefined;
    this.bindingsByRoleRef = undefined;
    this.cachedAuthorizer = undefined;
  }
}

function indexRoles(roles: readonly RoleData[]): Map<string, RoleData> {
  const byKey = new Map<string, RoleData>();
  for (const role of roles) {
    const key = roleKey(role.kind, role.name, role.namespace);
    // A role defined in the workspace takes precedence over a built-in one of the same name.
    if (!byKey.has(key) || byKey.get(key)?.builtIn) byKey.set(key, role);
  }
  return byKey;
}

function placedPolicy(file: string, documents: readonly IndexedDocument[]): PolicySet {
  const roles: RoleData[] = [];
  const bindings: BindingData[] = [];
  for (const { document, offset } of documents) {
    const policy = policyOfDocument(document, file, offset);
    roles.push(...policy.roles);
    bindings.push(...policy.bindings);
  }
  return { roles, bindings };
}

function samePlaces(a: readonly IndexedDocument[], b: readonly IndexedDocument[]): boolean {
  return a.length === b.length && a.every((entry, index) => entry.document === b[index].document && entry.offset === b[index].offset);
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** The documents of a stream that hold Roles, ClusterRoles or bindings. */
function rbacDocuments(documents: readonly IndexedDocument[]): IndexedDocument[] {
  return documents
    .filter(({ document }) => {
      const policy = relativePolicy(document);
      return policy.roles.length > 0 || policy.bindings.length > 0;
    })
    .map(({ document, offset }) => ({ document, offset }));
}

function roleKey(kind: string, name: string, namespace: string | undefined): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}
