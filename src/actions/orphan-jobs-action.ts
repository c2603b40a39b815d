import { formatAge } from '../shared/format-age.js';
import { ActionRefusedError } from '../shared/errors.js';
import type { CleanupPlan, QueueSource } from '../sources/queue/core/queue-source.js';
import type { Action, ActionPreview, ActionResult } from './action.js';

/**
 * The healer's action for systems without heartbeats: fail the in-flight jobs whose
 * worker is proven dead by Docker (QFieldCloud: the job's QGIS container is gone). The
 * source plans only jobs still in flight and its UPDATE re-checks that; never deletes.
 */
export function orphanJobsAction(source: QueueSource, ids: readonly string[]): Action<CleanupPlan> {
  return {
    id: 'cleanup-orphaned',
    label: 'fail orphaned jobs',
    target: `${source.preset} queue at ${source.target}`,
    async preview(): Promise<ActionPreview<CleanupPlan>> {
      if (source.planOrphans === undefined) {
        throw new ActionRefusedError(`the ${source.preset} source has no orphaned-job cleanup`);
      }
      const plan = await source.planOrphans(ids);
      return {
        summary: plan.summary,
        details: [
          ...plan.items.map((i) => `${i.id}  ${i.status}  ${formatAge(i.ageSeconds)}`),
          `statement: ${plan.statement}`,
        ],
        confirmWord: 'cleanup',
        empty: plan.items.length === 0,
        plan,
      };
    },
    async run(plan: CleanupPlan): Promise<ActionResult> {
      const result = await source.runCleanup(plan);
      return {
        ok: true,
        summary: `marked ${String(result.marked.length)} orphaned job(s) failed${result.skipped.length === 0 ? '' : `, ${String(result.skipped.length)} skipped (no longer in flight)`}`,
        items: [
          ...result.marked.map((id) => ({ target: id, ok: true, detail: 'marked failed' })),
          ...result.skipped.map((id) => ({
            target: id,
            ok: false,
            detail: 'skipped: no longer in flight',
          })),
        ],
      };
    },
  };
}
