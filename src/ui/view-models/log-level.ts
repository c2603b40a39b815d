import type { Level } from './level.js';

/** The colour of a log line from its JSON `level` (QFieldCloud logs INFO/WARNING/ERROR). */
export function logLevel(level: string | null): Level {
  const l = level?.toUpperCase() ?? '';
  if (l.startsWith('ERR') || l === 'CRITICAL' || l === 'FATAL') return 'fail';
  if (l.startsWith('WARN')) return 'warn';
  return 'none';
}
