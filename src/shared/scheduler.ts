/**
 * One scheduler for all polling (STYLE.md habit 5): the first run is immediate, runs
 * never overlap, a failing task backs off exponentially (up to 8× the interval), and
 * everything stops on the AbortSignal.
 */
export function runEvery(
  intervalMs: number,
  task: () => Promise<void>,
  signal: AbortSignal,
  onError: (error: unknown) => void = () => undefined,
): Promise<void> {
  return new Promise<void>((resolve) => {
    let failures = 0;
    let timer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      resolve();
    };
    signal.addEventListener('abort', stop, { once: true });
    // A function, not a narrowed property: the signal can fire while the task awaits.
    const stopped = (): boolean => signal.aborted;
    const tick = async (): Promise<void> => {
      if (stopped()) return;
      try {
        await task();
        failures = 0;
      } catch (error) {
        failures++;
        onError(error);
      }
      if (stopped()) return;
      const delay = intervalMs * Math.min(8, 2 ** Math.max(0, failures - 1));
      timer = setTimeout(() => void tick(), failures === 0 ? intervalMs : delay);
    };
    void tick();
  });
}
