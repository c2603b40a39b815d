import { useWindowSize } from 'ink';
import { useEffect, useState } from 'react';

/**
 * The terminal size, read once at the top (STYLE.md habit 8) and settled for `delayMs`
 * so dragging a window edge does not recompute the layout on every step.
 */
export function useDebouncedWindowSize(delayMs: number): { columns: number; rows: number } {
  const size = useWindowSize();
  const [settled, setSettled] = useState(size);
  useEffect(() => {
    if (settled.columns === size.columns && settled.rows === size.rows) return;
    const timer = setTimeout(() => {
      setSettled(size);
    }, delayMs);
    return () => {
      clearTimeout(timer);
    };
  }, [size, settled, delayMs]);
  return settled;
}
