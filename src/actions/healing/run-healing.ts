import { errorLine } from '../../shared/errors.js';
import type { QueueSource } from '../../sources/queue/core/queue-source.js';
import type { Action, Actor } from '../action.js';
import type { AlertChannel } from '../alerts/channels/alert-channel.js';
import { dispatchAlerts } from '../alerts/channels/dispatch-alerts.js';
import type { AuditLog } from '../audit-log.js';
import { cleanupJobsAction } from '../cleanup-jobs-action.js';
import { orphanJobsAction } from '../orphan-jobs-action.js';
import { runAction } from '../run-action.js';
import type { HealingIntent } from './healing-intent.js';

export interface HealingContext {
  /**
   * The restart action for a container or instance id (Docker, or the service
   * provider); null when restarts are off (no Docker or provider, read-only).
   */
  readonly restart: ((id: string) => Promise<Action<unknown>>) | null;
  readonly queue: QueueSource | null;
  readonly audit: AuditLog;
  readonly actor: Actor;
  readonly channels: readonly AlertChannel[];
  readonly target: string;
  readonly log: (line: string) => void;
}

/**
 * Runs the healer's intents through the same actions as the keys and the CLI (preview →
 * run → audit; the monitor confirms by policy). One failing intent never stops the others.
 */
export async function runHealing(
  intents: readonly HealingIntent[],
  ctx: HealingContext,
): Promise<void> {
  for (const intent of intents) {
    try {
      if (intent.kind === 'restart-container') {
        if (ctx.restart === null) continue;
        const action = await ctx.restart(intent.containerId);
        const outcome = await runAction(action, {
          audit: ctx.audit,
          actor: ctx.actor,
          confirm: () => Promise.resolve(true),
        });
        ctx.log(
          `healing: ${intent.reason}: ${outcome.state === 'done' ? outcome.result.summary : outcome.summary}`,
        );
      } else if (intent.kind === 'cleanup') {
        if (ctx.queue === null) continue;
        const outcome = await runAction(cleanupJobsAction(ctx.queue, intent.cleanup), {
          audit: ctx.audit,
          actor: ctx.actor,
          confirm: () => Promise.resolve(true),
        });
        if (outcome.state === 'done')
          ctx.log(`healing: ${intent.reason}: ${outcome.result.summary}`);
      } else if (intent.kind === 'fail-orphans') {
        if (ctx.queue?.planOrphans === undefined) continue;
        const outcome = await runAction(orphanJobsAction(ctx.queue, intent.ids), {
          audit: ctx.audit,
          actor: ctx.actor,
          confirm: () => Promise.resolve(true),
        });
        if (outcome.state === 'done')
          ctx.log(`healing: ${intent.reason}: ${outcome.result.summary}`);
      } else {
        ctx.log(`healing: ${intent.reason}`);
        const at = Date.now();
        await dispatchAlerts(ctx.channels, [
          {
            kind: 'firing',
            ruleId: 'restart-budget',
            subject: intent.service,
            severity: 'critical',
            summary: intent.reason,
            target: ctx.target,
            at,
            since: at,
            repeat: false,
          },
        ]);
      }
    } catch (error) {
      ctx.log(`healing: ${intent.reason}: failed: ${errorLine(error)}`);
    }
  }
}
