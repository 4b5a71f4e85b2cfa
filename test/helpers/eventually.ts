/**
 * Polling for tests that wait on something asynchronous they cannot be told about (a server's background scan, a
 * controller, an editor's view). Shared by the node tests and the extension-host suites, so it imports nothing.
 */

/**
 * Asks `probe` until `done` accepts its answer (without `done`: until the answer is defined) and returns that
 * answer; fails, showing the last answer, once `timeoutMs` has passed.
 */
export function eventually<T>(what: string, probe: () => T | undefined | PromiseLike<T | undefined>): Promise<T>;
export function eventually<T>(what: string, probe: () => T | PromiseLike<T>, done: (value: T) => boolean, timeoutMs?: number, intervalMs?: number): Promise<T>;
export async function eventually<T>(
  what: string,
  probe: () => T | PromiseLike<T>,
  done: (value: T) => boolean = (value) => value !== undefined,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(value, null, 1)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    value = await probe();
  }
  return value;
}
