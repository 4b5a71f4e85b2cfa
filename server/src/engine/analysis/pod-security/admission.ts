/**
 * What the PodSecurity admission plugin does with an object on create (k8s.io/pod-security-admission admission.go):
 * a Pod is refused when its namespace's enforce level fails it, and otherwise warned about at the warn level; a
 * workload with a pod template (Deployment, Job …) is never refused, only warned about and audited, though the
 * pods its controller creates are refused in turn. Exempt namespaces and runtime classes are not evaluated.
 */
import { list, record, text, type Data } from '../../validation/data';
import { fullyPrivileged, policyFromLabels, PRIVILEGED_POLICY, type NamespacePolicy, type PolicyProblem } from './policy';
import { evaluatePod, violationText, type CheckViolation, type LevelVersion } from './standards';
import type { PodData } from './pod-data';
import type { PathSegment } from '../../model/nodes';

export interface Exemptions {
  namespaces: readonly string[];
  runtimeClasses: readonly string[];
}

export interface AdmissionInput {
  object: Data;
  isPod: boolean;
  namespace?: string;
  namespaceLabels: Readonly<Record<string, string>>;
  defaults?: NamespacePolicy;
  exemptions?: Exemptions;
}

export interface ModeResult {
  policy: LevelVersion;
  violations: CheckViolation[];
}

export interface AdmissionResult {
  /** The pod is refused (Pods only), and why, as the API server says it. */
  enforce?: string;
  /** The warning the API server returns ("would violate PodSecurity …"). */
  warn?: string;
  /** The checks each mode finds failing. */
  modes: Partial<Record<'enforce' | 'audit' | 'warn', ModeResult>>;
  problems: PolicyProblem[];
  /** For a workload: what the enforce level finds in the pods its controller creates (which it refuses). */
  createdPods?: ModeResult;
  /** Where the pod is in the object (`[]` for a Pod, `spec.template` for a Deployment). */
  podPath?: PathSegment[];
  exempt?: 'namespace' | 'runtimeClass';
}

/** The pod an object runs as, as the admission plugin sees it: a Pod itself, or the pods a workload creates. */
export function runningPod(object: Data): PodData | undefined {
  const path = POD_PATHS[text(object.kind) ?? ''];
  return path && podAt(object, path, true);
}

/** Where each kind keeps its pod, as the plugin's pod spec extractor finds it. */
export const POD_PATHS: Readonly<Record<string, PathSegment[]>> = {
  Pod: [],
  PodTemplate: ['template'],
  ReplicationController: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export function podSecurityFindings(input: AdmissionInput): AdmissionResult {
  const kind = text(input.object.kind) ?? '';
  const podPath = input.isPod ? [] : POD_PATHS[kind];
  const result: AdmissionResult = { modes: {}, problems: [], podPath };
  if (!podPath) return result;
  if (input.namespace && input.exemptions?.namespaces.includes(input.namespace)) return { ...result, exempt: 'namespace' };
  const { policy, problems } = policyFromLabels(input.namespaceLabels, input.defaults ?? PRIVILEGED_POLICY);
  result.problems = problems;
  const pod = podAt(input.object, podPath, input.isPod);
  if (!pod) return result;
  const runtimeClass = text(pod.spec.runtimeClassName);
  if (runtimeClass && input.exemptions?.runtimeClasses.includes(runtimeClass)) return { ...result, exempt: 'runtimeClass' };
  if (!input.isPod && policy.enforce.level !== 'privileged') {
    // The controller's pods are Pods: they get a Pod's defaults and preparation, then face the enforce level.
    const created = podAt(input.object, podPath, true);
    if (created) result.createdPods = { policy: policy.enforce, violations: evaluatePod(policy.enforce, created) };
  }
  if (problems.length === 0 && (input.isPod ? fullyPrivileged(policy) : policy.warn.level === 'privileged' && policy.audit.level === 'privileged')) return result;
  const evaluate = (mode: 'enforce' | 'audit' | 'warn') => (result.modes[mode] = { policy: policy[mode], violations: evaluatePod(policy[mode], pod) });
  if (input.isPod) {
    const enforce = evaluate('enforce');
    if (enforce.violations.length > 0) result.enforce = `violates ${violationText(enforce.policy, enforce.violations)}`;
  }
  evaluate('audit');
  if (!result.enforce) {
    const warn = evaluate('warn');
    if (warn.violations.length > 0) result.warn = `would violate ${violationText(warn.policy, warn.violations)}`;
  }
  return result;
}

/**
 * The pod at `path`, as the plugin sees it: a Pod (not a template) with the API server's defaults and its create
 * preparation applied first (host ports from hostNetwork, AppArmor annotations copied to fields).
 */
function podAt(object: Data, path: PathSegment[], isPod: boolean): PodData | undefined {
  const holder = path.reduce<Data | undefined>((node, segment) => record(node?.[segment]), object);
  if (!holder) return undefined;
  const metadata = record(holder.metadata) ?? {};
  const spec = record(holder.spec) ?? {};
  return { metadata, spec: isPod ? withAppArmorFields(withHostNetworkPorts(spec), metadata) : spec };
}

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** The AppArmor profile a deprecated annotation stands for, when it stands for a valid one. */
function appArmorFieldOf(annotation: string): Data | undefined {
  if (annotation === 'unconfined') return { type: 'Unconfined' };
  if (annotation === 'runtime/default') return { type: 'RuntimeDefault' };
  const profile = annotation.startsWith('localhost/') ? annotation.slice('localhost/'.length) : '';
  return profile && profile.trim() === profile && profile.length <= 4095 ? { type: 'Localhost', localhostProfile: profile } : undefined;
}

/**
 * A container with an AppArmor annotation and no profile field gets the field (unless it equals the pod's), as the
 * Pod strategy does on create (applyAppArmorVersionSkew); Windows pods are left alone.
 */
function withAppArmorFields(spec: Data, metadata: Data): Data {
  if (text(record(spec.os)?.name) === 'windows') return spec;
  const annotations = record(metadata.annotations) ?? {};
  const podProfile = record(record(spec.securityContext)?.appArmorProfile);
  const synced = (containers: unknown) =>
    (list(containers) ?? []).map((item) => {
      const container = record(item);
      const annotation = container && text(annotations[APPARMOR_ANNOTATION_PREFIX + (text(container.name) ?? '')]);
      if (!container || annotation === undefined || !(APPARMOR_ANNOTATION_PREFIX + (text(container.name) ?? '') in annotations)) return item;
      const context = record(container.securityContext);
      const field = appArmorFieldOf(annotation);
      if (record(context?.appArmorProfile) || !field || (podProfile && podProfile.type === field.type && podProfile.localhostProfile === field.localhostProfile)) return item;
      return { ...container, securityContext: { ...(context ?? {}), appArmorProfile: field } };
    });
  return { ...spec, initContainers: synced(spec.initContainers), containers: synced(spec.containers), ephemeralContainers: synced(spec.ephemeralContainers) };
}

/** With hostNetwork, a Pod's container ports are also host ports (SetDefaults_Pod). */
function withHostNetworkPorts(spec: Data): Data {
  if (spec.hostNetwork !== true) return spec;
  const defaulted = (containers: unknown) =>
    (list(containers) ?? []).map((item) => {
      const container = record(item);
      if (!container) return item;
      const ports = (list(container.ports) ?? []).map((entry) => {
        const port = record(entry);
        return port && !port.hostPort ? { ...port, hostPort: port.containerPort } : entry;
      });
      return { ...container, ports };
    });
  return { ...spec, containers: defaulted(spec.containers), initContainers: defaulted(spec.initContainers) };
}
