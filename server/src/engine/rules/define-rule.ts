/**
 * The typed factory every rule goes through: it checks a rule's metadata and gives `check` a context whose
 * reports are turned into findings with formatted messages and fixes. A rule never chooses its final severity.
 */
import type { Node } from 'yaml';
import type { LintConfig, Severity } from '../config';
import type { FixSafety, TextEdit } from '../fix';
import type { ManifestDocument } from '../model/document';
import type { FileDocument } from '../model/file-document';
import type { TextRange } from '../model/nodes';
import type { WorkspaceLookup } from '../workspace';

/**
 * Which documents a rule looks at; the linter skips the others. 'yaml' means every document that is or looks
 * like a Kubernetes object or kubeconfig, 'manifests' those recognised as one, 'kubernetes' API objects only;
 * 'static-auth' rules read kube-apiserver's CSV and JSON-lines credential and policy files, 'pki' rules PEM
 * files and 'openssl-config' rules openssl configuration files, instead of YAML (through `checkFile`, the scope equal to the file's `format`).
 */
export type RuleScope = 'yaml' | 'kubernetes' | 'manifests' | FileDocument['format'];

export interface RuleMeta<MessageId extends string> {
  /** One line: rules index, SARIF shortDescription. */
  summary: string;
  /** Why the problem matters: hover, docs, SARIF fullDescription. */
  why: string;
  severity: Severity;
  /**
   * Set when the rule reports something that works as written but is dangerous (a risky grant or setting) rather
   * than a mistake. The risk profile setting moves these rules' severities, never those of mistakes.
   */
  risk?: true;
  /**
   * Set when an error of this rule means the object is stored but can never take effect as written (a verb no
   * request uses, rules outside policyTypes). Without it, an error means the API server (or kubectl, for a
   * kubeconfig) refuses the object: the validation oracle holds every other error rule to that.
   */
  ineffective?: true;
  /**
   * Default severities of messages that say something milder than the rule's main finding, such as an
   * explanation beside an error. A severity set in the configuration applies to every message of the rule.
   */
  messageSeverity?: Partial<Record<MessageId, Severity>>;
  scope: RuleScope;
  /** Set when the rule offers fixes; 'safe' fixes may be applied without review. */
  fix?: FixSafety;
  /**
   * Set when findings depend on other documents (through `context.workspace`). Such rules run on every lint
   * instead of being cached with the document, and only when a workspace is given.
   */
  crossDocument?: true;
  /**
   * A rule that says the same more exactly where it applies: a finding of this rule is left out when that rule
   * reports a range overlapping it (pod/privileged beside pod/pod-security at the same field).
   */
  supersededBy?: string;
  messages: Record<MessageId, string>;
}

export interface FixProposal<MessageId extends string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  edits: TextEdit[];
  /** Overrides the rule's fix safety for this one fix. */
  safety?: FixSafety;
}

export interface Report<MessageId extends string> {
  at: Node | TextRange;
  messageId: MessageId;
  data?: Record<string, string | number>;
  fixes?: FixProposal<MessageId>[];
}

/**
 * What the engine may ask of the machine it runs on, injected by the CLI or the language server so that the
 * engine itself does no I/O. Rules that need it skip their checks when it is absent.
 */
export interface LintHost {
  /** Whether a file exists at an absolute path (a stat, never a read). */
  fileExists(path: string): boolean;
  /** The absolute path of the file being linted, when it is a file on disk. */
  documentPath?: string;
  /** The user's home directory, where `~/.kube` lives. */
  homeDirectory?: string;
  /**
   * The time to judge certificate validity at. The engine never reads the clock itself: without it, rules skip
   * their time-based checks (expiry), so findings stay reproducible.
   */
  readonly now?: Date;
}

export interface RuleContext<MessageId extends string> {
  readonly config: LintConfig;
  /** What other documents define; present only for cross-document rules. */
  readonly workspace?: WorkspaceLookup;
  /** What the adapter lets rules ask of the machine (file system, current time); absent when none is injected. */
  readonly host?: LintHost;
  report(report: Report<MessageId>): void;
}

/** A rule checks YAML documents (`check`) or, with a file scope, documents that are not YAML (`checkFile`). */
export interface Rule<MessageId extends string = string> {
  id: string;
  meta: RuleMeta<MessageId>;
  check?(doc: ManifestDocument, context: RuleContext<MessageId>): void;
  checkFile?(file: FileDocument, context: RuleContext<MessageId>): void;
}

const FILE_SCOPES: readonly RuleScope[] = ['static-auth', 'pki', 'openssl-config'] satisfies FileDocument['format'][];

export function defineRule<MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  if (!/^[a-z0-9]+\/[a-z0-9-]+$/.test(rule.id)) throw new Error(`Rule id "${rule.id}" is not <category>/<kebab-name>.`);
  const readsFiles = FILE_SCOPES.includes(rule.meta.scope);
  if (readsFiles ? !rule.checkFile || rule.check : !rule.check || rule.checkFile) {
    throw new Error(`Rule "${rule.id}" must define ${readsFiles ? 'checkFile' : 'check'} alone for its scope "${rule.meta.scope}".`);
  }
  return rule;
}

/** Fills `{placeholder}`s; a missing value is a bug in the rule, so it throws rather than printing a hole. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in data)) throw new Error(`Message "${template}" needs a value for {${name}}.`);
    return String(data[name]);
  });
}

/** Where the project lives; rule documentation links point into it. */
export const REPOSITORY_URL = 'https://github.com/kubeward/kubeward';

export function docsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

export function docsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/${docsPath(ruleId)}`;
}
