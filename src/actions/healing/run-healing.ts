import type { DockerConfig } from '../../config/docker-config-schema.js';
import type { DockerClient } from '../../sources/docker/docker-client.js';
import { errorLine } from '../../shared/errors.js';
import type { QueueSource } from '../../sources/queue/core/queue-source.js';
import type { Actor } from '../action.js';
import type { AlertChannel } from '../alerts/channels/alert-channel.js';
import { dispatchAlerts } from '../alerts/channels/dispatch-alerts.js';
import type { AuditLog } from '../audit-log.js';
import { cleanupJobsAction } from '../cleanup-jobs-action.js';
import { orphanJobsAction } from '../orphan-jobs-action.js';
import { restartActionFor } from '../restart-action-for.js';
import { runAction } from '../run-action.js';
import type { HealingIntent } from './healing-intent.js';

export interface HealingContext {
  readonly docker: { readonly client: DockerClient; readonly config: DockerConfig } | null;
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
        if (ctx.docker === null) continue;
        const action = await restartActionFor(
          ctx.docker.client,
          ctx.docker.config,
          intent.containerId,
        );
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
