/**
 * RoleBinding and ClusterRoleBinding fields: the roleRef (kind, the roles it can name, its apiGroup) and the
 * subjects (kind with the apiGroup that goes with it, ServiceAccounts and namespaces seen in the workspace).
 */
import { isScalar, type YAMLMap } from 'yaml';
import { CompletionItemKind } from 'vscode-languageserver';
import { findPair } from '../../engine/model/nodes';
import { RBAC_GROUP } from '../../engine/model/views/rbac';
import { audienceOf } from '../../engine/analysis/rbac/audiences';
import { pathIs, SEQ } from './context';
import { mapAlong, namespaceOfDocument, stringOf, valueProposals, type CompletionProvider, type CompletionRequest, type TextEditProposal, type ValueChoice } from './items';
import { namespacesOf, rolesOf } from './workspace-names';

const ROLE_NOTES: Record<string, string> = {
  'cluster-admin': 'Full control of the whole cluster',
  admin: 'Full control within a namespace, including roles and bindings',
  edit: 'Read and write most objects in a namespace, not roles or bindings',
  view: 'Read most objects in a namespace, not Secrets',
};

const SUBJECT_KINDS: readonly ValueChoice[] = [
  { value: 'ServiceAccount', detail: 'A workload identity (needs a namespace)', kind: CompletionItemKind.EnumMember },
  { value: 'User', detail: 'A person or certificate identity, as the authenticator names it', kind: CompletionItemKind.EnumMember },
  { value: 'Group', detail: 'Every identity the authenticator puts in the group', kind: CompletionItemKind.EnumMember },
];

export const bindingCompletion: CompletionProvider = (request) => {
  const { cursor, kind } = request;
  if ((kind !== 'RoleBinding' && kind !== 'ClusterRoleBinding') || cursor.slot !== 'value') return undefined;
  const path = cursor.path;
  if (pathIs(path, 'roleRef', 'kind')) {
    const possible = kind === 'RoleBinding' ? ['ClusterRole', 'Role'] : ['ClusterRole'];
    // With the name written, only kinds under which a role of that name exists (rbac/role-ref-not-found).
    const name = stringOf(mapAlong(request.document.root, ['roleRef'], request.offset), 'name');
    const namespace = namespaceOfDocument(request.document);
    const existing = name ? possible.filter((roleKind) => request.workspace.findRole(roleKind, name, namespace)) : [];
    const kinds = existing.length > 0 ? existing : possible;
    return valueProposals(request, kinds.map((value) => ({ value, detail: value === 'Role' ? "A Role of the binding's namespace" : 'A cluster-wide role', kind: CompletionItemKind.EnumMember })));
  }
  if (pathIs(path, 'roleRef', 'apiGroup')) {
    return valueProposals(request, [{ value: RBAC_GROUP, detail: 'The only group roles belong to', kind: CompletionItemKind.Module }]);
  }
  if (pathIs(path, 'roleRef', 'name')) return roleNames(request);
  if (pathIs(path, 'subjects', SEQ, 'kind')) {
    return valueProposals(request, SUBJECT_KINDS.map((choice) => ({ ...choice, additionalEdits: apiGroupEdits(request, choice.value) })));
  }
  if (pathIs(path, 'subjects', SEQ, 'apiGroup')) {
    const subjectKind = stringOf(subjectAt(request), 'kind');
    if (subjectKind === 'ServiceAccount') return valueProposals(request, [{ value: '', detail: 'ServiceAccounts are in the core group', kind: CompletionItemKind.Module }]);
    return valueProposals(request, [{ value: RBAC_GROUP, detail: 'The group of users and groups', kind: CompletionItemKind.Module }]);
  }
  if (pathIs(path, 'subjects', SEQ, 'name')) return subjectNames(request);
  if (pathIs(path, 'subjects', SEQ, 'namespace')) return subjectNamespaces(request);
  return undefined;
};

function subjectAt(request: CompletionRequest): YAMLMap | undefined {
  return mapAlong(request.document.root, ['subjects', SEQ], request.offset);
}

function roleNames(request: CompletionRequest) {
  const written = stringOf(mapAlong(request.document.root, ['roleRef'], request.offset), 'kind');
  const namespace = namespaceOfDocument(request.document);
  const kinds = written === 'Role' || written === 'ClusterRole' ? [written] : request.kind === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  const choices: ValueChoice[] = [];
  for (const roleKind of kinds as ('Role' | 'ClusterRole')[]) {
    if (roleKind === 'Role' && request.kind !== 'RoleBinding') continue;
    for (const role of rolesOf(request.workspace, roleKind)) {
      // A RoleBinding can only refer to a Role of its own namespace.
      if (roleKind === 'Role' && role.namespace !== namespace) continue;
      const origin = role.builtIn ? 'built in' : roleKind === 'Role' ? `Role in ${namespace}` : 'in the workspace';
      choices.push({ value: role.name, detail: `${roleKind}, ${origin}`, ...(ROLE_NOTES[role.name] ? { documentation: ROLE_NOTES[role.name] } : {}), kind: CompletionItemKind.Reference });
    }
  }
  return valueProposals(request, choices);
}

