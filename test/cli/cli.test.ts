/**
 * Runs the built `kubeward` command line as users and CI run it, as a child process in a scratch directory, and
 * checks what they rely on: the text, JSON and SARIF formats, exit codes, file discovery, options, `--fix`, the
 * rules index, the examples/ folder and the absence of errors on real manifests from the shared corpus.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT as repoRoot } from '../helpers/paths';
import { kubeward, writeTree, type CliResult } from '../helpers/cli';

const corpusRoot = process.env.KUBEWARD_SHARED_CORPUS ?? path.resolve(repoRoot, '../shared/corpus');
const packageVersion = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** The 1-based line and column of the first occurrence of `needle`, so expected positions come from the fixture. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  assert.notEqual(offset, -1, `fixture does not contain ${JSON.stringify(needle)}`);
  const preceding = text.slice(0, offset).split('\n');
  return { line: preceding.length, column: preceding[preceding.length - 1].length + 1 };
}

interface JsonFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'information';
  message: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  fixes: { title: string; safety: 'safe' | 'unsafe'; edits: { startLine: number; startColumn: number; endLine: number; endColumn: number; newText: string }[] }[];
}

interface JsonReport {
  files: { path: string; findings: JsonFinding[] }[];
}

function parseJson(result: CliResult): JsonReport {
  assert.equal(result.stderr, '');
  return JSON.parse(result.stdout) as JsonReport;
}

// Fixtures. Each is a real manifest; the ones with mistakes have exactly the mistakes named.

const CLEAN_ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get", "list", "watch"]
`;

/** One k8s/unknown-kind error: the kind's case is wrong. */
const KIND_TYPO = `apiVersion: rbac.authorization.k8s.io/v1
kind: Clusterrole
metadata:
  name: node-reader
rules:
  - apiGroups: [""]
    resources: ["nodes"]
    verbs: ["get", "list"]
`;

/** One k8s/unknown-kind error and one k8s/invalid-value error in the same document. */
const KIND_AND_PROTOCOL = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-from-ingress
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
    - ports:
        - protocol: tcp
          port: 8080
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Clusterrole
metadata:
  name: node-reader
rules:
  - apiGroups: [""]
    resources: ["nodes"]
    verbs: ["get"]
`;

/** Valid in Kubernetes 1.21, removed in 1.22. */
const V1BETA1_BINDING = `apiVersion: rbac.authorization.k8s.io/v1beta1
kind: RoleBinding
metadata:
  name: read-pods
  namespace: shop
subjects:
  - kind: User
    name: jane
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: pod-reader
---
${CLEAN_ROLE.replace('rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io/v1beta1')}`;

const KUBECONFIG_TYPO = `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster:
      server: https://prod.example.com:6443
      certificate-authority-date: cGxhY2Vob2xkZXI=
users:
  - name: jane
    user:
      client-certificate-data: cGxhY2Vob2xkZXI=
      client-key-data: cGxhY2Vob2xkZXI=
contexts:
  - name: jane@prod
    context:
      cluster: prod
      user: jane
