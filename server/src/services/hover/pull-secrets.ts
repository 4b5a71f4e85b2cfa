/**
 * Image pull credentials on hover: on a pull secret's `.dockerconfigjson` or `.dockercfg` value, and on an
 * `imagePullSecrets` name (the Secret the workspace defines for it in that namespace), the registries and the
 * user names the kubelet would log in with. Passwords, tokens and `auth` strings are never shown.
 */
import type { PullCredentials } from '../../engine/analysis/credentials/docker-config';
import { isPullSecretType } from '../../engine/analysis/credentials/docker-config';
import { metadataString, nodeAtPath, scalarString } from '../../engine/model/nodes';
import { podSpecOf } from '../../engine/model/views/workload';
import type { HoverProvider } from './index';
import { inlineCode as code } from './inline-code';


/** The registries and user names of pull credentials, or why the kubelet cannot read them. */
export function describePullCredentials(pull: PullCredentials): string {
  if ('problem' in pull) return `⚠ The kubelet cannot read these pull credentials: ${pull.problem}. Every image pull of a pod that names this Secret fails.`;
  if (pull.logins.length === 0) return 'No registries: these pull credentials log in nowhere.';
  const lines = pull.logins.map((login) => `- ${code(login.registry)}${login.username ? ` as user ${code(login.username)}` : ', no user name'}`);
  return `Credentials for ${pull.logins.length === 1 ? '1 registry' : `${pull.logins.length} registries`} (passwords, tokens and auth strings not shown):\n${lines.join('\n')}`;
}

export const pullSecretReferenceHover: HoverProvider = {
  id: 'pull-secret-reference',
  provide({ position, workspace }) {
    const { entry, target } = position;
    const path = target?.path ?? [];
    const at = path.length - 3;
    if (!workspace || path[path.length - 1] !== 'name' || at < 0 || path[at] !== 'imagePullSecrets' || typeof path[at + 1] !== 'number') return undefined;
    const document = entry.document;
    const namespace = document.kind?.value === 'ServiceAccount' ? metadataString(document.root, 'namespace') || 'default' : podSpecOf(document)?.namespace;
    const name = scalarString(nodeAtPath(document.root, path)?.value);
    if (!namespace || !name) return undefined;
    const secret = workspace.secrets.named(namespace, name);
    const head = `**Pull secret ${code(name)}** in namespace ${code(namespace)}`;
    if (!secret) return { markdown: `${head}: not defined in the workspace.` };
    if (!isPullSecretType(secret.type)) return { markdown: `${head} has type ${code(secret.type)}; the kubelet takes no pull credentials from it.` };
    return { markdown: `${head} (${secret.type})\n\n${secret.pull ? describePullCredentials(secret.pull) : 'Its credentials are not readable text.'}` };
  },
};
