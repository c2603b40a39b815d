import type { TrackedContainer } from './tracked-container.js';

/**
 * Pure: the tracked containers that run now, by the inspect answer when there is one (it
 * is at least as new as the list entry), else by the list.
 */
export function runningIds(tracked: ReadonlyMap<string, TrackedContainer>): Set<string> {
  const running = new Set<string>();
  for (const [id, t] of tracked) {
    if ((t.inspect?.State.Status ?? t.summary.State) === 'running') running.add(id);
  }
  return running;
}