current-context: jane@prod
`;

let scratch: string;

/** A fresh, empty working directory for one test. */
function workdir(name: string): string {
  const directory = path.join(scratch, name);
  mkdirSync(directory, { recursive: true });
  return directory;
}

before(() => {
  assert.ok(existsSync(path.join(repoRoot, 'dist/cli.js')), 'dist/cli.js is missing: run `node scripts/build.mjs` (npm test does) first.');
  scratch = mkdtempSync(path.join(os.tmpdir(), 'kubeward-cli-'));
});

after(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('text format', () => {
  it('prints file:line:col  severity  message  rule-id and a summary', () => {
    const cwd = workdir('text-finding');
    writeTree(cwd, { 'node-reader.yaml': KIND_TYPO });
    const result = kubeward(['lint', 'node-reader.yaml'], { cwd });
    const at = positionOf(KIND_TYPO, 'Clusterrole');
    assert.equal(result.stderr, '');
    assert.equal(
      result.stdout,
      `node-reader.yaml:${at.line}:${at.column}  error  Unknown kind "Clusterrole" in rbac.authorization.k8s.io/v1; did you mean "ClusterRole"?  k8s/unknown-kind\n` +
        '1 problem (1 error, 0 warnings, 0 information) in 1 file.\n',
    );
  });

  it('orders findings by position and counts them in the summary', () => {
    const cwd = workdir('text-order');
    writeTree(cwd, { 'a.yaml': KIND_AND_PROTOCOL, 'b.yaml': CLEAN_ROLE });
    const result = kubeward(['lint', 'a.yaml', 'b.yaml'], { cwd });
    const lines = result.stdout.trimEnd().split('\n');
    const protocol = positionOf(KIND_AND_PROTOCOL, 'tcp');
    const kind = positionOf(KIND_AND_PROTOCOL, 'Clusterrole');
    assert.equal(lines.length, 3);
    assert.ok(lines[0].startsWith(`a.yaml:${protocol.line}:${protocol.column}  `), lines[0]);
    assert.ok(lines[1].startsWith(`a.yaml:${kind.line}:${kind.column}  `), lines[1]);
    assert.match(lines[0], /  error  Value "tcp" is not allowed here; expected one of: "SCTP", "TCP", "UDP"\.  k8s\/invalid-value$/);
    assert.match(lines[1], /  k8s\/unknown-kind$/);
    assert.equal(lines[2], '2 problems (2 errors, 0 warnings, 0 information) in 2 files.');
  });

  it('says "No problems found" for clean input', () => {
    const cwd = workdir('text-clean');
    writeTree(cwd, { 'role.yaml': CLEAN_ROLE });
    const result = kubeward(['lint', 'role.yaml'], { cwd });
    assert.equal(result.stdout, 'No problems found in 1 file.\n');
    assert.equal(result.stderr, '');
  });

  it('prints no colour codes when the output is not a terminal', () => {
    const cwd = workdir('text-no-colour');
    writeTree(cwd, { 'node-reader.yaml': KIND_TYPO });
    assert.doesNotMatch(kubeward(['lint', 'node-reader.yaml'], { cwd }).stdout, /\x1b\[/);
  });
});

describe('exit codes', () => {
  it('exits 0 for clean input', () => {
    const cwd = workdir('exit-clean');
    writeTree(cwd, { 'role.yaml': CLEAN_ROLE });
    assert.equal(kubeward(['lint', 'role.yaml'], { cwd }).status, 0);
  });

  it('exits 0 when the only findings are warnings or information', () => {
    const cwd = workdir('exit-warning');
    writeTree(cwd, {
      'node-reader.yaml': KIND_TYPO,
      'warning.json': JSON.stringify({ rules: { 'k8s/unknown-kind': 'warning' } }),
      'information.json': JSON.stringify({ rules: { 'k8s/unknown-kind': 'information' } }),
    });
    const warning = kubeward(['lint', '--config', 'warning.json', 'node-reader.yaml'], { cwd });
    assert.equal(warning.status, 0, warning.stdout + warning.stderr);
    assert.match(warning.stdout, /^node-reader\.yaml:2:7  warning  Unknown kind "Clusterrole"/m);
    assert.match(warning.stdout, /^1 problem \(0 errors, 1 warning, 0 information\) in 1 file\.$/m);
    const information = kubeward(['lint', '--config', 'information.json', 'node-reader.yaml'], { cwd });
    assert.equal(information.status, 0, information.stdout + information.stderr);
    assert.match(information.stdout, /  information  Unknown kind "Clusterrole"/);
  });

  it('exits 1 with an error-level finding', () => {
    const cwd = workdir('exit-error');
    writeTree(cwd, { 'node-reader.yaml': KIND_TYPO });
    assert.equal(kubeward(['lint', 'node-reader.yaml'], { cwd }).status, 1);
  });

  const usageErrors: [string, string[]][] = [
    ['an unknown command', ['frobnicate', 'x.yaml']],
    ['an unknown option', ['lint', '--no-such-option', 'x.yaml']],
    ['--format xml', ['lint', '--format', 'xml', 'x.yaml']],
    ['--disable naming an unknown rule', ['lint', '--disable', 'no/such-rule', 'x.yaml']],
    ['lint with no path', ['lint']],
    ['--kubernetes-version banana', ['lint', '--kubernetes-version', 'banana', 'x.yaml']],
    ['no command at all', []],
    ['rules --format xml', ['rules', '--format', 'xml']],
    ['a --config file that is not JSON', ['lint', '--config', 'broken.json', 'x.yaml']],
    ['a --config file naming an unknown rule', ['lint', '--config', 'unknown-rule.json', 'x.yaml']],
  ];
  for (const [name, args] of usageErrors) {
    it(`exits 2 for ${name}, with the usage on standard error`, () => {
      const cwd = workdir(`exit-usage-${name.replace(/\W+/g, '-')}`);
      writeTree(cwd, { 'x.yaml': CLEAN_ROLE, 'broken.json': '{"rules": ', 'unknown-rule.json': '{"rules": {"no/such-rule": "off"}}' });
      const result = kubeward(args, { cwd });
      assert.equal(result.status, 2, result.stdout + result.stderr);
      assert.match(result.stderr + result.stdout, /Usage:/);
    });
  }

  it('treats a path that does not exist, or a directory without manifests, as a usage error (2)', () => {
    const cwd = workdir('exit-missing-path');
    const missing = kubeward(['lint', 'no-such-file.yaml', '--disable', 'yaml/syntax'], { cwd });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no-such-file\.yaml: no such file or directory/);
    mkdirSync(path.join(cwd, 'empty'));
    const empty = kubeward(['lint', 'empty'], { cwd });
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /empty: no YAML, JSON, kubeconfig, CSV, JSON-lines, PEM or openssl configuration files/);
  });
});

describe('inputs', () => {
  it('walks directories recursively, taking .yaml, .yml and kubeconfig files and skipping node_modules and .git', () => {
    const cwd = workdir('walk');
    writeTree(cwd, {
      'top.yaml': KIND_TYPO,
      'nested/deeper/role.yml': KIND_TYPO,
      'nested/UPPER.YAML': KIND_TYPO,
      'nested/kubeconfig': KUBECONFIG_TYPO,
      'nested/prod.kubeconfig': KUBECONFIG_TYPO,
      'nested/clean.yaml': CLEAN_ROLE,
      'nested/notes.txt': KIND_TYPO,
      'nested/role.yaml.bak': KIND_TYPO,
      'node_modules/some-chart/role.yaml': KIND_TYPO,
      'nested/node_modules/role.yaml': KIND_TYPO,
      '.git/role.yaml': KIND_TYPO,
    });
    const report = parseJson(kubeward(['lint', '--format', 'json', '.'], { cwd }));
    const toPosix = (file: string) => file.split(path.sep).join('/');
    assert.deepEqual(report.files.map((file) => toPosix(file.path)).sort(), [
      'nested/UPPER.YAML',
      'nested/clean.yaml',
      'nested/deeper/role.yml',
      'nested/kubeconfig',
      'nested/prod.kubeconfig',
      'top.yaml',
    ]);
    for (const file of report.files) {
      const expected = file.path.endsWith('clean.yaml') ? [] : file.path.endsWith('kubeconfig') ? ['k8s/unknown-field'] : ['k8s/unknown-kind'];
      assert.deepEqual(file.findings.map((finding) => finding.ruleId), expected, file.path);
    }
  });

  it('reads standard input for -', () => {
    const cwd = workdir('stdin');
    const bad = kubeward(['lint', '-'], { cwd, input: KIND_TYPO });
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /^<stdin>:2:7  error  Unknown kind "Clusterrole".*  k8s\/unknown-kind$/m);
    const clean = kubeward(['lint', '-'], { cwd, input: CLEAN_ROLE });
    assert.equal(clean.status, 0);
    assert.equal(clean.stdout, 'No problems found in 1 file.\n');
  });

  it('lints standard input and files together', () => {
    const cwd = workdir('stdin-and-file');
    writeTree(cwd, { 'role.yaml': CLEAN_ROLE });
    const report = parseJson(kubeward(['lint', '--format', 'json', 'role.yaml', '-'], { cwd, input: KIND_TYPO }));
    assert.deepEqual(
      report.files.map((file) => [file.path, file.findings.length]),
      [
        ['role.yaml', 0],
        ['<stdin>', 1],
      ],
    );
  });
});

describe('options', () => {
  it('--disable <id> removes that rule\'s findings and keeps the others', () => {
    const cwd = workdir('disable');
    writeTree(cwd, { 'mixed.yaml': KIND_AND_PROTOCOL });
    const all = parseJson(kubeward(['lint', '--format', 'json', 'mixed.yaml'], { cwd }));
    assert.deepEqual(all.files[0].findings.map((finding) => finding.ruleId), ['k8s/invalid-value', 'k8s/unknown-kind']);
    const result = kubeward(['lint', '--format', 'json', '--disable', 'k8s/unknown-kind', 'mixed.yaml'], { cwd });
    assert.deepEqual(parseJson(result).files[0].findings.map((finding) => finding.ruleId), ['k8s/invalid-value']);
    const both = kubeward(['lint', '--disable', 'k8s/unknown-kind', '--disable', 'k8s/invalid-value', 'mixed.yaml'], { cwd });
    assert.equal(both.status, 0);
    assert.equal(both.stdout, 'No problems found in 1 file.\n');
  });

  it('--kubernetes-version decides whether an API version counts as removed', () => {
    const cwd = workdir('kubernetes-version');
    writeTree(cwd, { 'binding.yaml': V1BETA1_BINDING });
    const old = kubeward(['lint', '--kubernetes-version', '1.21', 'binding.yaml'], { cwd });
    assert.equal(old.status, 0, old.stdout);
    assert.equal(old.stdout, 'No problems found in 1 file.\n');
    for (const version of ['1.22', '1.36']) {
      const current = kubeward(['lint', '--kubernetes-version', version, 'binding.yaml'], { cwd });
      assert.equal(current.status, 1);
      assert.match(
        current.stdout,
        new RegExp(
          `^binding\\.yaml:1:13  error  rbac\\.authorization\\.k8s\\.io/v1beta1 RoleBinding was removed in Kubernetes 1\\.22 \\(target is ${version.replace('.', '\\.')}\\); use rbac\\.authorization\\.k8s\\.io/v1\\.  k8s/removed-api-version$`,
          'm',
        ),
      );
    }
    const byDefault = kubeward(['lint', 'binding.yaml'], { cwd });
    assert.match(byDefault.stdout, /k8s\/removed-api-version/);
  });

  it('--kubernetes-version takes precedence over the --config file', () => {
    const cwd = workdir('kubernetes-version-config');
    writeTree(cwd, { 'binding.yaml': V1BETA1_BINDING, 'config.json': JSON.stringify({ kubernetesVersion: '1.36' }) });
    assert.equal(kubeward(['lint', '--config', 'config.json', 'binding.yaml'], { cwd }).status, 1);
    assert.equal(kubeward(['lint', '--config', 'config.json', '--kubernetes-version', '1.21', 'binding.yaml'], { cwd }).status, 0);
  });
});

describe('--jobs', () => {
  it('several threads report exactly what one thread reports, cross-file findings included', () => {
    // The rule fixtures hold folders whose files refer to each other (roleRefs, selected workloads, ServiceAccounts).
    const paths = ['test/fixtures', 'examples', ...(existsSync(corpusRoot) ? [corpusRoot] : [])];
    const one = kubeward(['lint', '--format', 'json', ...paths], { cwd: repoRoot });
    const three = kubeward(['lint', '--format', 'json', '--jobs', '3', ...paths], { cwd: repoRoot });
    assert.equal(three.status, one.status);
    assert.equal(three.stderr, '');
    assert.ok(parseJson(one).files.length > 300, 'enough files for three threads');
    assert.equal(three.stdout, one.stdout);
    assert.equal(kubeward(['lint', '--jobs', 'auto', 'examples'], { cwd: repoRoot }).stdout, kubeward(['lint', 'examples'], { cwd: repoRoot }).stdout);
  });

  it('takes a whole number of threads or auto', () => {
    for (const wrong of ['0', 'two', '1.5']) {
      const result = kubeward(['lint', '--jobs', wrong, 'examples'], { cwd: repoRoot });
      assert.equal(result.status, 2, wrong);
      assert.match(result.stderr, new RegExp(`--jobs must be a whole number of threads or auto, not "${wrong.replace('.', '\\.')}"`));
    }
  });
});

describe('--fix', () => {
  const commented = `# Read access to nodes for the metrics agent.
