/**
 * Manifests several test files share: the CI deployer of the `shop` namespace, bound to a Role `deployer`.
 */
export const CI_DEPLOYER_BINDING = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ci-deployer
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: deployer
subjects:
  - kind: ServiceAccount
    name: ci
`;
