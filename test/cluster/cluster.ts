/**
 * Typed access to test/cluster/cluster.mjs: a real etcd + kube-apiserver + kube-controller-manager (Kubernetes
 * v1.36, built from the Go modules by test/cluster/build.mjs on first use) on 127.0.0.1, for tests.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../helpers/paths';

export interface ApiResponse {
  status: number;
  body: any;
  text: string;
  /** The texts of the response's Warning headers (admission warnings). */
  warnings: string[];
}

/** A running cluster, from startCluster. */
export interface TestCluster {
  dir: string;
  server: string;
  caFile: string;
  adminKubeconfig: string;
  etcdEndpoint: string;
  timings: { apiserverReadyMs: number; readyMs: number };
  pids(): number[];
  processes(): { name: string; pid: number; logFile: string }[];
  logs(): string;
  /** Path of a kubeconfig with a client certificate for CN=name, O=groups (signed by the cluster CA). */
  userKubeconfig(name: string, groups?: string[]): string;
  /** A request to the API server as admin (system:masters), or as the given user; a string body is sent as written. */
  request(method: string, apiPath: string, body?: unknown, as?: { user: string; groups?: string[] }, headers?: Record<string, string>): Promise<ApiResponse>;
  /**
   * One more kube-apiserver on the same etcd (own key prefix and port) with extra flags: whether it starts (answers
   * on its port) or exits, its log, and once started, readiness, requests as admin and the raw bytes etcd stores
   * under its prefix.
   */
  startApiserver(extraArgs: string[], options?: { timeoutMs?: number; omit?: string[] }): Promise<ExtraApiserver>;
  /** The command line (flags only) startApiserver would run with these extra flags and omissions. */
  apiserverCommandLine(extraArgs: string[], omit?: string[]): string[];
  /** Kills every process group it started and removes its temp dir. */
  stop(): Promise<void>;
}

export type ExtraApiserver =
  | { started: false; log: string; stop(): Promise<void> }
  | {
      started: true;
      log: string;
      /** Whether /readyz answers ok within the time given (default 60 s). */
      ready(withinMs?: number): Promise<boolean>;
      request(method: string, apiPath: string, body?: unknown): Promise<ApiResponse>;
      /** A request with no credentials at all. */
      anonymousRequest(method: string, apiPath: string): Promise<ApiResponse>;
      etcdValue(key: string): Promise<Buffer | undefined>;
      stop(): Promise<void>;
    };

export interface ClusterModule {
  startCluster(options?: { startTimeoutMs?: number; log?: (message: string) => void }): Promise<TestCluster>;
  makeCsr(cn: string, orgs?: string[]): { csr: string; key: string };
}

export interface BuildModule {
  KUBERNETES_VERSION: string;
  ETCD_VERSION: string;
  ensureBinaries(): Promise<{ kubeApiserver: string; kubeControllerManager: string; etcd: string; kubeadm: string; kubeadmFields: string; netpolJudge: string; x509Judge: string }>;
}

// Variable specifiers keep tsc from resolving the untyped .mjs modules; the interfaces above type them.
const importScript = async <T>(...segments: string[]): Promise<T> => (await import(pathToFileURL(path.join(REPO_ROOT, ...segments)).href)) as T;

export const clusterModule = (): Promise<ClusterModule> => importScript<ClusterModule>('test', 'cluster', 'cluster.mjs');
export const buildModule = (): Promise<BuildModule> => importScript<BuildModule>('test', 'cluster', 'build.mjs');