apiVersion: rbac.authorization.k8s.io/v1
kind: Clusterrole # kinds are case-sensitive
metadata:
  name: node-reader
rules:
  # Nodes only; pods are read through the kubelet.
  - apiGroups: [""]
    resources: ["nodes"] # and nothing else
    verbs: ["get", "list"]
---
# Binding for the metrics agent.
apiVersion: rbac.authorisation.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: node-reader
subjects:
  - kind: ServiceAccount
    name: metrics-agent
    namespace: monitoring
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: node-reader
`;

  it('applies safe fixes in place, keeps comments, and the re-run exits 0', () => {
    const cwd = workdir('fix');
    writeTree(cwd, { 'agent.yaml': commented });
    const unfixed = kubeward(['lint', 'agent.yaml'], { cwd });
    assert.equal(unfixed.status, 1);
    assert.match(unfixed.stdout, /k8s\/unknown-kind/);
    assert.match(unfixed.stdout, /k8s\/unknown-api-version/);
    const fixed = kubeward(['lint', '--fix', 'agent.yaml'], { cwd });
    assert.equal(fixed.status, 0, fixed.stdout);
    assert.equal(fixed.stdout, 'No problems found in 1 file.\n');
    assert.equal(
      readFileSync(path.join(cwd, 'agent.yaml'), 'utf8'),
      commented.replace('kind: Clusterrole #', 'kind: ClusterRole #').replace('rbac.authorisation.k8s.io/v1', 'rbac.authorization.k8s.io/v1'),
    );
    const rerun = kubeward(['lint', 'agent.yaml'], { cwd });
    assert.equal(rerun.status, 0);
    assert.equal(rerun.stdout, 'No problems found in 1 file.\n');
  });

  it('fixes every file of a directory', () => {
    const cwd = workdir('fix-directory');
    writeTree(cwd, { 'manifests/a.yaml': KIND_TYPO, 'manifests/nested/b.yaml': KIND_TYPO, 'manifests/clean.yaml': CLEAN_ROLE });
    const cleanBefore = statSync(path.join(cwd, 'manifests/clean.yaml')).mtimeMs;
    assert.equal(kubeward(['lint', '--fix', 'manifests'], { cwd }).status, 0);
    for (const file of ['manifests/a.yaml', 'manifests/nested/b.yaml']) {
      assert.equal(readFileSync(path.join(cwd, file), 'utf8'), KIND_TYPO.replace('Clusterrole', 'ClusterRole'), file);
    }
    assert.equal(readFileSync(path.join(cwd, 'manifests/clean.yaml'), 'utf8'), CLEAN_ROLE);
    assert.equal(statSync(path.join(cwd, 'manifests/clean.yaml')).mtimeMs, cleanBefore, 'a file without fixes is not rewritten');
  });

  it('leaves unsafe fixes alone', () => {
    const cwd = workdir('fix-unsafe');
    writeTree(cwd, { 'binding.yaml': V1BETA1_BINDING });
    const result = kubeward(['lint', '--fix', 'binding.yaml'], { cwd });
    assert.equal(result.status, 1);
    assert.match(result.stdout, /k8s\/removed-api-version/);
    assert.equal(readFileSync(path.join(cwd, 'binding.yaml'), 'utf8'), V1BETA1_BINDING);
  });

  it('reports standard input without trying to write it back', () => {
    const cwd = workdir('fix-stdin');
    const result = kubeward(['lint', '--fix', '-'], { cwd, input: KIND_TYPO });
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^<stdin>:2:7  error  Unknown kind/m);
    assert.deepEqual(readdirSync(cwd), []);
  });
});

describe('json format', () => {
  it('lists every file with its findings, 1-based ranges and fixes', () => {
    const cwd = workdir('json');
    writeTree(cwd, { 'mixed.yaml': KIND_AND_PROTOCOL, 'clean.yaml': CLEAN_ROLE });
    const result = kubeward(['lint', '--format', 'json', 'mixed.yaml', 'clean.yaml'], { cwd });
    assert.equal(result.status, 1);
    const report = parseJson(result);
    assert.deepEqual(Object.keys(report), ['files']);
    assert.deepEqual(
      report.files.map((file) => file.path),
      ['mixed.yaml', 'clean.yaml'],
    );
    assert.deepEqual(report.files[1].findings, []);
    const [protocol, kind] = report.files[0].findings;
    const protocolAt = positionOf(KIND_AND_PROTOCOL, 'tcp');
    assert.deepEqual(protocol, {
      ruleId: 'k8s/invalid-value',
      severity: 'error',
      message: 'Value "tcp" is not allowed here; expected one of: "SCTP", "TCP", "UDP".',
      startLine: protocolAt.line,
      startColumn: protocolAt.column,
      endLine: protocolAt.line,
      endColumn: protocolAt.column + 'tcp'.length,
      fixes: [
        {
          title: 'Replace with "TCP"',
          safety: 'safe',
          edits: [{ startLine: protocolAt.line, startColumn: protocolAt.column, endLine: protocolAt.line, endColumn: protocolAt.column + 3, newText: 'TCP' }],
        },
      ],
    });
    const kindAt = positionOf(KIND_AND_PROTOCOL, 'Clusterrole');
    assert.equal(kind.ruleId, 'k8s/unknown-kind');
    assert.deepEqual([kind.startLine, kind.startColumn, kind.endLine, kind.endColumn], [kindAt.line, kindAt.column, kindAt.line, kindAt.column + 'Clusterrole'.length]);
    assert.equal(kind.fixes[0].safety, 'safe');
    assert.equal(kind.fixes[0].edits[0].newText, 'ClusterRole');
  });

  it('prints an empty findings list for clean input', () => {
    const cwd = workdir('json-clean');
    writeTree(cwd, { 'clean.yaml': CLEAN_ROLE });
    const result = kubeward(['lint', '--format', 'json', 'clean.yaml'], { cwd });
    assert.equal(result.status, 0);
    assert.deepEqual(parseJson(result), { files: [{ path: 'clean.yaml', findings: [] }] });
  });
});

describe('sarif format', () => {
  interface SarifRegion {
    startLine: number;
    startColumn: number;
    endLine: number;
    endColumn: number;
  }
  interface SarifLog {
    version: string;
    $schema: string;
    runs: {
      tool: {
        driver: {
          name: string;
          version: string;
          informationUri: string;
          rules: { id: string; shortDescription: { text: string }; fullDescription: { text: string }; helpUri: string; defaultConfiguration: { level: string } }[];
        };
      };
      results: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        message: { text: string };
        locations: { physicalLocation: { artifactLocation: { uri: string }; region: SarifRegion } }[];
      }[];
    }[];
  }

  /** Findings of every kind of range: a scalar, a key, a document anchor, a tab, a syntax error and an unreadable file. */
  function sarifFixture(name: string): { cwd: string; log: SarifLog; json: JsonReport; status: number | null } {
    const cwd = workdir(name);
    writeTree(cwd, {
      'manifests/mixed.yaml': KIND_AND_PROTOCOL,
      'manifests/nested/kubeconfig': KUBECONFIG_TYPO,
      'manifests/nested/no-roleref.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: deployer\n  namespace: shop\n',
      'manifests/tabs.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ci\n  labels:\n\tapp: ci\n',
      'manifests/syntax.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: [ci\n',
      'manifests/binary.yaml': Buffer.from([0xff, 0xfe, 0x00, 0x41]),
      'manifests/clean.yaml': CLEAN_ROLE,
    });
    const result = kubeward(['lint', '--format', 'sarif', 'manifests'], { cwd });
    assert.equal(result.stderr, '');
    const json = parseJson(kubeward(['lint', '--format', 'json', 'manifests'], { cwd }));
    return { cwd, log: JSON.parse(result.stdout) as SarifLog, json, status: result.status };
  }

  it('writes a SARIF 2.1.0 log in the shape GitHub code scanning accepts', () => {
    const { log, json, status } = sarifFixture('sarif');
    assert.equal(status, 1);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /^https:\/\/.*sarif.*2\.1\.0.*\.json$/);
    assert.equal(log.runs.length, 1);
    const { driver } = log.runs[0].tool;
    assert.equal(driver.name, 'Kubeward');
    assert.equal(driver.version, packageVersion);
    assert.match(driver.informationUri, /^https:\/\//);

    const ruleIds = JSON.parse(kubeward(['rules', '--format', 'json'], { cwd: scratch }).stdout).map((rule: { id: string }) => rule.id);
    assert.deepEqual(driver.rules.map((rule) => rule.id), ruleIds);
    for (const rule of driver.rules) {
      assert.ok(rule.shortDescription.text.length > 0, rule.id);
      assert.ok(rule.fullDescription.text.length > 0, rule.id);
      assert.match(rule.helpUri, /^https:\/\/\S+$/, rule.id);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level), rule.id);
    }

    const results = log.runs[0].results;
    const expected = json.files.flatMap((file) => file.findings.map((finding) => ({ file: file.path.split(path.sep).join('/'), finding })));
    assert.equal(results.length, expected.length);
    assert.ok(results.length >= 6, 'the fixture produces findings of every kind of range');
    results.forEach((result, index) => {
      const label = `result ${index} (${result.ruleId})`;
      assert.equal(driver.rules[result.ruleIndex]?.id, result.ruleId, label);
      assert.ok(['error', 'warning', 'note'].includes(result.level), label);
      assert.ok(result.message.text.length > 0, label);
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      assert.match(artifactLocation.uri, /^[^/\\:]+(\/[^/\\:]+)*$/, `${label}: relative URI with forward slashes`);
      for (const value of Object.values(region)) assert.ok(Number.isInteger(value) && value >= 1, `${label}: ${JSON.stringify(region)}`);
      assert.ok(region.endLine > region.startLine || (region.endLine === region.startLine && region.endColumn > region.startColumn), `${label}: end after start`);
      // The same finding, in the same order, as the JSON format reports it.
      const { file, finding } = expected[index];
      assert.equal(decodeURIComponent(artifactLocation.uri), file, label);
      assert.equal(result.ruleId, finding.ruleId, label);
      assert.equal(result.message.text, finding.message, label);
      assert.deepEqual([region.startLine, region.startColumn], [finding.startLine, finding.startColumn], label);
    });
    assert.ok(results.some((result) => result.locations[0].physicalLocation.artifactLocation.uri === 'manifests/nested/kubeconfig'));
  });

  it('matches the SARIF 2.1.0 JSON schema', () => {
    // Microsoft's SARIF matchers package ships the official 2.1.0 schema (draft-04, hence ajv-draft-04).
    const schemaFile = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as object;
    const Ajv = (require('ajv-draft-04') as { default: new (options: object) => { addFormat(name: string, check: (value: string) => boolean): void; compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } } }).default;
    // One of the schema's patterns is not valid as a Unicode regular expression, so compile them without the u flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    ajv.addFormat('uri', (value) => URL.canParse(value));
    ajv.addFormat('uri-reference', (value) => URL.canParse(value, 'file:///'));
    ajv.addFormat('date-time', (value) => !Number.isNaN(Date.parse(value)));
    const validate = ajv.compile(schema);
    const { log } = sarifFixture('sarif-schema');
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  });
});

describe('rules and --version', () => {
  /** Rule ids from the rule files themselves: rules/<category>/<name>.ts ⇔ <category>/<name>. */
  function ruleIdsFromFiles(): string[] {
    const rulesDirectory = path.join(repoRoot, 'server/src/engine/rules');
    return readdirSync(rulesDirectory, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((category) =>
        readdirSync(path.join(rulesDirectory, category.name))
          .filter((file) => file.endsWith('.ts'))
          .map((file) => `${category.name}/${file.slice(0, -'.ts'.length)}`),
      )
      .sort();
  }

  it('`kubeward rules` lists every rule with its severity and summary', () => {
    const result = kubeward(['rules'], { cwd: scratch });
    assert.equal(result.status, 0);
    const lines = result.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.map((line) => line.split(/\s+/)[0]).sort(), ruleIdsFromFiles());
    for (const line of lines) assert.match(line, /^\S+\s+(error|warning|information)\s+\S.*\.$/);
  });

  it('`kubeward rules --format json` describes every rule', () => {
    const result = kubeward(['rules', '--format', 'json'], { cwd: scratch });
    assert.equal(result.status, 0);
    const rules = JSON.parse(result.stdout) as { id: string; severity: string; fix: string | null; summary: string; why: string }[];
    assert.deepEqual(rules.map((rule) => rule.id).sort(), ruleIdsFromFiles());
    for (const rule of rules) {
      assert.ok(['error', 'warning', 'information'].includes(rule.severity), rule.id);
      assert.ok([null, 'safe', 'unsafe'].includes(rule.fix), rule.id);
      assert.ok(rule.summary && rule.why, rule.id);
    }
  });

  it('`kubeward rules --format markdown` prints the rules table', () => {
    const result = kubeward(['rules', '--format', 'markdown'], { cwd: scratch });
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^# Rules\n/);
    assert.match(result.stdout, /^\| rule \| severity \| fix \| summary \|\n\| --- \| --- \| --- \| --- \|$/m);
    const rows = result.stdout.split('\n').filter((line) => line.startsWith('| ['));
    assert.deepEqual(
      rows.map((row) => /^\| \[([^\]]+)\]\(\1\.md\) \| (error|warning|information) \| (safe|unsafe|) \| .+ \|$/.exec(row)?.[1]).sort(),
      ruleIdsFromFiles(),
    );
  });

  it('--version prints the package version', () => {
    for (const flag of ['--version', '-v']) {
      const result = kubeward([flag], { cwd: scratch });
      assert.equal(result.status, 0);
      assert.equal(result.stdout, `${packageVersion}\n`);
    }
  });

  it('--help prints the usage and exits 0', () => {
    const result = kubeward(['--help'], { cwd: scratch });
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^Usage:\n  kubeward lint/);
  });
});

describe('examples/', () => {
  /**
   * examples/README.md names, per file, the rules whose mistakes the file shows, as `(`rule-id`)` at the end of a
   * sentence. The linter must report exactly those rules there, and nothing for a file that names none.
   */
  it('reports exactly the mistakes examples/README.md describes', () => {
    const readme = readFileSync(path.join(repoRoot, 'examples/README.md'), 'utf8');
    const documented = new Map<string, Set<string>>();
    let current: string | undefined;
    for (const line of readme.split('\n')) {
      const heading = /^### `([^`]+)`$/.exec(line);
      if (heading) documented.set((current = heading[1]), new Set());
      else if (current) for (const match of line.matchAll(/\(`([a-z0-9]+\/[a-z0-9-]+)`\)/g)) documented.get(current)!.add(match[1]);
    }
    const result = kubeward(['lint', '--format', 'json', 'examples'], { cwd: repoRoot });
    const report = parseJson(result);
    // Information findings explain correct manifests (a peer whose selectors combine with AND, for instance);
    // only errors and warnings are the examples' deliberate mistakes.
    const found = new Map(
      report.files.map((file) => [
        path.relative('examples', file.path).split(path.sep).join('/'),
        new Set(file.findings.filter((finding) => finding.severity !== 'information').map((finding) => finding.ruleId)),
      ]),
    );
    assert.deepEqual([...found.keys()].sort(), [...documented.keys()].sort(), 'every linted file has a README section and vice versa');
    for (const [file, rules] of documented) assert.deepEqual([...found.get(file)!].sort(), [...rules].sort(), file);
    assert.ok([...documented.values()].some((rules) => rules.size === 0), 'at least one example is fully correct');
  });

  it('explains every finding with a "# Mistake:" comment, and every such comment is borne out', () => {
    const report = parseJson(kubeward(['lint', '--format', 'json', 'examples'], { cwd: repoRoot }));
    for (const file of report.files) {
      const lines = readFileSync(path.join(repoRoot, file.path), 'utf8').split('\n');
      // The 1-based line of the `---` that opens the document holding each line (0 for the first document).
      const documentStart: number[] = [];
      lines.forEach((line, index) => documentStart.push(/^---\s*$/.test(line) ? index + 1 : (documentStart[index - 1] ?? 0)));
      const sameDocument = (a: number, b: number) => documentStart[a - 1] === documentStart[b - 1];
      const mistakes = lines.flatMap((line, index) => (/^\s*# Mistake:/.test(line) ? [index + 1] : []));
      for (const finding of file.findings.filter((finding) => finding.severity !== 'information')) {
        const explained = mistakes.some((line) => line < finding.startLine && sameDocument(line, finding.startLine));
        assert.ok(explained, `${file.path}:${finding.startLine} (${finding.ruleId}) has no "# Mistake:" comment above it in its document`);
      }
      for (const mistake of mistakes) {
        const reported = file.findings.some((finding) => finding.startLine > mistake && sameDocument(mistake, finding.startLine));
        assert.ok(reported, `${file.path}:${mistake} describes a mistake that nothing reports`);
      }
      assert.ok(!lines.some((line) => line.includes('kubeward-disable')), `${file.path} must not suppress anything`);
    }
  });

  it('prints what the README shows for the main command', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const block = /<!-- begin example output -->\n```text\n\$ node bin\/kubeward\.js lint examples\/\n([\s\S]*?)```\n<!-- end example output -->/.exec(readme);
    assert.ok(block, 'the README has its example output block');
    const shown = block[1].trimEnd().split('\n');
    const printed = kubeward(['lint', 'examples/'], { cwd: repoRoot }).stdout.trimEnd().split('\n');
    // The README shows the first lines, an ellipsis, and the summary.
    const ellipsis = shown.indexOf('...');
    assert.deepEqual(shown.slice(0, ellipsis), printed.slice(0, ellipsis));
    assert.equal(shown.at(-1), printed.at(-1));
  });
});

describe('real-world corpus', () => {
  const missing = !existsSync(corpusRoot);
  it('reports no error on manifests that real clusters accept', { skip: missing && `no corpus at ${corpusRoot} (set KUBEWARD_SHARED_CORPUS to run this check)` }, () => {
    const result = kubeward(['lint', '--format', 'json', '.'], { cwd: corpusRoot });
    const report = parseJson(result);
    assert.ok(report.files.length > 0, 'the corpus has files');
    const errors = report.files.flatMap((file) =>
      file.findings
        .filter((finding) => finding.severity === 'error')
        .map((finding) => `${file.path.split(path.sep).join('/')}:${finding.startLine}:${finding.startColumn}  ${finding.ruleId}  ${finding.message}`),
    );
    // metrics-server/deployment.yaml is a kustomize base without spec.selector: a genuine missing field.
    const deployment = positionOf(readFileSync(path.join(corpusRoot, 'metrics-server/deployment.yaml'), 'utf8'), 'spec:');
    assert.deepEqual(errors, [
      `metrics-server/deployment.yaml:${deployment.line}:${deployment.column}  k8s/missing-field  Required field "selector" is missing from spec.`,
    ]);
    assert.equal(result.status, 1);
  });
});
