/**
 * The lint configuration of a command: a JSON config file with the editor's settings, the flags that override
 * it and the rules turned off; a mistake in any of them is a usage error.
 */
import { readFileSync } from 'node:fs';
import { resolveConfig, type LintConfig } from '../engine/config';
import { ACCEPTED_RULE_IDS, RULE_IDS } from '../engine/rules/index';

export class UsageError extends Error {}

export function buildConfig(
  configFile: string | undefined,
  options: { kubernetesVersion?: string; riskProfile?: string } = {},
  disabled: readonly string[] = [],
): LintConfig {
  const { kubernetesVersion, riskProfile } = options;
  let raw: Record<string, unknown> = {};
  if (configFile) {
    try {
      raw = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`cannot read --config ${configFile}: ${(error as Error).message}`);
    }
  }
  for (const id of disabled) if (!ACCEPTED_RULE_IDS.has(id)) throw new UsageError(`--disable names unknown rule "${id}"`);
  if (kubernetesVersion !== undefined && !/^1\.\d+$/.test(kubernetesVersion)) {
    throw new UsageError(`--kubernetes-version must look like 1.36, not "${kubernetesVersion}"`);
  }
  const rules = { ...(raw.rules as Record<string, unknown> | undefined), ...Object.fromEntries(disabled.map((id) => [id, 'off'])) };
  const overrides = { ...(kubernetesVersion ? { kubernetesVersion } : {}), ...(riskProfile ? { riskProfile } : {}) };
  const { config, problems } = resolveConfig({ ...raw, rules, ...overrides }, RULE_IDS);
  if (problems.length > 0) throw new UsageError(problems.join(' '));
  return config;
}
