/**
 * The lists of a Role or ClusterRole rule: apiGroups that exist, resources of the groups the rule lists, verbs the
 * rule's resources are requested with (in the order people write them), and resourceNames of objects in the
 * workspace. Each list relies on the catalogue lookups the RBAC rules use, so what is offered is what they accept.
 */
import { CompletionItemKind } from 'vscode-languageserver';
import { groupClass, knownIn, scopeOf, verbsIn } from '../../engine/analysis/rbac/rule-targets';
import { risksOf } from '../../engine/analysis/rbac/risks';
import { apiVersionOf, preferredVersion, servedGroupVersion } from '../../engine/reference/api-catalog';
import { apiGroups, authorizationOnlyNames, NON_RESOURCE_VERBS, resourceInfo, resourcesOf, STANDARD_VERBS } from '../../engine/reference/rbac-reference';
import { pathIs, SEQ } from './context';
import { mapAlong, namespaceOfDocument, stringsOf, valueProposals, writtenItems, type CompletionProvider, type CompletionRequest, type ValueChoice } from './items';
import { objectsOf } from './workspace-names';

/** Groups people use most, offered first; the rest follow alphabetically. */
const COMMON_GROUPS = ['', 'apps', 'batch', 'rbac.authorization.k8s.io', 'networking.k8s.io', 'certificates.k8s.io', 'policy', 'autoscaling', 'coordination.k8s.io', 'storage.k8s.io'];

const SUBRESOURCE_NOTES: Record<string, string> = {
  'pods/exec': 'Run commands in a container (kubectl exec).',
  'pods/attach': 'Attach to a running container.',
  'pods/portforward': 'Forward local ports to a pod.',
  'pods/log': 'Read container logs.',
  'pods/eviction': 'Evict a pod, respecting disruption budgets.',
  'pods/ephemeralcontainers': 'Add debug containers to a running pod.',
  'serviceaccounts/token': 'Request tokens that act as the service account.',
  'nodes/proxy': 'Reach the kubelet API through the API server.',
  'deployments/scale': 'Change the replica count without editing the Deployment.',
  'statefulsets/scale': 'Change the replica count without editing the StatefulSet.',
  'certificatesigningrequests/approval': 'Approve or deny signing requests.',
};

const VERB_NOTES: Record<string, string> = {
  get: 'Read one object by name.',
  list: 'Read every object of the resource (a list returns full objects, Secrets included).',
  watch: 'Stream changes to objects.',
  create: 'Create new objects.',
  update: 'Replace existing objects.',
  patch: 'Change parts of existing objects.',
  delete: 'Delete one object by name.',
  deletecollection: 'Delete many objects in one request.',
  bind: 'Bind the role in a binding without holding its permissions.',
  escalate: 'Write roles granting more than the writer holds.',
  impersonate: 'Act as the user, group or service account.',
  approve: 'Approve signing requests for the signer.',
  sign: 'Issue certificates for the signer.',
  attest: 'Attest requests for the signer.',
  use: 'Use the policy object (admission checks this).',
  proxy: 'Proxy requests to the object.',
};

