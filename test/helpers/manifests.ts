/**
 * Manifests several test files share: a correct pod-reader Role, the CI deployer of the `shop` namespace bound to
 * a Role `deployer` (which reads and updates Deployments; tests append rules of their own), and the `api`
 * Deployment of `shop` with a policy that denies all ingress to the namespace; a Role of shop that reads Secrets
 * and pods, also written another way, for the tests that match findings across revisions.
 */
export const POD_READER_ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
  namespace: default
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get", "list", "watch"]
`;

export const SHOP_DEPLOYER_ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
  namespace: shop
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "update"]
`;

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

export const SHOP_API_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: "registry.example.com/api:2.0"}]
`;

export const SHOP_DEFAULT_DENY_INGRESS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

/** A Deployment with no security settings at all: baseline, and refused where restricted is enforced. */
export const bareDeployment = (namespace: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${namespace}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

/** A Role of shop that reads Secrets and pods: one risky grant, one plain. */
export const READER_ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [secrets]
    verbs: [get]
  - apiGroups: [""]
    resources: [pods]
    verbs: [get, list]
`;

/** READER_ROLE written with four spaces of indentation, its metadata reordered and its first rule's lists in block style. */
export const READER_ROLE_REINDENTED = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
    namespace: shop
    name: reader
rules:
    -   apiGroups:
            - ""
        resources:
            - secrets
        verbs:
            - get
    -   apiGroups: [""]
        resources: [pods]
        verbs: [get, list]
`;

/** bareDeployment in shop with its one container privileged. */
export const PRIVILEGED_DEPLOYMENT = `${bareDeployment('shop')}          securityContext:\n            privileged: true\n`;

/** Binds READER_ROLE to the group support. */
export const SUPPORT_BINDING = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: support-reads
  namespace: shop
subjects:
  - kind: Group
    name: support
    apiGroup: rbac.authorization.k8s.io
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader
`;
