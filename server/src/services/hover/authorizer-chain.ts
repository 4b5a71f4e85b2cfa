/**
 * On an authorizer of an AuthorizationConfiguration: the chain in the order kube-apiserver asks it, what each
 * authorizer answers, and which ones are never asked.
 */
import { AUTHORIZATION_CONFIG_VERSIONS, describeAuthorizer, readAuthorizationConfiguration } from '../../engine/analysis/controlplane/authorization-config';
import { record } from '../../engine/validation/data';
import type { HoverProvider } from './index';
import { MASTERS_GROUP } from '../../engine/reference/system-identities';

export const authorizerChainHover: HoverProvider = {
  id: 'authorizer-chain',
  provide({ position }) {
    const { entry, target } = position;
    const document = entry.document;
    const path = target?.path ?? [];
    if (document.kind?.value !== 'AuthorizationConfiguration' || !AUTHORIZATION_CONFIG_VERSIONS.includes(document.apiVersion?.value ?? '')) return undefined;
    if (path[0] !== 'authorizers' || typeof path[1] !== 'number' || path.length > 3) return undefined;
    const object = record(document.data().data);
    const reading = object && readAuthorizationConfiguration(object);
    if (!reading || reading.problems.length > 0) return undefined;
    const decisive = reading.authorizers.findIndex((authorizer) => authorizer.type === 'AlwaysAllow');
    const lines = reading.authorizers.map((authorizer, index) => {
      const here = index === path[1] ? ' ← this one' : '';
      const skipped = decisive >= 0 && index > decisive ? ' (never asked)' : '';
      return `${index + 1}. \`${authorizer.name}\` (${authorizer.type})${skipped}: ${describeAuthorizer(authorizer)}${here}`;
    });
    const end = decisive >= 0 ? '' : '\n\nWhen no authorizer allows or denies, the request is denied.';
    return { markdown: `**Authorizers, in the order kube-apiserver asks them** (the first that allows or denies decides; members of \`${MASTERS_GROUP}\` are allowed before any is asked):\n\n${lines.join('\n')}${end}` };
  },
};
