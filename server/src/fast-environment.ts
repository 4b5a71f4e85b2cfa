/**
 * Node's `process.env` is an accessor into native code. The yaml parser reads `process.env.LOG_TOKENS` once per
 * token, which costs about a quarter of parsing time, so the executables replace it with a plain copy at start-up.
 * Nothing in Kubeward changes the environment afterwards.
 */
export function useCopiedEnvironment(): void {
  process.env = { ...process.env };
}
