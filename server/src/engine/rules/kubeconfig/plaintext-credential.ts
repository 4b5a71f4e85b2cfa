/**
 * Flags credentials written into a kubeconfig in the clear: a bearer `token` or a basic-auth `password`, which
 * anyone who can read (or is sent) the file can use, and the `gcp` and `azure` auth providers, which client-go no
 * longer has. Messages point at the key and never repeat the secret.
 */
import { isMap } from 'yaml';
import { kubeconfigOf, usersOf } from '../../model/views/kubeconfig';
import { defineRule } from '../define-rule';
import { fieldOf, stringField } from '../../model/nodes';

/** Auth providers client-go removed, and the exec plugin that replaces each. */
const REMOVED_AUTH_PROVIDERS: Record<string, string> = {
  gcp: 'gke-gcloud-auth-plugin',
  azure: 'kubelogin',
};

export default defineRule({
  id: 'kubeconfig/plaintext-credential',
  meta: {
    summary: 'Credential written into the kubeconfig in the clear, or a removed auth provider.',
    why: 'A kubeconfig gets copied, shared and committed; a token or password inside it works for whoever holds the copy, while an exec plugin or a token file keeps the secret out of the file.',
    severity: 'warning',
    risk: true,
    messageSeverity: { removedAuthProvider: 'error' },
    scope: 'manifests',
    messages: {
      inlineToken: 'User "{user}" has its bearer token written in the file: anyone who can read the file can use it. Prefer an exec plugin or tokenFile.',
      inlinePassword: 'User "{user}" has a password written in the file, for basic authentication, which kube-apiserver no longer supports since 1.19. Use a client certificate or an exec plugin.',
      removedAuthProvider: 'User "{user}" uses the "{name}" auth provider, which was removed from client-go: kubectl fails with it. Use the {replacement} exec plugin.',
    },
  },
  check(doc, context) {
    const config = kubeconfigOf(doc);
    if (!config) return;
    for (const entry of usersOf(config)) {
      const user = entry.name?.value ?? `#${entry.index + 1}`;
      // The finding points at the key: the value is the secret and must not end up in a message or range.
      for (const [key, messageId] of [['token', 'inlineToken'], ['password', 'inlinePassword']] as const) {
        const field = fieldOf(entry.body, key);
        const value = stringField(entry.body, key);
        if (field && value && value.value !== '') context.report({ at: field.key, messageId, data: { user } });
      }
      const provider = fieldOf(entry.body, 'auth-provider')?.value;
      const name = isMap(provider) ? stringField(provider, 'name') : undefined;
      if (name && name.value in REMOVED_AUTH_PROVIDERS) {
        context.report({ at: name.node, messageId: 'removedAuthProvider', data: { user, name: name.value, replacement: REMOVED_AUTH_PROVIDERS[name.value] } });
      }
    }
  },
});
