/**
 * The Pod Security policy of a namespace as the admission plugin reads it (k8s.io/pod-security-admission api,
 * PolicyToEvaluate): the enforce, audit and warn levels and versions from its `pod-security.kubernetes.io/*` labels
 * over the cluster's defaults. A level it cannot read enforces restricted and fails open (privileged) for audit and
 * warn; a version it cannot read is latest; warn follows an enforce level stricter than it unless set itself.
 */
import { LEVELS, type Level, type LevelVersion, type PolicyVersion } from './standards';

export const LABEL_PREFIX = 'pod-security.kubernetes.io/';
export const MODES = ['enforce', 'audit', 'warn'] as const;
export type Mode = (typeof MODES)[number];

export type NamespacePolicy = Record<Mode, LevelVersion>;

export const PRIVILEGED_POLICY: NamespacePolicy = {
  enforce: { level: 'privileged', version: 'latest' },
  audit: { level: 'privileged', version: 'latest' },
  warn: { level: 'privileged', version: 'latest' },
};

/** The policy of a cluster whose defaults enforce and warn at one level (the podSecurity.defaults setting). */
export function policyForDefaultLevel(level: Level): NamespacePolicy {
  return { enforce: { level, version: 'latest' }, audit: { ...PRIVILEGED_POLICY.audit }, warn: { level, version: 'latest' } };
}

export interface PolicyProblem {
  label: string;
  value: string;
  message: string;
}

export function readLevel(value: string): Level | undefined {
  return (LEVELS as readonly string[]).includes(value) ? (value as Level) : undefined;
}

/** `latest` or `v1.N`, as the plugin reads a version; undefined for anything else. */
export function readVersion(value: string): PolicyVersion | undefined {
  if (value === 'latest') return 'latest';
  const match = /^v1\.([0-9]|[1-9][0-9]*)$/.exec(value);
  return match ? Number(match[1]) : undefined;
}

export function policyFromLabels(labels: Readonly<Record<string, string>>, defaults: NamespacePolicy): { policy: NamespacePolicy; problems: PolicyProblem[] } {
  const policy: NamespacePolicy = { enforce: { ...defaults.enforce }, audit: { ...defaults.audit }, warn: { ...defaults.warn } };
  const problems: PolicyProblem[] = [];
  let enforceLevelSet = false;
  for (const mode of MODES) {
    const levelLabel = `${LABEL_PREFIX}${mode}`;
    const versionLabel = `${levelLabel}-version`;
    if (levelLabel in labels) {
      const level = readLevel(labels[levelLabel]);
      if (!level) problems.push({ label: levelLabel, value: labels[levelLabel], message: 'must be privileged, baseline or restricted' });
      // An unreadable level enforces the strictest one, and fails open for audit and warn.
      policy[mode].level = level ?? (mode === 'enforce' ? 'restricted' : 'privileged');
      if (mode === 'enforce') enforceLevelSet = level !== undefined;
    }
    if (versionLabel in labels) {
      const version = readVersion(labels[versionLabel]);
      if (version === undefined) problems.push({ label: versionLabel, value: labels[versionLabel], message: 'must be "latest" or "v1.x"' });
      policy[mode].version = version ?? 'latest';
    }
  }
  const warnSet = `${LABEL_PREFIX}warn` in labels;
  if (!warnSet && enforceLevelSet && strictness(policy.enforce.level) > strictness(policy.warn.level)) {
    policy.warn.level = policy.enforce.level;
    if (!(`${LABEL_PREFIX}warn-version` in labels)) policy.warn.version = policy.enforce.version;
  }
  return { policy, problems };
}

export function strictness(level: Level): number {
  return LEVELS.indexOf(level);
}

export function fullyPrivileged(policy: NamespacePolicy): boolean {
  return MODES.every((mode) => policy[mode].level === 'privileged');
}
