/**
 * The workspace the in-editor tests open: a Role with a misspelt verb and a Secret grant bound to a
 * ServiceAccount, a kubeconfig whose client certificate is generated here, a namespace with a workload and a
 * default-deny policy, and a namespace that enforces Pod Security "restricted" with a Deployment it refuses. The extension-host suite and the browser test both read `EDITOR_WORKSPACE_FILES` to know
 * what to expect.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { selfSignedCertificatePem } from '../helpers/certificates';
import { writeTree } from '../helpers/cli';
import { SHOP_API_DEPLOYMENT, SHOP_DEFAULT_DENY_INGRESS } from '../helpers/manifests';
import { commitAll, initRepository } from '../helpers/git';

export const RBAC_FILE = 'rbac/log-reader.yaml';
export const KUBECONFIG_FILE = 'kubeconfig/dev.yaml';
export const APPS_FILE = 'apps/shop.yaml';
export const PAYMENTS_NAMESPACE_FILE = 'payments/namespace.yaml';
export const PAYMENTS_FILE = 'payments/web.yaml';

export const PAYMENTS_NAMESPACE_YAML = `apiVersion: v1
kind: Namespace
metadata:
  name: payments
  labels:
    pod-security.kubernetes.io/enforce: restricted
`;

export const PAYMENTS_YAML = `# The payments front end, as first written: no security settings at all.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: payments
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      automountServiceAccountToken: false
      containers:
        - name: web
          image: registry.example.com/payments/web:1.4
`;

export const RBAC_YAML = `# Access for the log shipper DaemonSet: it tails pod logs and reads the
# credentials of the log sink from a Secret in its own namespace.
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: log-reader
  namespace: logging
rules:
  - apiGroups: [""]
    resources: ["pods", "pods/log"]
    verbs: ["get", "lsit", "watch"]
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: log-shipper
  namespace: logging
subjects:
  - kind: ServiceAccount
    name: log-shipper
    namespace: logging
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: log-reader
`;

export function kubeconfigYaml(certificatePem: string): string {
  return `apiVersion: v1
kind: Config
clusters:
  - name: dev
    cluster:
      server: https://dev.example.com:6443
contexts:
  - name: dev
    context:
      cluster: dev
      user: jane
current-context: dev
users:
  - name: jane
    user:
      client-certificate-data: ${Buffer.from(certificatePem).toString('base64')}
`;
}

/** Writes a fresh copy of the workspace into a temporary folder, committed to a git repository, and returns its path. */
export async function createEditorWorkspace(): Promise<string> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'kubeward-editor-workspace-'));
  writeTree(folder, {
    [RBAC_FILE]: RBAC_YAML,
    [KUBECONFIG_FILE]: kubeconfigYaml(await selfSignedCertificatePem('CN=jane, O=dev')),
    [APPS_FILE]: `${SHOP_API_DEPLOYMENT}---\n${SHOP_DEFAULT_DENY_INGRESS}`,
    [PAYMENTS_NAMESPACE_FILE]: PAYMENTS_NAMESPACE_YAML,
    [PAYMENTS_FILE]: PAYMENTS_YAML,
    'notes/values.yaml': 'replicas: 3\nimage: nginx\n',
  });
  // "Compare Effective Access With…" compares the workspace with a revision of its repository.
  initRepository(folder);
  commitAll(folder, 'the editor workspace');
  return folder;
}
