/**
 * The Pod Security Standards as the admission plugin evaluates them: at a level and a version, the checks of that
 * level (restricted includes baseline, less the baseline checks a restricted one replaces), each in the variant of
 * the newest release not after the version, in the plugin's order (baseline ids, then restricted ids, each
 * sorted). A version past the newest variant, or `latest`, uses the newest.
 */
import { BASELINE_CHECKS, type CheckDefinition, type Violation } from './checks-baseline';
import { RESTRICTED_CHECKS } from './checks-restricted';
import type { PodData } from './pod-data';

export type Level = 'privileged' | 'baseline' | 'restricted';
export const LEVELS: readonly Level[] = ['privileged', 'baseline', 'restricted'];

/** A Kubernetes minor release (36 for v1.36), or the newest the checks know. */
export type PolicyVersion = number | 'latest';

export interface LevelVersion {
  level: Level;
  version: PolicyVersion;
}

export interface CheckViolation extends Violation {
  check: string;
}

/** The newest release any check changed in: `latest` evaluates as this one. */
export const NEWEST_CHECK_VERSION = Math.max(...[...BASELINE_CHECKS, ...RESTRICTED_CHECKS].flatMap((check) => check.versions.map((variant) => variant.from)));

const ORDERED = [...[...BASELINE_CHECKS].sort(byId), ...[...RESTRICTED_CHECKS].sort(byId)];

function byId(a: CheckDefinition, b: CheckDefinition): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function variantAt(check: CheckDefinition, version: number) {
  return [...check.versions].reverse().find((variant) => variant.from <= version);
}

/** The checks that fail for a pod at a level and version, in the order the API server lists them. */
export function evaluatePod({ level, version }: LevelVersion, pod: PodData): CheckViolation[] {
  if (level === 'privileged') return [];
  const at = version === 'latest' ? NEWEST_CHECK_VERSION : Math.min(version, NEWEST_CHECK_VERSION);
  const restricted = level === 'restricted';
  const overridden = new Set(restricted ? RESTRICTED_CHECKS.flatMap((check) => variantAt(check, at)?.overrides ?? []) : []);
  return ORDERED.flatMap((check) => {
    if (check.level === 'restricted' && !restricted) return [];
    if (overridden.has(check.id)) return [];
    const violation = variantAt(check, at)?.check(pod);
    return violation ? [{ check: check.id, ...violation }] : [];
  });
}

/** `restricted:latest`, `baseline:v1.30`, as the API server writes a level and version. */
export function describeLevelVersion({ level, version }: LevelVersion): string {
  return `${level}:${version === 'latest' ? 'latest' : `v1.${version}`}`;
}

/** `PodSecurity "restricted:latest": reason (detail), …`, as the API server's refusals and warnings end. */
export function violationText(policy: LevelVersion, violations: readonly CheckViolation[]): string {
  const details = violations.map(({ reason, detail }) => (detail ? `${reason} (${detail})` : reason)).join(', ');
  return `PodSecurity "${describeLevelVersion(policy)}": ${details}`;
}
