/**
 * Discovers rule fixtures (test/fixtures/rules/<category>/<name>/{valid,invalid}/*.yaml) and lints them the way
 * the convention says: only the folder's rule is on, at its default severity, unless the first line says otherwise.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONFIG, resolveConfig, type LintConfig } from '../../server/src/engine/config';
import { lintFile, StreamLinter, type Finding } from '../../server/src/engine/linter';
import { staticAuthKindOf } from '../../server/src/engine/analysis/static-auth/file-kind';
import { StaticAuthFile } from '../../server/src/engine/model/static-auth-file';
import { PemFile, PEM_FILE_NAME } from '../../server/src/engine/model/pem-file';
import { OpensslConfigFile, OPENSSL_CONFIG_NAME } from '../../server/src/engine/model/openssl-config';
import { stripAnnotations } from './annotations';
import type { StaticAuthKind } from '../../server/src/engine/reference/static-auth-flags';
import { RULES, RULE_IDS } from '../../server/src/engine/rules/index';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { REPO_ROOT } from './paths';

export const FIXTURE_ROOT = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');
const STATIC_AUTH_FIXTURE = /\.(csv|jsonl)$/;
/** kubeadm's kubeconfigs are YAML fixtures named as kubeadm names them, since their rules read the file name. */
export const KUBEADM_KUBECONFIG = /\.conf$/;

/**
 * The kind of static auth file a fixture or docs example is, by the default `files.staticAuth` globs (fixtures are
 * named to match them) or, for a docs example, by its code block's language.
 */
export function staticAuthKindOfFixture(where: string): StaticAuthKind | undefined {
  if (where.endsWith(' csv')) return 'tokenFile';
  if (where.endsWith(' jsonl')) return 'abacPolicyFile';
  return STATIC_AUTH_FIXTURE.test(where) ? staticAuthKindOf(path.basename(where), DEFAULT_CONFIG.staticAuthFiles) : undefined;
}

/**
 * Lints the text of a static auth fixture, whose annotation lines are removed first: in a CSV file a `#` line is
 * a record like any other.
 */
export function lintStaticAuthFixture(ruleId: string, text: string, kind: StaticAuthKind, header = ''): Finding[] {
  return lintFile(new StaticAuthFile(text, kind), fixtureConfig(ruleId, header), RULES);
}

/**
 * Lints a PEM fixture (annotations removed) with the other files of its case in the index, at the fixtures' time,
 * as the command line lints a folder of PEM files.
 */
export function lintPemFixture(ruleId: string, text: string, file: string, companions: readonly string[]): Finding[] {
  const workspace = new WorkspaceIndex();
  const pem = new PemFile(text, file);
  for (const companion of companions) {
    if (companion.endsWith('.yaml')) workspace.setFileText(companion, readText(companion));
    else workspace.pki.setFile(new PemFile(stripAnnotations(readText(companion)), companion));
  }
  workspace.pki.setFile(pem);
  return lintFile(pem, fixtureConfig(ruleId, ''), RULES, workspace, { fileExists: () => false, now: FIXTURE_NOW });
}

/** Lints an openssl configuration fixture (annotations removed: openssl reads them as comments anyway). */
export function lintOpensslFixture(ruleId: string, text: string): Finding[] {
  return lintFile(new OpensslConfigFile(text), fixtureConfig(ruleId, ''), RULES);
}

/** A static auth fixture's `# kubeward-test: {json}` first line, which is the harness's and not part of the file. */
export function splitTestHeader(text: string): { header: string; body: string } {
  const header = /^# kubeward-test: .*\n/.exec(text)?.[0] ?? '';
  return { header, body: text.slice(header.length) };
}

export interface Fixture {
  ruleId: string;
  kind: 'valid' | 'invalid';
  file: string;
  /** The expected result of applying fixes, when the fixture has one. */
  fixedFile?: string;
  /** The other files of a multi-file case (a folder), linted as one workspace with this one. */
  companions: string[];
}

