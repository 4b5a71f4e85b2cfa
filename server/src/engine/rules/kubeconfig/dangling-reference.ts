/**
 * Flags kubeconfig references that lead nowhere: a context naming a cluster or user the file does not define, a
 * `current-context` naming no context, and names repeated within clusters, users or contexts. kubectl refuses to
 * load a file with repeated names and cannot connect through a context without its cluster; a context whose user
 * is missing connects without credentials, which is rarely what was meant.
 */
import { closest } from '../../analysis/spelling';
import { replaceScalar } from '../../edits';
import { kubeconfigOf, type NamedListView } from '../../model/views/kubeconfig';
import { defineRule, type FixProposal } from '../define-rule';
import { stringField, type StringValue } from '../../model/nodes';

type MessageId = 'clusterNotFound' | 'userNotFound' | 'contextNotFound' | 'duplicateName' | 'replaceWith';

export default defineRule<MessageId>({
  id: 'kubeconfig/dangling-reference',
  meta: {
    summary: 'Kubeconfig name that refers to nothing, or is defined twice.',
    why: 'kubectl looks clusters, users and contexts up by name: it refuses a file that defines a name twice, stops when the current context does not exist, and cannot reach a server through a context whose cluster is missing.',
    severity: 'error',
    messageSeverity: { userNotFound: 'warning' },
    scope: 'manifests',
    fix: 'unsafe',
    messages: {
      clusterNotFound: 'Context "{context}" uses cluster "{name}", which this file does not define.',
      userNotFound: 'Context "{context}" uses user "{name}", which this file does not define; kubectl would send its requests without credentials.',
      contextNotFound: 'current-context "{name}" is not one of the contexts this file defines.',
      duplicateName: 'The name "{name}" is already used by an earlier entry of {list}; kubectl refuses to load the file.',
      replaceWith: 'Replace "{name}" with "{suggestion}"',
    },
  },
  check(doc, context) {
    const config = kubeconfigOf(doc);
    if (!config) return;
    const clusters = namesOf(config.clusters, 'clusters');
    const users = namesOf(config.users, 'users');
    const contexts = namesOf(config.contexts, 'contexts');

    const reportMissing = (reference: StringValue, known: string[], messageId: 'clusterNotFound' | 'userNotFound' | 'contextNotFound', contextName: string) => {
      const suggestion = closest(reference.value, known);
      const fixes: FixProposal<MessageId>[] = suggestion
        ? [{ messageId: 'replaceWith', data: { name: reference.value, suggestion }, edits: [replaceScalar(reference.node, suggestion)] }]
        : [];
      context.report({ at: reference.node, messageId, data: { name: reference.value, context: contextName }, fixes });
    };

    for (const entry of config.contexts?.items ?? []) {
      const contextName = entry.name?.value ?? `#${entry.index + 1}`;
      // A context without a cluster or user key is k8s/missing-field's finding; empty strings are left alone too.
      const cluster = stringField(entry.body, 'cluster');
      if (cluster && cluster.value !== '' && !clusters.includes(cluster.value)) reportMissing(cluster, clusters, 'clusterNotFound', contextName);
      const user = stringField(entry.body, 'user');
      if (user && user.value !== '' && !users.includes(user.value)) reportMissing(user, users, 'userNotFound', contextName);
    }
    const current = config.currentContext?.value;
    // An empty current-context means "no default context", which kubectl accepts.
    if (current && current.value !== '' && !contexts.includes(current.value)) reportMissing(current, contexts, 'contextNotFound', current.value);

    function namesOf(list: NamedListView | undefined, label: string): string[] {
      const names: string[] = [];
      for (const entry of list?.items ?? []) {
        if (!entry.name) continue;
        if (names.includes(entry.name.value)) context.report({ at: entry.name.node, messageId: 'duplicateName', data: { name: entry.name.value, list: label } });
        else names.push(entry.name.value);
      }
      return names;
    }
  },
});
