/**
 * Hover is a list of independent providers; each one that applies contributes a Markdown section.
 */
import type { LintConfig } from '../../engine/config';
import type { StreamAnalysis } from '../../engine/linter';
import type { TextRange } from '../../engine/model/nodes';
import { positionInStream, type StreamPosition } from '../locate';
import type { WorkspaceIndex } from '../../engine/workspace';
import { effectiveAccessHover, ruleExpansionHover } from './effective-access';
import { fieldDocsHover } from './field-docs';
import { netpolInWordsHover } from './netpol-in-words';
import { findingsHover } from './findings';
import { credentialsHover } from './credentials';
import { auditLevelHover } from './audit-levels';
import { authorizerChainHover } from './authorizer-chain';
import { encryptionProviderHover } from './encryption-providers';
import { podSecurityHover } from './pod-security';
import { pullSecretReferenceHover } from './pull-secrets';

export interface HoverContext {
  analysis: StreamAnalysis;
  offset: number;
  position: StreamPosition;
  config: LintConfig;
  /** The workspace index, where the caller keeps one (the language server does). */
  workspace?: WorkspaceIndex;
  /** The time validity is judged against (certificate expiry); the current time when absent. */
  now?: Date;
}

export interface HoverSection {
  markdown: string;
  /** The absolute range the section is about. */
  range?: TextRange;
}

export interface HoverProvider {
  id: string;
  provide(context: HoverContext): HoverSection | undefined;
}

const PROVIDERS: readonly HoverProvider[] = [findingsHover, effectiveAccessHover, ruleExpansionHover, netpolInWordsHover, podSecurityHover, pullSecretReferenceHover, encryptionProviderHover, authorizerChainHover, auditLevelHover, credentialsHover, fieldDocsHover];

export interface HoverResult {
  markdown: string;
  range?: TextRange;
}

export function hover(analysis: StreamAnalysis, offset: number, config: LintConfig, workspace?: WorkspaceIndex, now?: Date): HoverResult | undefined {
  const position = positionInStream(analysis, offset);
  if (!position) return undefined;
  const context: HoverContext = { analysis, offset, position, config, ...(workspace ? { workspace } : {}), ...(now ? { now } : {}) };
  const sections = PROVIDERS.map((provider) => provider.provide(context)).filter((section): section is HoverSection => !!section);
  if (sections.length === 0) return undefined;
  return { markdown: sections.map((section) => section.markdown).join('\n\n---\n\n'), range: sections.find((section) => section.range)?.range };
}
