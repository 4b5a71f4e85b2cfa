/**
 * The git revision the workspace was last compared with ("Compare Effective Access With…"): its index, kept so
 * that the bindings and roles whose grants changed since carry a code lens saying how. The lens titles are
 * recomputed only when the workspace index moves.
 */
import { accessChanges } from '../services/access-diff';
import { changeLensTitles } from '../services/access-diff-words';
import type { WorkspaceIndex } from '../engine/workspace';

export class RevisionComparison {
  private titles: { version: number; byObject: Map<string, string[]> } | undefined;

  constructor(
    readonly label: string,
    readonly commit: string,
    private readonly base: WorkspaceIndex,
  ) {}

  /** Lens titles by the key `objectKey` gives a binding or role. */
  lensTitles(head: WorkspaceIndex): Map<string, string[]> {
    if (this.titles?.version !== head.version) {
      this.titles = { version: head.version, byObject: changeLensTitles(accessChanges(this.base, head)) };
    }
    return this.titles.byObject;
  }
}