function subjectNames(request: CompletionRequest) {
  const kind = stringOf(subjectAt(request), 'kind');
  if (kind === 'ServiceAccount') return serviceAccountNames(request);
  if (kind === 'User' || kind === 'Group') return userOrGroupNames(request, kind);
  return [];
}

/**
 * Users and groups the workspace's bindings already name, most often bound first: keeping to the names in use
 * avoids a binding to a group nobody is in because of a typo.
 */
function userOrGroupNames(request: CompletionRequest, kind: 'User' | 'Group') {
  const counts = new Map<string, number>();
  for (const binding of request.workspace.policy().bindings) {
    if (binding.builtIn) continue;
    for (const subject of binding.subjects) {
      // Names that stand for everyone would be reported by rbac/anonymous-binding.
      if (subject.kind === kind && !audienceOf({ kind, name: subject.name })) counts.set(subject.name, (counts.get(subject.name) ?? 0) + 1);
    }
  }
  const names = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return valueProposals(
    request,
    names.map(([name, count]) => ({ value: name, detail: `${kind} in ${count} binding${count === 1 ? '' : 's'} of the workspace`, kind: CompletionItemKind.Reference })),
  );
}

function serviceAccountNames(request: CompletionRequest) {
  const subject = subjectAt(request);
  const written = stringOf(subject, 'namespace');
  const own = namespaceOfDocument(request.document);
  const accounts = request.workspace.serviceAccounts.all().filter((account) => !written || account.namespace === written);
  accounts.sort((a, b) => Number(b.namespace === own) - Number(a.namespace === own) || a.name.localeCompare(b.name));
  // Each name once, with the namespace of its first (preferred) account.
  const choices = accounts.map((account): ValueChoice => {
    // A ClusterRoleBinding needs the namespace (rbac/subject-invalid); a RoleBinding defaults to its own.
    const needsNamespace = !written && (request.kind === 'ClusterRoleBinding' || account.namespace !== own);
    return {
      value: account.name,
      detail: `ServiceAccount in ${account.namespace}`,
      kind: CompletionItemKind.Reference,
      ...(needsNamespace && !pairOf(subject, 'namespace') ? { additionalEdits: siblingLine(request, 'namespace', account.namespace) } : {}),
    };
  });
  return valueProposals(request, choices);
}

function subjectNamespaces(request: CompletionRequest) {
  const subject = subjectAt(request);
  const name = stringOf(subject, 'name');
  const holding = name ? request.workspace.serviceAccounts.all().filter((account) => account.name === name).map((account) => account.namespace) : [];
  const all = namespacesOf(request.workspace);
  const ordered = [...new Set([...holding.sort(), ...all])];
  return valueProposals(
    request,
    ordered.map((namespace) => ({ value: namespace, detail: holding.includes(namespace) ? `has ServiceAccount ${name}` : 'namespace in the workspace', kind: CompletionItemKind.Folder })),
  );
}

/** The subject's apiGroup to go with its kind: replaced where written, else added as a line or a flow entry. */
function apiGroupEdits(request: CompletionRequest, kind: string): TextEditProposal[] | undefined {
  const group = kind === 'ServiceAccount' ? '""' : RBAC_GROUP;
  const subject = subjectAt(request);
  const pair = pairOf(subject, 'apiGroup');
  if (pair && isScalar(pair.value) && pair.value.range) {
    const current = pair.value.value;
    if (current === (kind === 'ServiceAccount' ? '' : RBAC_GROUP)) return undefined;
    return [{ range: { start: pair.value.range[0], end: pair.value.range[1] }, newText: group }];
  }
  if (pair || kind === 'ServiceAccount') return undefined;
  return request.cursor.inFlow ? flowEntry(request, subject, 'apiGroup', group) : siblingLine(request, 'apiGroup', group);
}

/** A `, key: value` entry added before the closing brace of a flow mapping (`{kind: User, name: jane}`). */
function flowEntry(request: CompletionRequest, map: YAMLMap | undefined, key: string, value: string): TextEditProposal[] | undefined {
  if (!map?.flow || !map.range) return undefined;
  const close = map.range[1] - 1;
  if (request.document.text[close] !== '}' || close < request.offset) return undefined;
  return [{ range: { start: close, end: close }, newText: `, ${key}: ${value}` }];
}

/** A `key: value` line inserted below the cursor's line, aligned with the cursor's key. */
function siblingLine(request: CompletionRequest, key: string, value: string): TextEditProposal[] | undefined {
  if (request.cursor.inFlow) return undefined;
  const text = request.document.text;
  const newline = text.indexOf('\n', request.offset);
  const line = `${' '.repeat(request.cursor.keyColumn)}${key}: ${value}`;
  if (newline === -1) return [{ range: { start: text.length, end: text.length }, newText: `\n${line}` }];
  return [{ range: { start: newline + 1, end: newline + 1 }, newText: `${line}\n` }];
}

function pairOf(map: YAMLMap | undefined, key: string) {
  return map ? findPair(map, key) : undefined;
}
