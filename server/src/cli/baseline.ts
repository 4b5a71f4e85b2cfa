/**
 * `kubeward lint --write-baseline FILE` records the findings of a run; `--baseline FILE` then reports only findings
 * the baseline does not hold, matched by identity (services/finding-identity.ts) rather than by line, so moving
 * or re-indenting a document reports nothing new. A finding written twice counts twice: a third copy is new.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { findingIdentities, identityKey, type FindingIdentity } from '../services/finding-identity';
import type { FileReport } from './report';

const FORMAT = 'kubeward-lint-baseline';

interface BaselineFile {
  format: typeof FORMAT;
  version: 1;
  findings: (FindingIdentity & { count: number })[];
}

export class BaselineError extends Error {}

function identitiesOf(reports: readonly FileReport[]): { report: FileReport; keys: string[]; identities: FindingIdentity[] }[] {
  return reports.map((report) => {
    const identities = findingIdentities(report.path, report.text, report.findings);
    return { report, identities, keys: identities.map(identityKey) };
  });
}

export function writeBaseline(file: string, reports: readonly FileReport[]): number {
  const counted = new Map<string, FindingIdentity & { count: number }>();
  for (const { identities, keys } of identitiesOf(reports)) {
    keys.forEach((key, index) => {
      const entry = counted.get(key);
      if (entry) entry.count++;
      else counted.set(key, { ...identities[index], count: 1 });
    });
  }
  const contents: BaselineFile = { format: FORMAT, version: 1, findings: [...counted.values()] };
  writeFileSync(file, `${JSON.stringify(contents, null, 2)}\n`);
  return [...counted.values()].reduce((sum, entry) => sum + entry.count, 0);
}

export function readBaseline(file: string): Map<string, number> {
  let contents: Partial<BaselineFile>;
  try {
    contents = JSON.parse(readFileSync(file, 'utf8')) as Partial<BaselineFile>;
  } catch (error) {
    throw new BaselineError(`cannot read the baseline ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (contents.format !== FORMAT || contents.version !== 1 || !Array.isArray(contents.findings)) throw new BaselineError(`${file} is not a Kubeward lint baseline (write one with --write-baseline)`);
  const counts = new Map<string, number>();
  for (const entry of contents.findings) counts.set(identityKey(entry), (counts.get(identityKey(entry)) ?? 0) + (Number.isInteger(entry.count) ? entry.count : 1));
  return counts;
}

/** The reports with the findings the baseline holds left out. */
export function withoutBaselined(reports: readonly FileReport[], baseline: ReadonlyMap<string, number>): FileReport[] {
  const left = new Map(baseline);
  return identitiesOf(reports).map(({ report, keys }) => ({
    ...report,
    findings: report.findings.filter((_, index) => {
      const remaining = left.get(keys[index]) ?? 0;
      if (remaining === 0) return true;
      left.set(keys[index], remaining - 1);
      return false;
    }),
  }));
}
