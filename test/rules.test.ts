/**
 * Runs every rule fixture and every example in the rule docs: the findings must equal the annotations exactly,
 * and fixes must produce the `.fixed.yaml` next to the fixture. UPDATE_FIXTURES=1 rewrites annotations and
 * fixed files from what the rules actually report, for review.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { applyFixes } from '../server/src/engine/fix';
import { RULES } from '../server/src/engine/rules/index';
import { annotate, readExpectations, sortExpectations, stripAnnotations, toExpectation } from './helpers/annotations';
import { FIXTURE_ROOT, KUBEADM_KUBECONFIG, lintFixtureText, lintOpensslFixture, lintPemFixture, lintStaticAuthFixture, listFixtures, readText, splitTestHeader, staticAuthKindOfFixture } from './helpers/fixtures';
import type { StaticAuthKind } from '../server/src/engine/reference/static-auth-flags';
import { PEM_FILE_NAME } from '../server/src/engine/model/pem-file';
import { OPENSSL_CONFIG_NAME } from '../server/src/engine/model/openssl-config';
import type { Finding } from '../server/src/engine/linter';
import { REPO_ROOT } from './helpers/paths';

const UPDATE = process.env.UPDATE_FIXTURES === '1';
const producedMessages = new Set<string>();

function checkAnnotatedText(ruleId: string, text: string, where: string, companions: readonly string[] = []): void {
  const kind = staticAuthKindOfFixture(where);
  if (kind) return checkStaticAuthText(ruleId, text, where, kind);
  if (PEM_FILE_NAME.test(where)) return checkPemText(ruleId, text, where, companions);
  if (OPENSSL_CONFIG_NAME.test(where)) return checkTextOf(text, where, (stripped) => lintOpensslFixture(ruleId, stripped));
  const findings = lintFixtureText(ruleId, text, companions, where.endsWith('.yaml') || KUBEADM_KUBECONFIG.test(where) ? where : undefined);
  for (const finding of findings) {
    producedMessages.add(`${finding.ruleId}:${finding.messageId}`);
    for (const fix of finding.fixes) producedMessages.add(`${finding.ruleId}:${fix.messageId}`);
  }
  const actual = sortExpectations(findings.map((finding) => toExpectation(text, finding)));
  const expected = sortExpectations(readExpectations(text));
  if (UPDATE && (where.endsWith('.yaml') || KUBEADM_KUBECONFIG.test(where))) {
    writeFileSync(where, annotate(text, actual));
    return;
  }
  assert.deepEqual(actual, expected, `Findings differ from the annotations in ${where}. With the actual findings it reads:\n\n${annotate(text, actual)}\n`);
}

/**
 * A static auth file is linted without its annotation lines, and the file must read exactly as its text annotated
 * with the findings.
 */
function checkStaticAuthText(ruleId: string, text: string, where: string, kind: StaticAuthKind): void {
  const { header, body } = splitTestHeader(text);
  const stripped = stripAnnotations(body);
  const findings = lintStaticAuthFixture(ruleId, stripped, kind, header);
  for (const finding of findings) producedMessages.add(`${finding.ruleId}:${finding.messageId}`);
  const annotated = header + annotate(stripped, sortExpectations(findings.map((finding) => toExpectation(stripped, finding))));
  if (UPDATE && !where.includes(' example ')) {
    writeFileSync(where, annotated);
    return;
  }
  assert.equal(text, annotated, `Findings differ from the annotations in ${where}. With the actual findings it reads:\n\n${annotated}\n`);
}

/** A PEM file is linted without its annotation lines, with the other files of its case beside it. */
function checkPemText(ruleId: string, text: string, where: string, companions: readonly string[]): void {
  checkTextOf(text, where, (stripped) => lintPemFixture(ruleId, stripped, where, companions));
}

