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
    .map(({ binding, role, aggregatedFrom, rule }) => {
      const from = aggregatedFrom ? ` (aggregated from ${aggregatedFrom.kind} ${aggregatedFrom.name})` : '';
      return `${binding.kind} ${binding.namespace ? `${binding.namespace}/` : ''}${binding.name} → ${role.kind} ${role.name}${from}${placeWords(rule ?? role.at)}`;
    })
    .join('; ');
}

export function subjectWords(subject: SubjectAccessJson['subject']): string {
  return `${subject.kind} ${subject.namespace ? `${subject.namespace}/` : ''}${subject.name}`;
}

function grantLine(sign: '+' | '-', grant: GrantJson, markdown: boolean): string {
  const code = (text: string) => (markdown ? `\`${text}\`` : text);
  const risks = grant.risks.length ? (markdown ? ` — **${grant.risks.join(', ')}**` : ` [${grant.risks.join(', ')}]`) : '';
  // In Markdown "- -" would open a nested list, so a loss is marked with a minus sign.
  return `${markdown ? `- ${sign === '-' ? '−' : sign}` : `    ${sign}`} ${code(grantWords(grant))}${risks} — via ${viaWords(grant)}`;
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
  return count === 0 ? 'no pair of workloads changes' : `${count} pair${count === 1 ? '' : 's'} of workloads or address ranges change${count === 1 ? 's' : ''}`;
}

/** How many destinations a line names before it counts the rest (JSON has them all). */
const DESTINATIONS_SHOWN = 10;

/**
 * One line per source and change: the destinations that gain and lose the same ports the same way are listed
 * together, so opening a namespace's egress is one line, not one per address range.
 */
function reachabilityLines(changes: readonly ReachabilityChangeJson[], markdown: boolean): string[] {
  const groups = new Map<string, { change: ReachabilityChangeJson; destinations: string[] }>();
  for (const change of changes) {
    const key = JSON.stringify([change.from, change.added, change.removed, change.before.answer, change.after.answer]);
    const group = groups.get(key);
    if (group) group.destinations.push(change.to);
    else groups.set(key, { change, destinations: [change.to] });
  }
  return [...groups.values()].map(({ change, destinations }) => {
    const gained = change.added !== 'no port' ? ` + ${change.added}` : '';
    const lost = change.removed !== 'no port' ? ` − ${change.removed}` : '';
    const answer = change.before.answer !== change.after.answer ? ` (${change.before.answer} → ${change.after.answer})` : '';
    const shown = destinations.slice(0, DESTINATIONS_SHOWN).join(', ');
    const rest = destinations.length > DESTINATIONS_SHOWN ? ` and ${destinations.length - DESTINATIONS_SHOWN} more` : '';
    return `${markdown ? '- ' : '    '}${change.from} → ${shown}${rest}:${gained}${lost}${answer}`;
  });
}

export function accessDiffText(diff: AccessDiffJson): string[] {
  const lines = [`Access: ${accessSummaryWords(diff)}`];
  for (const entry of diff.access) {
    lines.push(`  ${subjectSummary(entry)}`);
    lines.push(...entry.added.map((grant) => grantLine('+', grant, false)), ...entry.removed.map((grant) => grantLine('-', grant, false)));
  }
  lines.push(`Reachability: ${reachabilitySummaryWords(diff)}`, ...reachabilityLines(diff.reachability, false));
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
  if (diff.reachability.length > 0) lines.push('<details><summary>Pairs</summary>', '', ...reachabilityLines(diff.reachability, true), '', '</details>', '');
  return lines;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The key of a binding or role for `changeLensTitles`: kind, namespace ("" for cluster-wide objects) and name. */
export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

/**
 * Code lens titles for the bindings and roles whose grants changed, by objectKey: the first (riskiest) change each
 * way, how many other grants changed through the object, and for how many subjects ("+ get secrets in shop for
 * 3 subjects", "− list pods in shop and 2 more grants for 1 subject").
 */
export function changeLensTitles(access: readonly SubjectAccessJson[]): Map<string, string[]> {
  type Side = { grants: Set<string>; subjects: Set<string> };
  const changes = new Map<string, { added: Side; removed: Side }>();
  const side = (): Side => ({ grants: new Set(), subjects: new Set() });
  for (const entry of access) {
    const subject = subjectWords(entry.subject);
    for (const [direction, grants] of [['added', entry.added], ['removed', entry.removed]] as const) {
      for (const grant of grants) {
        const keys = grant.via.flatMap(({ binding, role, aggregatedFrom }) => [
          objectKey(binding.kind, binding.namespace, binding.name),
          objectKey(role.kind, role.namespace, role.name),
          ...(aggregatedFrom ? [objectKey(aggregatedFrom.kind, undefined, aggregatedFrom.name)] : []),
        ]);
        for (const key of new Set(keys)) {
          let object = changes.get(key);
          if (!object) changes.set(key, (object = { added: side(), removed: side() }));
          object[direction].grants.add(grantWords(grant));
          object[direction].subjects.add(subject);
        }
      }
    }
  }
  const title = (sign: string, { grants, subjects }: Side): string[] => {
    const [first] = grants;
    if (first === undefined) return [];
    const others = grants.size - 1;
    const more = others > 0 ? ` and ${others} more grant${others === 1 ? '' : 's'}` : '';
    return [`${sign} ${first}${more} for ${subjects.size} subject${subjects.size === 1 ? '' : 's'}`];
  };
  return new Map([...changes].map(([key, object]) => [key, [...title('+', object.added), ...title('−', object.removed)]]));
}
