/**
 * Former rule ids that still work wherever a user writes a rule id (settings, config files, suppression comments,
 * `--disable`), each mapped to the rule that replaced it.
 */
export const RULE_ALIASES: Readonly<Record<string, string>> = {
  'apiserver/insecure-flag': 'controlplane/insecure-flag',
};

/** The current id for a rule id as a user wrote it. */
export function canonicalRuleId(id: string): string {
  return Object.hasOwn(RULE_ALIASES, id) ? RULE_ALIASES[id] : id;
}
