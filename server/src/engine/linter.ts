/**
 * Runs the rules over a YAML stream. Each document is analysed on its own and its findings are cached by the
 * document's text and the configuration, so an edit re-analyses only the document it touches.
 */
import { configKey, severityUnderProfile, type LintConfig, type Severity } from './config';
import { shiftEdit, type Fix } from './fix';
import { ManifestDocument } from './model/document';
import { splitDocuments } from './model/parse';
import type { TextRange } from './model/nodes';
import type { Node } from 'yaml';
import { formatMessage, type LintHost, type Rule, type RuleContext } from './rules/define-rule';
import { readSuppressions, type Suppressions } from './suppressions';
import type { FileDocument } from './model/file-document';
import { exceededLimit } from './analysis/limits';
import type { WorkspaceLookup } from './workspace';

export interface Finding {
  ruleId: string;
  severity: Severity;
  messageId: string;
  message: string;
  range: TextRange;
  fixes: Fix[];
}

export interface StreamDocument {
  /** Offset of the document's text within the stream. */
  offset: number;
  document: ManifestDocument;
}

export interface StreamAnalysis {
  text: string;
  documents: StreamDocument[];
  findings: Finding[];
}

interface DocumentResult {
  document: ManifestDocument;
  findings: Finding[];
  /** Cross-document findings and the workspace (and its version) they were computed against. */
  crossDocument?: { workspace: WorkspaceLookup; version: number; findings: Finding[] };
  /** The results of a List's items, each at its offset in the List's text. */
  items: { offset: number; result: DocumentResult }[];
}

/** Lints one document; ranges in the findings are relative to the document's text. */
export function lintDocument(
  document: ManifestDocument,
  config: LintConfig,
  rules: readonly Rule[],
  workspace?: WorkspaceLookup,
  host?: LintHost,
): Finding[] {
  const findings: Finding[] = [];
  const suppressions = readSuppressions(document.text);
  // A document beyond the limits gets only the finding that says so; the rules' cost on it is unbounded.
  const runnable = exceededLimit(document, config.limits) ? rules.filter((rule) => rule.id === ANALYSIS_LIMIT_RULE) : rules;
  const started = performance.now();
  for (const [position, rule] of runnable.entries()) {
    if (performance.now() - started >= config.limits.documentTimeBudgetMs) {
      const skipped = runnable.slice(position).filter((candidate) => config.rules[candidate.id] !== 'off' && inScope(candidate, document)).length;
      const finding = limitFinding(rules, config, 'timeBudget', { limit: config.limits.documentTimeBudgetMs, skipped }, { start: 0, end: 0 });
      if (finding) findings.push(finding);
      break;
    }
    const configured = config.rules[rule.id];
    if (configured === 'off' || !inScope(rule, document)) continue;
    rule.check?.(document, contextFor(rule, config, findings, (at) => ('start' in at ? at : document.rangeOf(at)), suppressions, workspace, host));
  }
  return findings.sort(byPosition);
}

/**
 * Lints a document that is not YAML with the rules of its format's scope. Only an ABAC file can carry
 * suppression comments: in a CSV file every line, `#` ones too, is a record, and PEM files have no comments.
 */
export function lintFile(file: FileDocument, config: LintConfig, rules: readonly Rule[], workspace?: WorkspaceLookup, host?: LintHost): Finding[] {
  if (file.text.length > config.limits.maxFileSizeKB * 1024) {
    const finding = limitFinding(rules, config, 'fileTooLarge', { size: Math.ceil(file.text.length / 1024), limit: config.limits.maxFileSizeKB }, { start: 0, end: 0 });
    return finding ? [finding] : [];
  }
  const findings: Finding[] = [];
  const suppressions = readSuppressions(file.format === 'static-auth' && file.kind === 'abacPolicyFile' ? file.text : '');
  for (const rule of rules) {
    const configured = config.rules[rule.id];
    if (configured === 'off' || rule.meta.scope !== file.format) continue;
    rule.checkFile?.(file, contextFor(rule, config, findings, (at) => ('start' in at ? at : { start: 0, end: 0 }), suppressions, workspace, host));
  }
  return findings.sort(byPosition);
}

