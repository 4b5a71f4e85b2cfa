/**
 * The strictest Pod Security level a pod meets today (at `latest`) and, for the next level up, exactly which checks
 * stand in the way: what the hovers, the code lens and `kubeward pod-security` show.
 */
import type { Data } from '../../validation/data';
import { runningPod } from './admission';
import { evaluatePod, type CheckViolation, type Level, type LevelVersion } from './standards';

export interface LevelsMet {
  meets: Level;
  /** The next level and what it finds; absent at restricted. */
  next?: { level: Level; violations: CheckViolation[] };
}

export function levelsMet(object: Data): LevelsMet | undefined {
  const pod = runningPod(object);
  if (!pod) return undefined;
  const baseline = evaluatePod({ level: 'baseline', version: 'latest' }, pod);
  if (baseline.length > 0) return { meets: 'privileged', next: { level: 'baseline', violations: baseline } };
  const restricted = evaluatePod({ level: 'restricted', version: 'latest' }, pod);
  return restricted.length > 0 ? { meets: 'baseline', next: { level: 'restricted', violations: restricted } } : { meets: 'restricted' };
}

/** What a level (and version) finds in the pods an object runs. */
export function violationsAt(object: Data, level: LevelVersion): CheckViolation[] {
  const pod = runningPod(object);
  return pod ? evaluatePod(level, pod) : [];
}