export function listFixtures(): Fixture[] {
  const fixtures: Fixture[] = [];
  if (!existsSync(FIXTURE_ROOT)) return fixtures;
  for (const category of readdirSync(FIXTURE_ROOT).sort()) {
    for (const name of readdirSync(path.join(FIXTURE_ROOT, category)).sort()) {
      for (const kind of ['valid', 'invalid'] as const) {
        const directory = path.join(FIXTURE_ROOT, category, name, kind);
        if (!existsSync(directory)) continue;
        for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
          const files = entry.isDirectory() ? yamlFiles(path.join(directory, entry.name), { recursive: true }) : yamlFiles(directory).filter((file) => path.basename(file) === entry.name);
          for (const file of files) {
            const fixedFile = file.replace(/\.yaml$/, '.fixed.yaml');
            fixtures.push({
              ruleId: `${category}/${name}`,
              kind,
              file,
              ...(existsSync(fixedFile) ? { fixedFile } : {}),
              companions: entry.isDirectory() ? files.filter((other) => other !== file) : [],
            });
          }
        }
      }
    }
  }
  return fixtures;
}

/**
 * YAML fixtures, the CSV and JSON-lines files of the static-auth rules and the PEM files of the pki rules; in a
 * multi-file case, those of its subfolders too (a PKI layout has folders of its own).
 */
function yamlFiles(directory: string, { recursive = false } = {}): string[] {
  return readdirSync(directory, { recursive })
    .map(String)
    .filter((relative) => {
      const file = path.basename(relative);
      return (file.endsWith('.yaml') && !file.endsWith('.fixed.yaml')) || KUBEADM_KUBECONFIG.test(file) || STATIC_AUTH_FIXTURE.test(file) || PEM_FILE_NAME.test(file) || OPENSSL_CONFIG_NAME.test(file);
    })
    .sort()
    .map((file) => path.join(directory, file));
}

/** The configuration a fixture runs under: its rule alone, plus any `# kubeward-test: {json}` first line. */
export function fixtureConfig(ruleId: string, text: string): LintConfig {
  // The rule under test keeps its default severities (per message, where it has several); all others are off.
  const rules: Record<string, string> = Object.fromEntries(RULES.filter((rule) => rule.id !== ruleId).map((rule) => [rule.id, 'off']));
  const firstLine = /^# kubeward-test: (.*)$/m.exec(text.split('\n')[0] ?? '');
  const overrides = firstLine ? (JSON.parse(firstLine[1]) as { kubernetesVersion?: string; rules?: Record<string, string> }) : {};
  const { config, problems } = resolveConfig({ ...overrides, rules: { ...rules, ...overrides.rules } }, RULE_IDS);
  if (problems.length > 0) throw new Error(`Bad kubeward-test line: ${problems.join(' ')}`);
  return config;
}

/** The time fixtures and docs examples are linted at. */
export const FIXTURE_NOW = new Date('2026-06-01T00:00:00Z');

/** Where a docs example is taken to live: a folder that does not exist, so every file it names is missing. */
const DOCS_EXAMPLE_PATH = path.join(FIXTURE_ROOT, '__docs-example__', 'config');

/**
 * Lints a fixture the way the command line lints a folder: every file once, then each again with the workspace
 * index of all of them, so cross-document rules see the companions of a multi-file case. The host resolves files
 * against the fixture's folder (`file`), so a multi-file case can hold the certificates a kubeconfig names.
 */
export function lintFixtureText(ruleId: string, text: string, companions: readonly string[] = [], file?: string): Finding[] {
  const config = fixtureConfig(ruleId, text);
  const workspace = new WorkspaceIndex();
  for (const companion of companions) workspace.setFile(companion, new StreamLinter(RULES).lint(readText(companion), config));
  // A fixed time, so that certificate validity in fixtures does not change with the calendar.
  const host = { fileExists: (target: string) => existsSync(target) && statSync(target).isFile(), documentPath: file ?? DOCS_EXAMPLE_PATH, now: FIXTURE_NOW };
  const linter = new StreamLinter(RULES, host);
  workspace.setFile('fixture', linter.lint(text, config));
  return linter.lint(text, config, workspace).findings;
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
