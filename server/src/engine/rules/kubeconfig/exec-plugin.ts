/**
 * Explains that a kubeconfig user runs a local command to get its credentials, and flags exec plugins that ask for
 * `client.authentication.k8s.io/v1alpha1`, which client-go no longer accepts. Opening a kubeconfig from someone
 * else and using it runs whatever command it names, with the user's environment.
 */
import { isMap } from 'yaml';
import { kubeconfigOf, usersOf } from '../../model/views/kubeconfig';
import { defineRule } from '../define-rule';
import { fieldOf, stringField } from '../../model/nodes';

const REMOVED_EXEC_API_VERSIONS = ['client.authentication.k8s.io/v1alpha1'];

export default defineRule({
  id: 'kubeconfig/exec-plugin',
  meta: {
    summary: 'User that runs a local command to get credentials.',
    why: 'An exec plugin runs a program on the machine every time the user is used, with the user\'s environment; a kubeconfig from elsewhere can run anything this way, and a plugin asking for a removed API version fails.',
    severity: 'information',
    risk: true,
    messageSeverity: { removedApiVersion: 'error' },
    scope: 'manifests',
    messages: {
      runsCommand: 'User "{user}" runs the command "{command}" to get its credentials whenever it is used.',
      removedApiVersion: 'Exec plugin API version "{apiVersion}" is no longer accepted by client-go; use client.authentication.k8s.io/v1 (or v1beta1) if the plugin supports it.',
    },
  },
  check(doc, context) {
    const config = kubeconfigOf(doc);
    if (!config) return;
    for (const entry of usersOf(config)) {
      const exec = fieldOf(entry.body, 'exec')?.value;
      if (!isMap(exec)) continue;
      const user = entry.name?.value ?? `#${entry.index + 1}`;
      // Only the command is named: arguments can hold tokens or account details.
      const command = stringField(exec, 'command');
      if (command && command.value !== '') context.report({ at: command.node, messageId: 'runsCommand', data: { user, command: command.value } });
      const apiVersion = stringField(exec, 'apiVersion');
      if (apiVersion && REMOVED_EXEC_API_VERSIONS.includes(apiVersion.value)) {
        context.report({ at: apiVersion.node, messageId: 'removedApiVersion', data: { apiVersion: apiVersion.value } });
      }
    }
  },
});
