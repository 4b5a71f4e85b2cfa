/**
 * Discovers rule fixtures (test/fixtures/rules/<category>/<name>/{valid,invalid}/*.yaml) and lints them the way
 * the convention says: only the folder's rule is on, at its default severity, unless the first line says otherwise.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveConfig, type LintConfig } from '../../server/src/engine/config';
import { StreamLinter, type Finding } from '../../server/src/engine/linter';
import { RULES, RULE_IDS } from '../../server/src/engine/rules/index';
import { REPO_ROOT } from './paths';

export const FIXTURE_ROOT = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');

export interface Fixture {
  ruleId: string;
  kind: 'valid' | 'invalid';
  file: string;
  /** The expected result of applying fixes, when the fixture has one. */
  fixedFile?: string;
}

export function listFixtures(): Fixture[] {
  const fixtures: Fixture[] = [];
  if (!existsSync(FIXTURE_ROOT)) return fixtures;
  for (const category of readdirSync(FIXTURE_ROOT).sort()) {
    for (const name of readdirSync(path.join(FIXTURE_ROOT, category)).sort()) {
      for (const kind of ['valid', 'invalid'] as const) {
        const directory = path.join(FIXTURE_ROOT, category, name, kind);
        if (!existsSync(directory)) continue;
        for (const file of readdirSync(directory).sort()) {
          if (!file.endsWith('.yaml') || file.endsWith('.fixed.yaml')) continue;
          const fixedFile = path.join(directory, file.replace(/\.yaml$/, '.fixed.yaml'));
          fixtures.push({
            ruleId: `${category}/${name}`,
            kind,
            file: path.join(directory, file),
            ...(existsSync(fixedFile) ? { fixedFile } : {}),
          });
        }
      }
    }
  }
  return fixtures;
}

/** The configuration a fixture runs under: its rule alone, plus any `# kubeward-test: {json}` first line. */
export function fixtureConfig(ruleId: string, text: string): LintConfig {
  const rules: Record<string, string> = Object.fromEntries(RULES.map((rule) => [rule.id, rule.id === ruleId ? rule.meta.severity : 'off']));
  const firstLine = /^# kubeward-test: (.*)$/m.exec(text.split('\n')[0] ?? '');
  const overrides = firstLine ? (JSON.parse(firstLine[1]) as { kubernetesVersion?: string; rules?: Record<string, string> }) : {};
  const { config, problems } = resolveConfig({ ...overrides, rules: { ...rules, ...overrides.rules } }, RULE_IDS);
  if (problems.length > 0) throw new Error(`Bad kubeward-test line: ${problems.join(' ')}`);
  return config;
}

export function lintFixtureText(ruleId: string, text: string): Finding[] {
  return new StreamLinter(RULES).lint(text, fixtureConfig(ruleId, text)).findings;
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
