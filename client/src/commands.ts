/**
 * The Kubeward commands of the palette and the editor context menu. Each one asks the language server (through
 * its custom requests or its code actions) and shows the answer; none touches the network, and only "Compare
 * Effective Access With…" runs anything (git, in a trusted workspace).
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { CodeAction, QuickPickItemKind, Range, commands, window, workspace, type Disposable, type QuickPickItem, type LogOutputChannel, type TextEditor, type Uri } from 'vscode';
import {
  CertificateDetailsRequest,
  CompareRevisionsRequest,
  EffectiveAccessRequest,
  NetworkReachabilityRequest,
  WorkloadNamespacesRequest,
  type PositionParams,
} from '../../server/src/protocol';
import type { RequestType } from 'vscode-languageserver-protocol';
import type { ReportDocuments } from './reports';
import type { ServerController } from './server-controller';

const DECODE_KIND = 'refactor.rewrite.kubeward.decode';
const ENCODE_KIND = 'refactor.rewrite.kubeward.encode';

export function registerCommands(server: ServerController, reports: ReportDocuments, output: LogOutputChannel): Disposable[] {
  return [
    commands.registerCommand('kubeward.restartServer', () => server.restart()),
    commands.registerCommand('kubeward.showOutput', () => output.show(true)),
    commands.registerCommand('kubeward.decodeInPlace', () => rewriteInPlace(server, DECODE_KIND, 'a base64 credential value (a kubeconfig *-data field, a CSR request, a caBundle or Secret data)')),
    commands.registerCommand('kubeward.encodeInPlace', () => rewriteInPlace(server, ENCODE_KIND, 'a credential decoded by Kubeward or a PEM value of a base64 field')),
    commands.registerCommand('kubeward.showCertificateDetails', () => showCertificateDetails(server, reports)),
    commands.registerCommand('kubeward.showEffectiveAccess', () => showEffectiveAccess(server, reports)),
    commands.registerCommand('kubeward.showNetworkReachability', (namespace?: string) => showNetworkReachability(server, reports, namespace)),
    commands.registerCommand('kubeward.compareAccess', (revision?: string) => compareAccess(server, reports, revision)),
  ];
}

function activeYamlEditor(): TextEditor | undefined {
  const editor = window.activeTextEditor;
  if (editor?.document.languageId === 'yaml') return editor;
  void window.showInformationMessage('Open a Kubernetes YAML file first.');
  return undefined;
}

/** Applies the server's decode or encode action at the cursor; true when the document changed. */
async function rewriteInPlace(server: ServerController, kind: string, what: string): Promise<boolean> {
  const editor = activeYamlEditor();
  if (!editor) return false;
  await server.ensureStarted();
  const range = new Range(editor.selection.active, editor.selection.active);
  const actions = (await commands.executeCommand<CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, range, kind)) ?? [];
  const action = actions.find((candidate) => candidate.kind?.value === kind && candidate.edit);
  if (!action?.edit) {
    void window.showInformationMessage(`Place the cursor on ${what}.`);
    return false;
  }
  return workspace.applyEdit(action.edit);
}

/** Asks the server about the cursor of the active YAML editor; undefined when there is no such editor. */
async function askAtCursor<R>(server: ServerController, type: RequestType<PositionParams, R, void>): Promise<{ editor: TextEditor; answer: R } | undefined> {
  const editor = activeYamlEditor();
  if (!editor) return undefined;
  const client = await server.ensureStarted();
  const answer = await client.sendRequest(type, {
    uri: editor.document.uri.toString(),
    position: client.code2ProtocolConverter.asPosition(editor.selection.active),
  });
  return { editor, answer };
}

async function showCertificateDetails(server: ServerController, reports: ReportDocuments): Promise<Uri | undefined> {
  const asked = await askAtCursor(server, CertificateDetailsRequest.type);
  if (!asked) return undefined;
  if (!asked.answer.text) {
    void window.showInformationMessage('Place the cursor on a certificate, certificate request or key value.');
    return undefined;
  }
  return reports.showText(`Certificate details (${path.basename(asked.editor.document.fileName)})`, asked.answer.text);
}

async function showEffectiveAccess(server: ServerController, reports: ReportDocuments): Promise<Uri | undefined> {
  const asked = await askAtCursor(server, EffectiveAccessRequest.type);
  if (!asked) return undefined;
  if (!asked.answer.markdown) {
    void window.showInformationMessage('Place the cursor on a subject of a RoleBinding or ClusterRoleBinding.');
    return undefined;
  }
  return reports.showMarkdown('Effective access', asked.answer.markdown);
}

async function showNetworkReachability(server: ServerController, reports: ReportDocuments, requested?: string): Promise<Uri | undefined> {
  const client = await server.ensureStarted();
  let namespace = requested;
  if (!namespace) {
    const { namespaces } = await client.sendRequest(WorkloadNamespacesRequest.type);
    if (namespaces.length === 0) {
      void window.showInformationMessage('No workload (Pod, Deployment, StatefulSet …) is defined in the workspace.');
      return undefined;
    }
    namespace = namespaces.length === 1 ? namespaces[0] : await window.showQuickPick(namespaces, { placeHolder: 'Namespace to summarise' });
  }
  if (!namespace) return undefined;
  const { markdown } = await client.sendRequest(NetworkReachabilityRequest.type, { namespace });
  return reports.showMarkdown(`Reachability in ${namespace}`, markdown);
}

/** The branches, remote branches and tags of the repository, newest commit first, for the revision picker. */
async function revisionsOf(folder: string): Promise<QuickPickItem[]> {
  const refs = async (pattern: string) => {
    try {
      const { stdout } = await promisify(execFile)('git', ['for-each-ref', '--sort=-committerdate', '--format=%(refname:short)', pattern], { cwd: folder });
      return stdout.split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  const section = (label: string, names: string[]): QuickPickItem[] => (names.length ? [{ label, kind: QuickPickItemKind.Separator }, ...names.map((name) => ({ label: name }))] : []);
  return [
    { label: 'HEAD', description: 'the last commit' },
    { label: 'Commit…', description: 'a commit or any revision git understands', alwaysShow: true },
    ...section('branches', await refs('refs/heads')),
    ...section('remote branches', (await refs('refs/remotes')).filter((name) => !name.endsWith('/HEAD'))),
    ...section('tags', await refs('refs/tags')),
  ];
}

/**
 * The workspace as edited against a git revision: access and reachability changes as a Markdown report, and code
 * lenses on the bindings and roles that changed. Reading a revision runs git, so an untrusted workspace refuses.
 */
async function compareAccess(server: ServerController, reports: ReportDocuments, requested?: string): Promise<Uri | undefined> {
  if (!workspace.isTrusted) {
    void window.showInformationMessage('Comparing with a git revision runs git; trust this workspace to allow it.');
    return undefined;
  }
  const folder = workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') {
    void window.showInformationMessage('Open a folder of a git repository first.');
    return undefined;
  }
  let revision = requested;
  if (!revision) {
    const picked = await window.showQuickPick(revisionsOf(folder.uri.fsPath), { placeHolder: 'Compare the workspace with this revision' });
    revision = picked?.label === 'Commit…' ? await window.showInputBox({ prompt: 'A commit, branch, tag or other revision' }) : picked?.label;
  }
  if (!revision) return undefined;
  const client = await server.ensureStarted();
  try {
    const { markdown } = await client.sendRequest(CompareRevisionsRequest.type, { base: revision, folder: folder.uri.toString() });
    return await reports.showMarkdown(`Access since ${revision}`, markdown);
  } catch (error) {
    void window.showErrorMessage(`Kubeward: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
