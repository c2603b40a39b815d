import { formatAge } from '../shared/format-age.js';
import type { CleanupKind, CleanupPlan, QueueSource } from '../sources/queue/core/queue-source.js';
import type { Action, ActionPreview, ActionResult } from './action.js';

const LABELS: Record<CleanupKind, string> = {
  stuck: 'clean up stuck jobs',
  'dead-workers': 'fail the jobs of dead workers',
  'stale-waiting': 'fail jobs waiting too long',
};

/** Items shown in a preview; the rest are counted. */
const PREVIEW_ITEMS = 20;

/**
 * Marks stuck / orphaned / long-waiting jobs failed (never deletes). The preview is
 * the source's plan: the exact ids, their ages, and the statement that will run; the
 * statement re-checks each job, so one that moved on meanwhile is skipped, not failed.
 */
export function cleanupJobsAction(source: QueueSource, kind: CleanupKind): Action<CleanupPlan> {
  return {
    id: `cleanup-${kind}`,
    label: LABELS[kind],
    target: `${source.preset} queue at ${source.target}`,
    async preview(): Promise<ActionPreview<CleanupPlan>> {
      const plan = await source.planCleanup(kind);
      const oldest = plan.items.reduce((max, item) => Math.max(max, item.ageSeconds), 0);
      const lines = plan.items
        .slice(0, PREVIEW_ITEMS)
        .map((item) => `${item.id}  ${item.status}  ${formatAge(item.ageSeconds)}  ${item.reason}`);
      if (plan.items.length > PREVIEW_ITEMS)
        lines.push(`… and ${plan.items.length - PREVIEW_ITEMS} more`);
      return {
        summary:
          plan.items.length === 0
            ? `no ${kind} jobs to clean up`
            : `${plan.summary} (oldest ${formatAge(oldest)})`,
        details: [...lines, `statement: ${plan.statement}`],
        confirmWord: 'cleanup',
        empty: plan.items.length === 0,
        plan,
      };
    },
    async run(plan: CleanupPlan): Promise<ActionResult> {
      const result = await source.runCleanup(plan);
      const skipped =
        result.skipped.length === 0
          ? ''
          : `, ${result.skipped.length} skipped (no longer matching)`;
      return {
        ok: true,
        summary: `marked ${result.marked.length} job${result.marked.length === 1 ? '' : 's'} failed${skipped}`,
        items: [
          ...result.marked.map((id) => ({ target: id, ok: true, detail: 'marked failed' })),
          ...result.skipped.map((id) => ({
            target: id,
            ok: false,
            detail: 'skipped: no longer matches',
          })),
        ],
      };
    },
  };
}
