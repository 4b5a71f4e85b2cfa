/**
 * A small workspace for completion tests: a namespace with labels, workloads with pod labels and named ports, a
 * ServiceAccount, Secrets in two namespaces, a Role and bindings naming users and groups, so that every
 * completion context has workspace values to offer.
 */
import { SHOP_DEPLOYER_ROLE } from './manifests';

export const WORKSPACE_FILES: Record<string, string> = {
  'namespaces.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    team: payments
`,
  'workloads.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, tier: frontend}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - {name: http, containerPort: 8080}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api, tier: backend}
    spec:
      containers:
        - name: api
          image: api:1.0
          ports:
            - {name: grpc, containerPort: 9090}
            - {name: metrics, containerPort: 9100, protocol: UDP}
`,
  'accounts.yaml': `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ci
  namespace: shop
---
apiVersion: v1
kind: Secret
metadata:
  name: ci-token
  namespace: shop
type: Opaque
---
apiVersion: v1
kind: Secret
metadata:
  name: other-team-token
  namespace: billing
type: Opaque
`,
  'bindings.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: deployers
  namespace: shop
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer}
subjects:
  - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: payments-devs}
  - {kind: User, apiGroup: rbac.authorization.k8s.io, name: jane}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: viewers
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: payments-devs}
  - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: auditors}
  - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: system:authenticated}
`,
  'roles.yaml': SHOP_DEPLOYER_ROLE,
};

/** Splits `text` at its `|` cursor marker. */
export function atCursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset === -1) throw new Error(`no cursor in ${marked}`);
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}
