/**
 * Where control-plane configuration findings go: the value the problem is about (or its key, for a field to
 * rename or remove), or the nearest written parent when the field is missing, and the path written the way the
 * component's own errors write it (`resources[0].providers[1].kms.timeout`).
 */
import { isScalar, type Scalar } from 'yaml';
import { locate, nodeRange, replaceScalar } from '../../edits';
import type { ManifestDocument } from '../../model/document';
import type { PathSegment } from '../../model/nodes';
import type { Report, RuleContext } from '../../rules/define-rule';
import type { DecodeProblem } from './go-shape';

export function describePath(path: readonly PathSegment[]): string {
  return path.reduce<string>((written, segment) => (typeof segment === 'number' ? `${written}[${segment}]` : written ? `${written}.${segment}` : segment), '') || 'the file';
}

interface Placement<MessageId extends string> {
  /** Point at the key rather than the value. */
  onKey?: boolean;
  /** Offer to rename the key to a known field. */
  rename?: { messageId: MessageId; suggestion: string };
}

export function reportAt<MessageId extends string>(
  doc: ManifestDocument,
  context: RuleContext<MessageId>,
  path: readonly PathSegment[],
  report: Omit<Report<MessageId>, 'at'>,
  placement: Placement<MessageId> = {},
): void {
  const target = locate(doc.root ?? undefined, path);
  const exactKey = target.exact ? target.key : undefined;
  const node = placement.onKey || !target.exact ? (target.key ?? target.value) : (target.value ?? target.key);
  if (!node) return;
  const rename = placement.rename;
  const fixes = rename && exactKey && isScalar(exactKey) ? [{ messageId: rename.messageId, data: { key: String(exactKey.value), suggestion: rename.suggestion }, edits: [replaceScalar(exactKey as Scalar, rename.suggestion)] }] : [];
  context.report({ ...report, at: nodeRange(node), ...(fixes.length > 0 ? { fixes } : {}) });
}

/**
 * Reports what decoding and validating a configuration file found: `refused` for what stops the component,
 * `ignored` for fields a lenient decoder drops, each with a rename fix where a known field was likely meant.
 */
export function reportDecodeProblems<MessageId extends string>(
  doc: ManifestDocument,
  context: RuleContext<MessageId>,
  problems: readonly DecodeProblem[],
  messages: { refused: MessageId; renameField: MessageId; ignored?: MessageId },
): void {
  for (const problem of problems) {
    const rename = problem.suggestion ? { messageId: messages.renameField, suggestion: problem.suggestion } : undefined;
    if (problem.kind === 'refused' || !messages.ignored) {
      reportAt(doc, context, problem.path, { messageId: messages.refused, data: { field: describePath(problem.path), problem: problem.message } }, { onKey: problem.unknownField, rename });
      continue;
    }
    const key = String(problem.path[problem.path.length - 1]);
    reportAt(doc, context, problem.path, { messageId: messages.ignored, data: { key, hint: rename ? ` (did you mean "${rename.suggestion}"?)` : '' } }, { onKey: true, rename });
  }
}
