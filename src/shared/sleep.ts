/**
 * Waits `ms`, or less when `signal` aborts. Resolves `true` when the full time passed,
 * `false` when aborted; it never rejects, so loops can simply `if (!(await sleep(...)))`.
 * The abort listener goes with the timer: a long-lived signal does not collect them.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted === true) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