/** The context a rule reports through: suppressed places are skipped, messages formatted, severities configured. */
function contextFor(
  rule: Rule,
  config: LintConfig,
  findings: Finding[],
  rangeOf: (at: Node | TextRange) => TextRange,
  suppressions: Suppressions,
  workspace?: WorkspaceLookup,
  host?: LintHost,
): RuleContext<string> {
  const configured = config.rules[rule.id];
  return {
    config,
    workspace,
    host,
    report(report) {
      const range = rangeOf(report.at);
      if (suppressions.isSuppressed(rule.id, range.start)) return;
      if (report.fixes?.length && !rule.meta.fix) throw new Error(`${rule.id} reports a fix but its meta has no fix kind.`);
      findings.push({
        ruleId: rule.id,
        severity: configured && configured !== 'off' ? configured : defaultSeverity(rule, report.messageId, config),
        messageId: report.messageId,
        message: formatMessage(rule.meta.messages[report.messageId], report.data),
        range: { start: range.start, end: range.end },
        fixes: (report.fixes ?? []).map((fix) => ({
          title: formatMessage(rule.meta.messages[fix.messageId], fix.data),
          messageId: fix.messageId,
          safety: fix.safety ?? rule.meta.fix ?? 'unsafe',
          edits: fix.edits,
        })),
      });
    },
  };
}

/** A finding's severity when the configuration names none for its rule. */
function defaultSeverity(rule: Rule, messageId: string, config: LintConfig): Severity {
  const severity = rule.meta.messageSeverity?.[messageId] ?? rule.meta.severity;
  return rule.meta.risk ? severityUnderProfile(severity, config.riskProfile) : severity;
}

const ANALYSIS_LIMIT_RULE = 'yaml/analysis-limit';

/** A finding of yaml/analysis-limit made by the linter itself, for limits a single document cannot see. */
function limitFinding(rules: readonly Rule[], config: LintConfig, messageId: string, data: Record<string, number>, range: TextRange): Finding | undefined {
  const rule = rules.find((candidate) => candidate.id === ANALYSIS_LIMIT_RULE);
  const severity = rule && (config.rules[rule.id] ?? rule.meta.severity);
  if (!rule || !severity || severity === 'off') return undefined;
  return { ruleId: rule.id, severity, messageId, message: formatMessage(rule.meta.messages[messageId], data), range, fixes: [] };
}

function byPosition(a: Finding, b: Finding): number {
  return a.range.start - b.range.start || a.range.end - b.range.end;
}

function inScope(rule: Rule, document: ManifestDocument): boolean {
  if (document.isTemplate) return false;
  // A List's text is read as YAML once, as the List; what it says is said by its items, which are read as objects.
  if (document.isList) return rule.meta.scope === 'yaml';
  if (document.fromList && rule.meta.scope === 'yaml') return false;
  switch (rule.meta.scope) {
    case 'static-auth':
    case 'pki':
    case 'openssl-config':
      return false;
    case 'yaml':
      return document.looksLikeManifest;
    case 'kubernetes':
      return document.category === 'kubernetes';
    case 'manifests':
      return document.category !== 'other';
  }
}

/**
 * Lints successive versions of one stream, reusing the analysis of every document whose text did not change.
 * Keep one instance per open file.
 */
export class StreamLinter {
  private cache = new Map<string, DocumentResult>();
  /** The results of List items by item text, so that an edit inside one item of a long List re-analyses only it. */
  private itemCache = new Map<string, DocumentResult>();
  private nextItems = new Map<string, DocumentResult>();
  private cacheConfig = '';
  private readonly documentRules: readonly Rule[];
  private readonly crossDocumentRules: readonly Rule[];

  /**
   * `host` gives rules that look outside the document (such as kubeconfig/missing-file) access to the file
   * system; like cross-document rules, they are re-run on every lint rather than cached with the document.
   * Document rules see it too, for `host.now` (certificate validity): their findings are cached per document
   * version, so validity is judged at the time a version was first linted.
   */
  constructor(
    private readonly rules: readonly Rule[],
    private readonly host?: LintHost,
  ) {
    this.documentRules = rules.filter((rule) => !rule.meta.crossDocument);
    this.crossDocumentRules = rules.filter((rule) => rule.meta.crossDocument);
  }

