/**
 * Finds the PEM files among what the command line was given (by their names: `.crt`, `.pem`, `.cer`, `.csr`,
 * `.key`) and reads them together, so that each is checked against the keys and CAs beside it; and the openssl
 * configuration files (`*.cnf`), read on their own.
 */
import { readFileSync } from 'node:fs';
import { isProblem, parseCertificate } from '../engine/analysis/credentials/x509';
import { PemFile, PEM_FILE_NAME } from '../engine/model/pem-file';
import { OpensslConfigFile, OPENSSL_CONFIG_NAME } from '../engine/model/openssl-config';
import { lintFile } from '../engine/linter';
import type { LintConfig } from '../engine/config';
import { RULES } from '../engine/rules/index';
import { WorkspaceIndex } from '../engine/workspace';
import { apiserverNameFactsOf } from '../engine/analysis/pki/apiserver-names';
import { streamDocuments } from '../engine/model/stream';
import { readInput, type Input } from './files';
import { hostFor } from './lint-host';
import { reportOf, unreadableFindings, type FileReport } from './report';

/**
 * Splits off the PEM and openssl configuration files of the inputs and adds those among `otherFiles`; `rest` and
 * `otherFiles` are what remains of each.
 */
export function separatePemFiles(inputs: readonly Input[], otherFiles: readonly string[]): { rest: Input[]; pem: Input[]; opensslConfigs: Input[]; otherFiles: string[] } {
  const isPem = (file: string) => PEM_FILE_NAME.test(file);
  const isConfig = (file: string) => OPENSSL_CONFIG_NAME.test(file);
  return {
    rest: inputs.filter((input) => !isPem(input.path) && !isConfig(input.path)),
    pem: [...inputs.filter((input) => isPem(input.path)), ...otherFiles.filter(isPem).map(readInput)],
    opensslConfigs: [...inputs.filter((input) => isConfig(input.path)), ...otherFiles.filter(isConfig).map(readInput)],
    otherFiles: otherFiles.filter((file) => !isPem(file) && !isConfig(file)),
  };
}

/** The reports of openssl configuration files. */
export function opensslConfigReports(inputs: readonly Input[], config: LintConfig, displayPath: (file: string) => string): FileReport[] {
  return inputs.map((input) =>
    reportOf(displayPath(input.path), input.text, input.text !== undefined ? lintFile(new OpensslConfigFile(input.text), config, RULES) : unreadableFindings(input.problem, config)),
  );
}

/**
 * The reports of PEM files, linted with an index of all of them and of what the YAML inputs say about the API
 * server's names (kubeadm configurations, kube-apiserver static pods).
 */
export function pemReports(inputs: readonly Input[], yaml: readonly Input[], config: LintConfig, displayPath: (file: string) => string): FileReport[] {
  const workspace = new WorkspaceIndex();
  for (const input of yaml) {
    if (input.text !== undefined && /kubeadm\.k8s\.io|kube-apiserver/.test(input.text)) workspace.apiserverNames.setFacts(input.path, apiserverNameFactsOf(streamDocuments(input.text)));
  }
  const files = inputs.map((input) => (input.text === undefined ? undefined : new PemFile(input.text, input.path)));
  for (const file of files) if (file) workspace.pki.setFile(file);
  return inputs.map((input, index) => {
    const file = files[index];
    const findings = file
      ? lintFile(file, config, RULES, workspace, hostFor(input.path))
      : isDerCertificate(input.path) ? [] : unreadableFindings('The file is neither PEM text nor a DER certificate.', config);
    return reportOf(displayPath(input.path), input.text, findings);
  });
}

/** A binary file that is a certificate in DER, as `.cer` files often are: nothing to report in it. */
function isDerCertificate(file: string): boolean {
  try {
    return !isProblem(parseCertificate(new Uint8Array(readFileSync(file))));
  } catch {
    return false;
  }
}
