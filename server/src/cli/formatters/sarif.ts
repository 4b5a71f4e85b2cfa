/**
 * SARIF 2.1.0 for GitHub code scanning and other CI tools. The rule list is a projection of the rules' metadata.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Severity } from '../../engine/config';
import { RULES } from '../../engine/rules/index';
import { docsUrl, REPOSITORY_URL } from '../../engine/rules/define-rule';
import { KUBEWARD_VERSION } from '../../version';
import { oneBased, type FileReport } from '../report';

const LEVELS: Record<Severity, Result.level> = { error: 'error', warning: 'warning', information: 'note' };

export function formatSarif(reports: readonly FileReport[]): string {
  const rules: ReportingDescriptor[] = RULES.map((rule) => ({
    id: rule.id,
    name: rule.id.replace(/[/-](\w)/g, (_, letter: string) => letter.toUpperCase()),
    shortDescription: { text: rule.meta.summary },
    fullDescription: { text: rule.meta.why },
    helpUri: docsUrl(rule.id),
    help: { text: `${rule.meta.why} See ${docsUrl(rule.id)}` },
    defaultConfiguration: { level: LEVELS[rule.meta.severity] },
    properties: { tags: ['security', 'kubernetes', rule.id.split('/')[0]] },
  }));
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.id, index]));
  const results: Result[] = reports.flatMap((report) =>
    report.findings.map((finding) => {
      const region = oneBased(report, finding.range);
      if (region.startLine === region.endLine && region.endColumn <= region.startColumn) region.endColumn = region.startColumn + 1;
      return {
        ruleId: finding.ruleId,
        ruleIndex: ruleIndex.get(finding.ruleId),
        level: LEVELS[finding.severity],
        message: { text: finding.message },
        locations: [{ physicalLocation: { artifactLocation: artifactLocation(report.path), region } }],
      };
    }),
  );
  const log: Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'Kubeward', version: KUBEWARD_VERSION, semanticVersion: KUBEWARD_VERSION, informationUri: REPOSITORY_URL, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** Paths inside the working directory are relative to the source root, as code scanning maps them; others are absolute. */
function artifactLocation(displayPath: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(displayPath) || displayPath.startsWith('..')) return { uri: pathToFileURL(path.resolve(displayPath)).href };
  return { uri: displayPath.split(/[\\/]/).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}