/** Verbs of the rule in the conventional order: the standard eight, then any special verb. */
function ordered(verbs: Iterable<string>): string[] {
  const rank = (verb: string) => {
    const index = (STANDARD_VERBS as readonly string[]).indexOf(verb);
    return index === -1 ? STANDARD_VERBS.length : index;
  };
  return [...verbs].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export const rbacCompletion: CompletionProvider = (request) => {
  const { cursor } = request;
  if (request.kind !== 'Role' && request.kind !== 'ClusterRole') return undefined;
  if (cursor.slot !== 'item' || !pathIs(cursor.path.slice(0, 2), 'rules', SEQ) || cursor.path.length !== 4) return undefined;
  const rule = mapAlong(request.document.root, cursor.path.slice(0, 2), request.offset);
  const field = cursor.path[2];
  const written = writtenItems(request);
  const groups = [...stringsOf(rule, 'apiGroups'), ...(field === 'apiGroups' ? written : [])];
  const resources = field === 'resources' ? written : stringsOf(rule, 'resources');
  const verbs = field === 'verbs' ? written : stringsOf(rule, 'verbs');
  switch (field) {
    case 'apiGroups':
      return valueProposals(request, groupChoices(), written);
    case 'resources': {
      const choices = resourceChoices(request.kind, groups, verbs).filter(servesVerbs(groups, written, verbs));
      return valueProposals(request, markRisks(choices, (added) => ({ groups, resources: [...written, ...added], verbs })), written);
    }
    case 'verbs': {
      const choices = verbChoices(groups, resources, stringsOf(rule, 'nonResourceURLs'));
      return valueProposals(request, markRisks(choices, (added) => ({ groups, resources, verbs: [...written, ...added] })), written);
    }
    case 'resourceNames':
      return valueProposals(request, nameChoices(request, groups, resources, verbs), written);
    default:
      return undefined;
  }
};

/**
 * Risk rules warn about what a rule grants, and a value can make a rule risky: such values are still offered (a
 * role may need them), but their detail names the warning they would bring, so the choice is made knowingly.
 */
function markRisks(choices: ValueChoice[], ruleWith: (added: string[]) => { groups: string[]; resources: string[]; verbs: string[] }): ValueChoice[] {
  const risks = (added: string[]) => {
    const { groups, resources, verbs } = ruleWith(added);
    return risksOf({ apiGroups: groups, resources, verbs, resourceNames: [], nonResourceURLs: [] });
  };
  const present = new Set(risks([]));
  return choices.map((choice) => {
    const added = risks([choice.value]).filter((risk) => !present.has(risk));
    if (added.length === 0) return choice;
    const warning = `⚠ ${added.map((risk) => risk.label).join(', ')} (${added.map((risk) => risk.ruleId).join(', ')})`;
    return { ...choice, detail: choice.detail ? `${warning} · ${choice.detail}` : warning };
  });
}

function groupChoices(): ValueChoice[] {
  const live = apiGroups().filter((group) => {
    const version = preferredVersion(group);
    return version !== undefined && servedGroupVersion(apiVersionOf(group, version))?.enabledByDefault !== false;
  });
  const ordered = [...COMMON_GROUPS.filter((group) => live.includes(group)), ...live.filter((group) => !COMMON_GROUPS.includes(group)).sort()];
  return ordered.map((group) => {
    const names = [...resourcesOf(group).keys()];
    const sample = `${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''}`;
    return {
      value: group,
      detail: group === '' ? `core group: ${sample}` : sample,
      ...(group === '' ? { documentation: 'The core API group, written as an empty string: pods, services, secrets, configmaps, namespaces and the other original resources.' } : {}),
      kind: CompletionItemKind.Module,
    };
  });
}

function resourceChoices(roleKind: string, groups: readonly string[], verbs: readonly string[]): ValueChoice[] {
  const plain: ValueChoice[] = [];
  const subresources: ValueChoice[] = [];
  const mayBind = verbs.includes('bind') || verbs.includes('*');
  for (const group of groups.filter((candidate) => groupClass(candidate) === 'served')) {
    const label = group === '' ? 'core' : group;
    // A Role cannot grant cluster-scoped resources (rbac/cluster-scoped-in-role), except its own namespace and bind.
    const allowed = (name: string) =>
      knownIn(group, name) &&
      verbsIn(group, name) !== undefined &&
      !(roleKind === 'Role' && scopeOf(group, name) === 'cluster' && !name.startsWith('namespaces') && !(name === 'clusterroles' && mayBind));
    for (const info of resourcesOf(group).values()) {
      if (allowed(info.name)) plain.push({ value: info.name, detail: `${info.kind} (${label}), ${info.namespaced ? 'namespaced' : 'cluster-wide'}`, kind: CompletionItemKind.Class });
      for (const sub of info.subresources.keys()) {
        const name = `${info.name}/${sub}`;
        if (allowed(name)) subresources.push({ value: name, detail: `${sub} of ${info.kind} (${label})`, ...(SUBRESOURCE_NOTES[name] ? { documentation: SUBRESOURCE_NOTES[name] } : {}), kind: CompletionItemKind.Property });
      }
    }
    for (const name of authorizationOnlyNames(group).filter((candidate) => !candidate.includes('*'))) {
      if (!allowed(name)) continue;
      const choice = { value: name, detail: `checked by authorization only (${label})`, ...(SUBRESOURCE_NOTES[name] ? { documentation: SUBRESOURCE_NOTES[name] } : {}), kind: CompletionItemKind.Property };
      (name.includes('/') ? subresources : plain).push(choice);
    }
  }
  const byName = (a: ValueChoice, b: ValueChoice) => a.value.localeCompare(b.value);
  return [...plain.sort(byName), ...subresources.sort(byName)];
}

/**
 * Whether adding a resource keeps every written verb meaningful: rbac/verb-not-supported reports a verb none of the
 * rule's resources serves, so a new resource must serve the verbs the resources already there do not.
 */
function servesVerbs(groups: readonly string[], resources: readonly string[], verbs: readonly string[]): (choice: ValueChoice) => boolean {
  const served = (resource: string) => {
    const sets = groups.filter((group) => knownIn(group, resource)).map((group) => verbsIn(group, resource));
    return sets.length === 0 || sets.some((set) => set === undefined) ? undefined : new Set(sets.flatMap((set) => [...set!]));
  };
  const existing = resources.map(served);
  // Where the catalogue cannot judge the present resources, the rule says nothing about verbs either.
  if (existing.some((set) => set === undefined)) return () => true;
  const needed = verbs.filter((verb) => verb !== '*' && !existing.some((set) => set!.has(verb)));
  return (choice) => {
    const verbsOfChoice = served(choice.value);
    return verbsOfChoice === undefined || needed.every((verb) => verbsOfChoice.has(verb));
  };
}

/**
 * The verbs requests for the rule's resources use. Where the catalogue cannot tell (a custom or `*` group, an
 * unknown or wildcard resource, no resources yet), the standard verbs, which no rule reports there.
 */
function verbChoices(groups: readonly string[], resources: readonly string[], urls: readonly string[]): ValueChoice[] {
  const describe = (verb: string): ValueChoice => ({ value: verb, ...(VERB_NOTES[verb] ? { detail: VERB_NOTES[verb] } : {}), kind: CompletionItemKind.EnumMember });
  if (resources.length === 0 && urls.length > 0) return NON_RESOURCE_VERBS.map((verb) => ({ value: verb, detail: `HTTP ${verb.toUpperCase()} on the URL`, kind: CompletionItemKind.EnumMember }));
  const verbs = new Set<string>();
  const judged = groups.length > 0 && groups.every((group) => groupClass(group) === 'served') && resources.length > 0;
  for (const resource of judged ? resources : []) {
    const known = groups.filter((group) => knownIn(group, resource));
    const served = known.map((group) => verbsIn(group, resource));
    if (known.length === 0 || served.some((set) => set === undefined)) return STANDARD_VERBS.map(describe);
    served.forEach((set) => set!.forEach((verb) => verbs.add(verb)));
  }
  return ordered(verbs.size > 0 ? verbs : STANDARD_VERBS).map(describe);
}

/** Verbs that resourceNames cannot restrict (rbac/resource-names-ineffective). */
const NAMELESS_VERBS = new Set(['list', 'watch', 'deletecollection']);

function nameChoices(request: CompletionRequest, groups: readonly string[], resources: readonly string[], verbs: readonly string[]): ValueChoice[] {
  const plainOnly = resources.length > 0 && resources.every((resource) => !resource.includes('/') && !resource.includes('*'));
  // The first name would make those verbs grant nothing; offering it would invite the finding.
  if (verbs.some((verb) => NAMELESS_VERBS.has(verb) || (verb === 'create' && plainOnly))) return [];
  const namespace = request.kind === 'Role' ? namespaceOfDocument(request.document) : undefined;
  const choices: ValueChoice[] = [];
  for (const resource of resources) {
    const base = resource.split('/')[0];
    for (const group of groups) {
      const info = resourceInfo(group, base);
      for (const object of objectsOf(request.workspace, group, base, info?.kind)) {
        if (namespace !== undefined && object.namespace !== undefined && object.namespace !== namespace) continue;
        const where = object.namespace ? ` in ${object.namespace}` : '';
        choices.push({ value: object.name, detail: `${info?.kind ?? base}${where}${object.builtIn ? ' (built in)' : ''}`, kind: CompletionItemKind.Reference });
      }
    }
  }
  return choices;
}

