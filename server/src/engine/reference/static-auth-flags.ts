/**
 * The kube-apiserver flags that name files it reads credentials or ABAC policy from, which are CSV or JSON lines
 * rather than YAML (`--basic-auth-file` was removed in 1.19).
 */
export const STATIC_AUTH_KINDS = ['tokenFile', 'basicAuthFile', 'abacPolicyFile'] as const;
export type StaticAuthKind = (typeof STATIC_AUTH_KINDS)[number];

export const STATIC_AUTH_FLAGS: Readonly<Record<StaticAuthKind, string>> = {
  tokenFile: '--token-auth-file',
  basicAuthFile: '--basic-auth-file',
  abacPolicyFile: '--authorization-policy-file',
};
