/**
 * The cluster commands. The extension registers them at activation, but their code (and @kubernetes/client-node)
 * is loaded from dist/cluster.js only when one runs, so VS Code's start-up never pays for it.
 */
export const CLUSTER_COMMANDS = [
  'kubeward.cluster.selectContext',
  'kubeward.cluster.selectNamespace',
  'kubeward.cluster.canI',
  'kubeward.cluster.whoCan',
  'kubeward.cluster.subjectAccess',
  'kubeward.cluster.useRbacInHovers',
  'kubeward.cluster.forgetRbac',
  'kubeward.cluster.listCsrs',
  'kubeward.cluster.showCsr',
  'kubeward.cluster.approveCsr',
  'kubeward.cluster.denyCsr',
  'kubeward.cluster.createCsr',
  'kubeward.cluster.createCsrFromOpensslConfig',
  'kubeward.cluster.fetchCertificate',
  'kubeward.cluster.validate',
  'kubeward.cluster.diff',
  'kubeward.cluster.decodeSecret',
] as const;

export type ClusterCommand = (typeof CLUSTER_COMMANDS)[number];
