/**
 * The workspace the in-editor tests open: a Role with a misspelt verb and a Secret grant bound to a
 * ServiceAccount, a kubeconfig whose client certificate is generated here, and a namespace with a workload and a
 * default-deny policy. The extension-host suite and the browser test both read `EDITOR_WORKSPACE_FILES` to know
 * what to expect.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { selfSignedCertificatePem } from '../helpers/certificates';
import { writeTree } from '../helpers/cli';
import { SHOP_API_DEPLOYMENT, SHOP_DEFAULT_DENY_INGRESS } from '../helpers/manifests';

export const RBAC_FILE = 'rbac/log-reader.yaml';
export const KUBECONFIG_FILE = 'kubeconfig/dev.yaml';
export const APPS_FILE = 'apps/shop.yaml';

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

/** Writes a fresh copy of the workspace into a temporary folder and returns its path. */
export async function createEditorWorkspace(): Promise<string> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'kubeward-editor-workspace-'));
  writeTree(folder, {
    [RBAC_FILE]: RBAC_YAML,
    [KUBECONFIG_FILE]: kubeconfigYaml(await selfSignedCertificatePem('CN=jane, O=dev')),
    [APPS_FILE]: `${SHOP_API_DEPLOYMENT}---\n${SHOP_DEFAULT_DENY_INGRESS}`,
    'notes/values.yaml': 'replicas: 3\nimage: nginx\n',
  });
  return folder;
}
