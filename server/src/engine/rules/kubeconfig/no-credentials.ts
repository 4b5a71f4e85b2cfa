/**
 * Explains a kubeconfig user that carries no credentials (`user:` with no value, `{}`, or only settings such as
 * impersonation): kubectl accepts it and sends requests without authenticating, which the API server treats as
 * system:anonymous when anonymous requests are allowed, and refuses otherwise.
 */
import { isMap, isScalar } from 'yaml';
import { kubeconfigOf } from '../../model/views/kubeconfig';
import { fieldOf } from '../../model/nodes';
import { defineRule } from '../define-rule';

/** The fields of a user that make kubectl authenticate (clientcmd AuthInfo); each is enough on its own. */
const CREDENTIAL_FIELDS = ['client-certificate', 'client-certificate-data', 'token', 'tokenFile', 'username', 'auth-provider', 'exec'];

export default defineRule({
  id: 'kubeconfig/no-credentials',
  meta: {
    summary: 'Kubeconfig user without credentials.',
    why: 'kubectl accepts a user with nothing in it and sends its requests unauthenticated; the API server then treats them as system:anonymous, or refuses them when anonymous requests are off.',
    severity: 'information',
    scope: 'manifests',
    messages: {
      noCredentials: 'User "{user}" has no credentials: kubectl sends its requests without authenticating, as system:anonymous, which most clusters refuse or allow only health checks.',
    },
  },
  check(doc, context) {
    const config = kubeconfigOf(doc);
    if (!config) return;
    for (const entry of config.users?.items ?? []) {
      const field = fieldOf(entry.node, 'user');
      const value = field?.value;
      // A value of another type is k8s/invalid-value's finding.
      if (value && !isMap(value) && !(isScalar(value) && value.value === null)) continue;
      const body = entry.body;
      if (body && CREDENTIAL_FIELDS.some((name) => fieldOf(body, name))) continue;
      const at = field?.key ?? entry.name?.node ?? entry.node;
      context.report({ at, messageId: 'noCredentials', data: { user: entry.name?.value ?? `#${entry.index + 1}` } });
    }
  },
});
