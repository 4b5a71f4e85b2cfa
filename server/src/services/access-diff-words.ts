/**
 * The access and reachability changes of access-diff.ts in words: one line per grant for terminals, and
 * Markdown with a line per subject and the grants folded under it, for pull-request comments and the editor's
 * preview. Values are written as RBAC writes them (verbs, `resource/subresource.group`), so reviewers can match
 * them with the manifests.
 */
import type { AccessDiffJson, GrantJson, PlaceJson, ReachabilityChangeJson, SubjectAccessJson, ValuesJson } from './access-diff';

function listed(values: ValuesJson | undefined, every: string, word: (value: string) => string = (value) => value): string {
  if (!values) return every;
  if ('values' in values) return values.values.map(word).join(', ');
  return values.except.length === 0 ? every : `${every} except ${values.except.map(word).join(', ')}`;
}

function resourcesWords(grant: GrantJson): string {
  const groups = grant.apiGroups;
  const single = groups && 'values' in groups && groups.values.length === 1 ? groups.values[0] : undefined;
  const suffix = single ? `.${single}` : '';
  const names = (set: ValuesJson | undefined) => (set && 'values' in set ? set.values : ['*']);
  const entries = names(grant.resources).flatMap((resource) => names(grant.subresources).map((subresource) => `${resource}${subresource === '' ? '' : `/${subresource}`}${suffix}`));
  const exceptions = [grant.resources, grant.subresources].flatMap((set, index) =>
    set && 'any' in set && set.except.length > 0 ? [`${index === 0 ? 'resources' : 'subresources'} ${set.except.map((value) => value || '(none)').join(', ')}`] : [],
  );
  const groupWords = single === undefined ? ` in API groups ${listed(groups, 'every group', (group) => group || 'core')}` : '';
  return `${entries.join(', ')}${exceptions.length ? ` (except ${exceptions.join('; ')})` : ''}${groupWords}`;
}

function scopeWords(grant: GrantJson): string {
  const namespaces = grant.namespaces;
  if (!namespaces) return '';
  if ('values' in namespaces) return namespaces.values.map((namespace) => (namespace === '' ? ' cluster-wide' : ` in ${namespace}`)).join(',');
  return namespaces.except.length === 0 ? ' in every namespace and cluster-wide' : ` everywhere except ${namespaces.except.map((namespace) => namespace || 'cluster-wide').join(', ')}`;
}

function nameWords(grant: GrantJson): string {
  const names = grant.resourceNames;
  if (!names) return '';
  if ('values' in names) return ` named ${names.values.map((name) => name || '(no name)').join(', ')}`;
  return names.except.length === 0 ? '' : ` not named ${names.except.map((name) => name || '(no name)').join(', ')}`;
}

/** A grant in one line: `get, list secrets in shop`, `get /metrics`. */
export function grantWords(grant: GrantJson): string {
  const verbs = listed(grant.verbs, 'every verb');
  if (grant.nonResourceURLs) return `${verbs} ${grant.nonResourceURLs.join(', ')}`;
  return `${verbs} ${resourcesWords(grant)}${nameWords(grant)}${scopeWords(grant)}`;
}

const placeWords = (place: PlaceJson | undefined) => (place ? ` (${place.file}:${place.line})` : ' (built in)');

export function viaWords(grant: GrantJson): string {
  return grant.via
    .map(({ binding, role, rule }) => `${binding.kind} ${binding.namespace ? `${binding.namespace}/` : ''}${binding.name} → ${role.kind} ${role.name}${placeWords(rule ?? role.at)}`)
    .join('; ');
}

export function subjectWords(subject: SubjectAccessJson['subject']): string {
  return `${subject.kind} ${subject.namespace ? `${subject.namespace}/` : ''}${subject.name}`;
}

function grantLine(sign: '+' | '-', grant: GrantJson, markdown: boolean): string {
  const code = (text: string) => (markdown ? `\`${text}\`` : text);
  const risks = grant.risks.length ? (markdown ? ` — **${grant.risks.join(', ')}**` : ` [${grant.risks.join(', ')}]`) : '';
  return `${markdown ? '- ' : '    '}${sign} ${code(grantWords(grant))}${risks} — via ${viaWords(grant)}`;
}

function subjectSummary(entry: SubjectAccessJson): string {
  const risks = [...new Set(entry.added.flatMap((grant) => grant.risks))];
  const parts = [entry.added.length ? `+${entry.added.length}` : '', entry.removed.length ? `−${entry.removed.length}` : ''].filter(Boolean);
  return `${subjectWords(entry.subject)}: ${parts.join(' ')} grant${entry.added.length + entry.removed.length === 1 ? '' : 's'}${risks.length ? ` (gains: ${risks.join(', ')})` : ''}`;
}

export function accessSummaryWords(diff: Pick<AccessDiffJson, 'access'>): string {
  const gaining = diff.access.filter((entry) => entry.added.length > 0).length;
  const losing = diff.access.filter((entry) => entry.removed.length > 0).length;
  const risky = diff.access.filter((entry) => entry.added.some((grant) => grant.risks.length > 0)).length;
  if (gaining + losing === 0) return 'no subject gains or loses access';
  return `${gaining} subject${gaining === 1 ? '' : 's'} gain${gaining === 1 ? 's' : ''} access${risky ? ` (${risky} with risky capabilities)` : ''}, ${losing} lose${losing === 1 ? 's' : ''} access`;
}

export function reachabilitySummaryWords(diff: Pick<AccessDiffJson, 'reachability'>): string {
  const count = diff.reachability.length;
  return count === 0 ? 'no pair of workloads changes' : `${count} pair${count === 1 ? '' : 's'} of workloads change${count === 1 ? 's' : ''}`;
}

function reachabilityLine(change: ReachabilityChangeJson, markdown: boolean): string {
  const gained = change.added !== 'no port' ? ` + ${change.added}` : '';
  const lost = change.removed !== 'no port' ? ` − ${change.removed}` : '';
  const answer = change.before.answer !== change.after.answer ? ` (${change.before.answer} → ${change.after.answer})` : '';
  return `${markdown ? '- ' : '    '}${change.from} → ${change.to}:${gained}${lost}${answer}`;
}

export function accessDiffText(diff: AccessDiffJson): string[] {
  const lines = [`Access: ${accessSummaryWords(diff)}`];
  for (const entry of diff.access) {
    lines.push(`  ${subjectSummary(entry)}`);
    lines.push(...entry.added.map((grant) => grantLine('+', grant, false)), ...entry.removed.map((grant) => grantLine('-', grant, false)));
  }
  lines.push(`Reachability: ${reachabilitySummaryWords(diff)}`, ...diff.reachability.map((change) => reachabilityLine(change, false)));
  return lines;
}

/** Markdown sections: a summary line each, the details folded. */
export function accessDiffMarkdown(diff: AccessDiffJson): string[] {
  const lines = ['### Access', '', `${accessSummaryWords(diff)}.`, ''];
  for (const entry of diff.access) {
    lines.push(`<details><summary>${escapeHtml(subjectSummary(entry))}</summary>`, '');
    lines.push(...entry.added.map((grant) => grantLine('+', grant, true)), ...entry.removed.map((grant) => grantLine('-', grant, true)));
    lines.push('', '</details>', '');
  }
  lines.push('### Reachability', '', `${reachabilitySummaryWords(diff)}.`, '');
  if (diff.reachability.length > 0) lines.push('<details><summary>Pairs</summary>', '', ...diff.reachability.map((change) => reachabilityLine(change, true)), '', '</details>', '');
  return lines;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