  /**
   * Lints a version of the stream. Rules that look at other documents run only when `workspace` is given, after
   * `beforeCrossDocument` has seen the stream's documents (so the caller can index them first); their findings
   * are reused while the workspace's version stays the same. The command line lints every file once without a
   * workspace, indexes them all, then lints again with it.
   */
  lint(
    text: string,
    config: LintConfig,
    workspace?: WorkspaceLookup,
    beforeCrossDocument?: (documents: readonly StreamDocument[]) => void,
  ): StreamAnalysis {
    const key = configKey(config);
    if (key !== this.cacheConfig) {
      this.cache.clear();
      this.itemCache.clear();
      this.cacheConfig = key;
    }
    this.nextItems = new Map();
    const next = new Map<string, DocumentResult>();
    const documents: StreamDocument[] = [];
    const results: DocumentResult[] = [];
    const { maxFileSizeKB, maxDocumentsPerFile } = config.limits;
    if (text.length > maxFileSizeKB * 1024) {
      const firstLine = text.indexOf('\n');
      const finding = limitFinding(this.rules, config, 'fileTooLarge', { size: Math.ceil(text.length / 1024), limit: maxFileSizeKB }, { start: 0, end: firstLine === -1 ? Math.min(text.length, 80) : firstLine });
      this.cache = next;
      return { text, documents, findings: finding ? [finding] : [] };
    }
    const chunks = splitDocuments(text);
    const tooMany = chunks.length > maxDocumentsPerFile ? chunks[maxDocumentsPerFile] : undefined;
    for (const chunk of chunks.slice(0, maxDocumentsPerFile)) {
      const result = next.get(chunk.text) ?? this.cache.get(chunk.text) ?? this.analyse(new ManifestDocument(chunk.text), config);
      next.set(chunk.text, result);
      this.keepItems(result);
      place(result, chunk.offset, documents, results);
    }
    beforeCrossDocument?.(documents);
    const findings: Finding[] = [];
    results.forEach((result, index) => {
      const crossDocument = workspace && this.crossDocumentRules.length > 0 ? this.crossDocumentFindings(result, config, workspace) : [];
      const documentFindings = crossDocument.length === 0 ? result.findings : this.withoutSuperseded([...result.findings, ...crossDocument]).sort(byPosition);
      for (const finding of documentFindings) findings.push(shiftFinding(finding, documents[index].offset));
    });
    if (tooMany) {
      const lineEnd = text.indexOf('\n', tooMany.offset);
      const finding = limitFinding(this.rules, config, 'tooManyDocuments', { limit: maxDocumentsPerFile }, { start: tooMany.offset, end: lineEnd === -1 ? text.length : lineEnd });
      if (finding) findings.push(finding);
    }
    this.cache = next;
    this.itemCache = this.nextItems;
    // A List's own findings and its items' interleave in the text.
    return { text, documents, findings: findings.sort(byPosition) };
  }

  /** Leaves out findings of rules superseded by a rule that reports at the same place (RuleMeta.supersededBy). */
  private withoutSuperseded(findings: Finding[]): Finding[] {
    const superseding = new Map(this.rules.flatMap((rule) => (rule.meta.supersededBy ? [[rule.id, rule.meta.supersededBy] as const] : [])));
    if (superseding.size === 0) return findings;
    return findings.filter((finding) => {
      const by = superseding.get(finding.ruleId);
      return !by || !findings.some((other) => other.ruleId === by && other.range.start < finding.range.end && finding.range.start < other.range.end);
    });
  }

  /** Lints a document and, when it is a List, each of its items (an item's text seen in the last version keeps its result). */
  private analyse(document: ManifestDocument, config: LintConfig): DocumentResult {
    const known = (text: string) => this.nextItems.get(text) ?? this.itemCache.get(text);
    const items = document.listItems((text) => known(text)?.document ?? new ManifestDocument(text, true));
    return {
      document,
      findings: lintDocument(document, config, this.documentRules, undefined, this.host),
      items: items.map((item) => ({ offset: item.offset, result: known(item.document.text) ?? this.analyse(item.document, config) })),
    };
  }

  /** Keeps the results of a List's items for the next version. */
  private keepItems(result: DocumentResult): void {
    for (const item of result.items) {
      this.nextItems.set(item.result.document.text, item.result);
      this.keepItems(item.result);
    }
  }

  private crossDocumentFindings(result: DocumentResult, config: LintConfig, workspace: WorkspaceLookup): Finding[] {
    const cached = result.crossDocument;
    if (cached && cached.workspace === workspace && cached.version === workspace.version) return cached.findings;
    const findings = lintDocument(result.document, config, this.crossDocumentRules, workspace, this.host);
    result.crossDocument = { workspace, version: workspace.version, findings };
    return findings;
  }
}

/** Lists a result's document at `offset`, then its List items, in the stream's order. */
function place(result: DocumentResult, offset: number, documents: StreamDocument[], results: DocumentResult[]): void {
  documents.push({ offset, document: result.document });
  results.push(result);
  for (const item of result.items) place(item.result, offset + item.offset, documents, results);
}

function shiftFinding(finding: Finding, delta: number): Finding {
  if (delta === 0) return finding;
  return {
    ...finding,
    range: { start: finding.range.start + delta, end: finding.range.end + delta },
    fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => shiftEdit(edit, delta)) })),
  };
}

/** A finding for input that cannot be read as text at all (bytes that are not UTF-8), reported as a syntax error. */
export function unreadableInputFinding(message: string, config: LintConfig, rules: readonly Rule[]): Finding | undefined {
  const syntax = rules.find((rule) => rule.id === 'yaml/syntax');
  const severity = syntax && (config.rules[syntax.id] ?? syntax.meta.severity);
  if (!syntax || !severity || severity === 'off') return undefined;
  return { ruleId: syntax.id, severity, messageId: 'syntaxError', message, range: { start: 0, end: 0 }, fixes: [] };
}
