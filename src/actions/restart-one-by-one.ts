import type { DockerClient } from '../sources/docker/docker-client.js';
import { restartContainer } from '../sources/docker/restart-container.js';
import type { ActionItemResult, ActionResult } from './action.js';
import type { RestartPlan } from '../sources/docker/restart-plan.js';

/**
 * Restarts the plan's containers strictly one after another, each with its own timeout,
 * and stops at the first failure: the replicas not yet touched keep serving (a rolling
 * restart must not take a whole worker pool down). Every target gets an item result.
 */
export async function restartOneByOne(
  client: DockerClient,
  plan: RestartPlan,
  what: string,
  signal?: AbortSignal,
): Promise<ActionResult> {
  const items: ActionItemResult[] = [];
  let failed: ActionItemResult | null = null;
  for (const target of plan.targets) {
    if (failed !== null || signal?.aborted === true) {
      items.push({
        target: target.name,
        ok: false,
        detail: failed !== null ? `skipped: ${failed.target} failed first` : 'skipped: cancelled',
      });
      continue;
    }
    const outcome = await restartContainer(client, target, {
      startTimeoutMs: plan.startTimeoutMs,
      requestTimeoutMs: plan.requestTimeoutMs,
      ...(signal === undefined ? {} : { signal }),
    });
    const item = { target: target.name, ok: outcome.ok, detail: outcome.detail };
    items.push(item);
    if (!outcome.ok) failed = item;
  }
  const done = items.filter((i) => i.ok).length;
  const total = plan.targets.length;
  if (failed === null && done === total) {
    return { ok: true, summary: `restarted ${what} (${done}/${total})`, items };
  }
  return {
    ok: false,
    summary: `restart of ${what} failed: ${done}/${total} restarted; ${failed?.target ?? ''}: ${failed?.detail ?? 'cancelled'}`,
    items,
  };
}
