import { useEffect, useMemo, useState } from 'react';

/**
 * The time the views measure ages against. It is read afresh whenever `frame` changes
 * (a new data frame renders anyway, so its ages come with it) and otherwise advanced
 * `periodMs` after the last frame or tick. A screen whose data arrives steadily so
 * renders once per data frame, not once per data frame plus once per tick: each render
 * costs the whole layout and output pass even when Ink then finds nothing to write.
 */
export function useClock(periodMs: number, now: () => number = Date.now, frame?: unknown): number {
  const [tick, setTick] = useState(0);
  // `frame` and `tick` are the reasons to read the clock again, not inputs of it.
  const time = useMemo(() => now(), [now, frame, tick]);
  useEffect(() => {
    const timer = setTimeout(() => {
      setTick((t) => t + 1);
    }, periodMs);
    return () => {
      clearTimeout(timer);
    };
  }, [periodMs, frame, tick]);
  return time;
}
