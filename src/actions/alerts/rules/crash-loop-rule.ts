import { formatAge } from '../../../shared/format-age.js';
import type { AlertThresholds } from '../alert-thresholds.js';
import type { AlertRule, RuleMemory } from '../alert-rule.js';
import { freshData } from './fresh-data.js';

// Memory layout, per container name: `count:<name>` → [last restart count seen],
// `rises:<name>` → epoch ms of each observed restart inside the window.
const COUNT = 'count:';
const RISES = 'rises:';

/**
 * A container restarted by its restart policy `crashLoopRestarts` times within
 * `crashLoopWindow`. Docker only reports a running total (`RestartCount`), so the rule
 * remembers the last total and when it rose; the memory is persisted with the alert
 * state, so a monitor restart does not forget a loop in progress. The total drops to 0
 * on a manual `docker restart`: that starts a new baseline, not a negative rise. An
 * instance its service provider reports as crash-looping (BACKOFF, FATAL) fires at once.
 */
export function crashLoopRule(t: AlertThresholds): AlertRule {
  return {
    id: 'crash-loop',
    description: 'a container or worker process keeps restarting',
    severity: 'critical',
    forChecks: 1,
    cooldownMs: t.alertCooldown,
    threshold: `≥ ${t.crashLoopRestarts} restarts in ${formatAge(t.crashLoopWindow / 1000)}`,
    check({ snapshot, now, memory }) {
      const docker = freshData(snapshot.docker);
      if (docker === null) return { findings: null };
      const next: Record<string, readonly number[]> = {};
      const findings = [];
      for (const service of docker.services) {
        if (service.role === 'one-shot') continue;
        for (const c of service.containers) {
          const rises = (memory[RISES + c.name] ?? []).filter((at) => now - at < t.crashLoopWindow);
          const last = memory[COUNT + c.name]?.[0];
          const count = c.restartCount;
          if (count !== null) {
            if (last !== undefined && count > last) {
              // Several restarts between two checks are several rises at the same time;
              // capped so a 10 000-restart jump does not bloat the persisted state.
              const added = Math.min(count - last, t.crashLoopRestarts);
              for (let i = 0; i < added; i++) rises.push(now);
            }
            next[COUNT + c.name] = [count];
          } else if (last !== undefined) {
            next[COUNT + c.name] = [last];
          }
          if (rises.length > 0) next[RISES + c.name] = rises;
          if (c.crashLooping === true) {
            // supervisor BACKOFF/FATAL, systemd auto-restart/failed: the provider saw the
            // loop itself, faster than our reads could count it.
            findings.push({
              subject: c.name,
              summary: `${c.name} is crash-looping: ${c.status}${count === null || count === 0 ? '' : ` (restart count ${count})`}`,
            });
          } else if (rises.length >= t.crashLoopRestarts) {
            findings.push({
              subject: c.name,
              summary: `${c.name} restarted ${rises.length} times in ${formatAge(t.crashLoopWindow / 1000)} (restart count ${count ?? '?'}, ${c.state})`,
            });
          }
        }
      }
      // Containers no longer listed drop out of the memory with this replacement.
      const nextMemory: RuleMemory = next;
      return { findings, memory: nextMemory };
    },
  };
}
