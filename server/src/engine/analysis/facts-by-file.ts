/**
 * Facts extracted from each file of the workspace (its ServiceAccounts, its Secrets), kept per file so that a
 * changed file replaces only its own, with a version that moves only when what the facts say changes: rules
 * whose findings depend on them are re-run then and only then.
 */
export class FactsByFile<Fact> {
  private readonly files = new Map<string, readonly Fact[]>();
  private generation = 0;

  /** Moves whenever what the indexed facts say changes. */
  get version(): number {
    return this.generation;
  }

  setFacts(file: string, facts: readonly Fact[]): void {
    const previous = this.files.get(file) ?? [];
    if (JSON.stringify(previous) !== JSON.stringify(facts)) this.generation++;
    if (facts.length > 0) this.files.set(file, [...facts]);
    else this.files.delete(file);
  }

  removeFile(file: string): void {
    if (this.files.delete(file)) this.generation++;
  }

  /** Every indexed fact, in the order their files were indexed. */
  all(): Fact[] {
    return [...this.files.values()].flat();
  }

  /** The first indexed fact that satisfies the test. */
  find(test: (fact: Fact) => boolean): Fact | undefined {
    for (const facts of this.files.values()) {
      const found = facts.find(test);
      if (found) return found;
    }
    return undefined;
  }
}
