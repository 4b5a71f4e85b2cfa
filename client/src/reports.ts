/**
 * Read-only documents that show what the server explains at length (certificate details, effective access,
 * reachability). They live under the `kubeward-report` scheme, so they can never be saved over a manifest.
 */
import { EventEmitter, Uri, ViewColumn, commands, window, workspace, type Disposable, type TextDocumentContentProvider } from 'vscode';

export const REPORT_SCHEME = 'kubeward-report';

export class ReportDocuments implements TextDocumentContentProvider, Disposable {
  private readonly contents = new Map<string, string>();
  private shown = 0;
  private readonly changed = new EventEmitter<Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this);

  provideTextDocumentContent(uri: Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Shows a plain-text report in an editor beside the current one; returns its URI. */
  async showText(name: string, text: string): Promise<Uri> {
    const uri = this.store(`${name}.txt`, text);
    const document = await workspace.openTextDocument(uri);
    await window.showTextDocument(document, { preview: true, viewColumn: ViewColumn.Beside });
    return uri;
  }

  /** Shows a Markdown report rendered in the Markdown preview; returns its URI. */
  async showMarkdown(name: string, markdown: string): Promise<Uri> {
    const uri = this.store(`${name}.md`, markdown);
    await workspace.openTextDocument(uri);
    try {
      await commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch {
      // The built-in Markdown extension can be disabled; the source text still says everything.
      await window.showTextDocument(uri, { preview: true, viewColumn: ViewColumn.Beside });
    }
    return uri;
  }

  /** Holds a read-only document without showing it (for a diff editor, say); returns its URI. */
  add(fileName: string, text: string): Uri {
    return this.store(fileName, text);
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }

  private store(fileName: string, text: string): Uri {
    // A new URI per report: an open document would otherwise keep showing (and returning) the previous text until
    // VS Code re-reads it.
    const uri = Uri.from({ scheme: REPORT_SCHEME, path: `/${fileName}`, query: String(++this.shown) });
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }
}