/** A file that is not YAML must read exactly as its text, without annotations, annotated with its findings. */
function checkTextOf(text: string, where: string, lint: (stripped: string) => Finding[]): void {
  const stripped = stripAnnotations(text);
  const findings = lint(stripped);
  for (const finding of findings) producedMessages.add(`${finding.ruleId}:${finding.messageId}`);
  const annotated = annotate(stripped, sortExpectations(findings.map((finding) => toExpectation(stripped, finding))));
  if (UPDATE) {
    writeFileSync(where, annotated);
    return;
  }
  assert.equal(text, annotated, `Findings differ from the annotations in ${where}. With the actual findings it reads:\n\n${annotated}\n`);
}

describe('rule fixtures', () => {
  for (const fixture of listFixtures()) {
    const name = `${fixture.ruleId} ${path.relative(path.join(FIXTURE_ROOT, fixture.ruleId), fixture.file)}`;
    test(name, () => {
      const text = readText(fixture.file);
      const annotations = readExpectations(text);
      if (fixture.kind === 'valid') assert.equal(annotations.length, 0, `${name}: a valid fixture must carry no annotation`);
      // In a multi-file case, the companions may be there only to be referred to.
      else if (fixture.companions.length === 0) assert.ok(annotations.length > 0 || UPDATE, `${name}: an invalid fixture needs at least one annotation`);
      checkAnnotatedText(fixture.ruleId, text, fixture.file, fixture.companions);
    });

    if (fixture.kind === 'invalid' && RULES.find((rule) => rule.id === fixture.ruleId)?.meta.fix) {
      test(`${name} fix round trip`, () => {
        const text = stripAnnotations(readText(fixture.file));
        const findings = lintFixtureText(fixture.ruleId, text, fixture.companions);
        const fixes = findings.flatMap((finding) => finding.fixes.slice(0, 1));
        if (fixes.length === 0) {
          assert.equal(fixture.fixedFile, undefined, `${name} offers no fix, so it must not have a .fixed.yaml`);
          return;
        }
        const fixed = applyFixes(text, fixes).text;
        const fixedFile = fixture.fixedFile ?? fixture.file.replace(/\.yaml$/, '.fixed.yaml');
        if (UPDATE) writeFileSync(fixedFile, fixed);
        assert.ok(existsSync(fixedFile), `${name} has fixes but no ${path.basename(fixedFile)}`);
        assert.equal(fixed, readFileSync(fixedFile, 'utf8'), `${name}: applying the fixes does not give ${path.basename(fixedFile)}`);
        const after = lintFixtureText(fixture.ruleId, fixed, fixture.companions);
        assert.deepEqual(after.filter((finding) => finding.fixes.length > 0).map((finding) => finding.message), [], `${name}: fixable findings remain after fixing`);
        const syntax = lintFixtureText('yaml/syntax', fixed);
        assert.deepEqual(syntax.map((finding) => finding.message), [], `${name}: the fixed text does not parse`);
      });
    }
  }
});

describe('rule documentation examples', () => {
  for (const rule of RULES) {
    const page = path.join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`);
    if (!existsSync(page)) continue;
    const examples = examplesOf(readFileSync(page, 'utf8'));
    examples.forEach((example, index) => {
      const where = `${page} example ${index + 1}${example.language === 'yaml' ? '' : ` ${example.language}`}`;
      test(`${rule.id} docs example ${index + 1}`, () => checkAnnotatedText(rule.id, example.text, where));
    });
  }
});

test('every message of every rule is produced by some fixture or docs example', () => {
  if (UPDATE) return;
  const missing = RULES.flatMap((rule) =>
    Object.keys(rule.meta.messages)
      .filter((id) => !producedMessages.has(`${rule.id}:${id}`))
      .map((id) => `${rule.id}:${id}`),
  );
  assert.deepEqual(missing, []);
});

function examplesOf(markdown: string): { language: string; text: string }[] {
  const section = /^## Examples\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(markdown)?.[1] ?? '';
  return [...section.matchAll(/```(yaml|csv|jsonl)\n([\s\S]*?)```/g)].map((match) => ({ language: match[1], text: match[2] }));
}
