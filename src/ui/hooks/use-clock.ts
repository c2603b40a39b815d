import { useEffect, useState } from 'react';

/**
 * The time the views measure ages against, advanced every `periodMs`. A tick that
 * changes nothing on screen writes nothing: Ink skips identical frames.
 */
export function useClock(periodMs: number, now: () => number = Date.now): number {
  const [time, setTime] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => {
      setTime(now());
    }, periodMs);
    return () => {
      clearInterval(timer);
    };
  }, [periodMs, now]);
  return time;
}
