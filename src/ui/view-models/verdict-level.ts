import type { Verdict } from '../../store/readiness-verdict.js';
import type { Level } from './level.js';

const LEVELS: Record<Verdict, Level> = {
  OPERATIONAL: 'ok',
  DEGRADED: 'warn',
  DOWN: 'fail',
};

/** How a verdict is coloured: OPERATIONAL ok, DEGRADED warn, DOWN fail. */
export function verdictLevel(verdict: Verdict): Level {
  return LEVELS[verdict];
}
