import { z } from 'zod';
import type { DockerConfig } from '../config/docker-config-schema.js';
import { SourceQueryError, errorLine } from '../shared/errors.js';
import { sleep } from '../shared/sleep.js';
import type { DockerClient } from '../sources/docker/docker-client.js';
import { getDockerJson } from '../sources/docker/get-docker-json.js';
import { requestSignal } from '../sources/docker/request-signal.js';
import type { Action, ActionPreview, ActionResult } from './action.js';

/** What the preview saw: the service at this version, with this spec. */
export interface SwarmRestartPlan {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  /** The spec to send back with `TaskTemplate.ForceUpdate` raised by one. */
  readonly spec: Record<string, unknown>;
  readonly forceUpdate: number;
  readonly replicas: number | null;
  /** How long the rolling update may take before we stop waiting (it goes on). */
  readonly waitMs: number;
  /** `UpdateStatus.StartedAt` at preview time: our update is the one that starts after it. */
  readonly previousUpdate: string | null;
}

const serviceSchema = z.looseObject({
  ID: z.string(),
  Version: z.looseObject({ Index: z.number() }),
  Spec: z.looseObject({
    Name: z.string(),
    TaskTemplate: z.looseObject({ ForceUpdate: z.number().optional() }),
    Mode: z.looseObject({
      Replicated: z.looseObject({ Replicas: z.number().optional() }).optional(),
      Global: z.looseObject({}).optional(),
    }),
    UpdateConfig: z
      .looseObject({
        Parallelism: z.number().optional(),
        Delay: z.number().optional(),
        Order: z.string().optional(),
      })
      .optional(),
  }),
  UpdateStatus: z
    .looseObject({
      State: z.string().optional(),
      StartedAt: z.string().optional(),
      Message: z.string().nullish(),
    })
    .nullish(),
});

const POLL_MS = 500;

/**
 * Restart a Swarm service the way `docker service update --force` does: the same spec
 * with `TaskTemplate.ForceUpdate` raised by one, sent with the version the preview read
 * (a service changed meanwhile is refused by the engine, not overwritten). The
 * orchestrator then replaces the tasks by the service's own update policy (parallelism,
 * delay, order, failure action); we wait for its update state to settle. Through a
 * read-only client the POST never leaves the process.
 */
export class RestartSwarmServiceAction implements Action<SwarmRestartPlan> {
  readonly id = 'restart';
  readonly label: string;
  readonly target: string;

  constructor(
    private readonly client: DockerClient,
    /** The service's name or id. */
    private readonly service: string,
    private readonly config: Pick<DockerConfig, 'restart' | 'requestTimeout'>,
  ) {
    this.label = `restart ${service}`;
    this.target = `swarm service ${service}`;
  }

  private async inspect(): Promise<z.output<typeof serviceSchema>> {
    const json = await getDockerJson(this.client, `/services/${encodeURIComponent(this.service)}`, {
      timeoutMs: this.config.requestTimeout,
    });
    const parsed = serviceSchema.safeParse(json);
    if (!parsed.success) {
      throw new SourceQueryError(
        `the Docker engine at ${this.client.label} described service ${this.service} in an unexpected shape`,
      );
    }
    return parsed.data;
  }

  async preview(): Promise<ActionPreview<SwarmRestartPlan>> {
    const service = await this.inspect();
    const spec = service.Spec;
    const replicas = spec.Mode.Global !== undefined ? null : (spec.Mode.Replicated?.Replicas ?? 1);
    const parallelism = spec.UpdateConfig?.Parallelism ?? 1;
    const delayS = (spec.UpdateConfig?.Delay ?? 0) / 1e9;
    const order = spec.UpdateConfig?.Order ?? 'stop-first';
    const forceUpdate = spec.TaskTemplate.ForceUpdate ?? 0;
    const count =
      replicas === null ? 'every node' : `${replicas} replica${replicas === 1 ? '' : 's'}`;
    const pace =
      parallelism === 0
        ? 'all at once'
        : `${parallelism} at a time${delayS > 0 ? `, ${delayS} s apart` : ''}`;
    const rounds =
      replicas === null ? 1 : Math.max(1, Math.ceil(replicas / Math.max(1, parallelism)));
    return {
      summary: `force a rolling update of ${spec.Name}: ${count}, ${pace} (${order})`,
      details: [
        `POST /services/${service.ID}/update?version=${service.Version.Index}  TaskTemplate.ForceUpdate ${forceUpdate} → ${forceUpdate + 1}`,
        'the orchestrator replaces the tasks by the service update policy, as docker service update --force does',
      ],
      confirmWord: replicas === null || replicas > 1 ? spec.Name : null,
      empty: false,
      plan: {
        id: service.ID,
        name: spec.Name,
        version: service.Version.Index,
        spec,
        forceUpdate,
        replicas,
        waitMs: rounds * (this.config.restart.startTimeout + delayS * 1000),
        previousUpdate: service.UpdateStatus?.StartedAt ?? null,
      },
    };
  }

  async run(plan: SwarmRestartPlan, signal?: AbortSignal): Promise<ActionResult> {
    const target = `service ${plan.name}`;
    const taskTemplate = plan.spec.TaskTemplate as Record<string, unknown>;
    const spec = {
      ...plan.spec,
      TaskTemplate: { ...taskTemplate, ForceUpdate: plan.forceUpdate + 1 },
    };
    const request = requestSignal(signal, this.config.requestTimeout, this.client.label);
    try {
      await this.client.postJson(
        `/services/${encodeURIComponent(plan.id)}/update`,
        { version: plan.version },
        spec,
        request.signal,
      );
    } catch (error) {
      const line = errorLine(this.client.error(error));
      const detail = /out of sequence/i.test(line)
        ? `${plan.name} changed since the preview (${line}): look again, then retry`
        : line;
      return {
        ok: false,
        summary: `restart of ${plan.name} failed: ${detail}`,
        items: [{ target, ok: false, detail }],
      };
    } finally {
      request.done();
    }
    // The update runs in the orchestrator; follow it until it settles.
    const deadline = Date.now() + plan.waitMs;
    let state = 'updating';
    let message = '';
    while (Date.now() < deadline && signal?.aborted !== true) {
      await sleep(POLL_MS, signal);
      try {
        const status = (await this.inspect()).UpdateStatus;
        // Until the orchestrator starts our update, the status is the previous one's.
        if (status?.StartedAt === undefined || status.StartedAt === plan.previousUpdate) continue;
        state = status.State ?? 'updating';
        message = status.Message ?? '';
      } catch (error) {
        message = errorLine(error);
        continue;
      }
      if (state !== 'updating' && state !== 'rollback_started') break;
    }
    const ok = state === 'completed';
    const detail =
      state === 'completed'
        ? `rolling update completed (ForceUpdate ${plan.forceUpdate + 1})`
        : state === 'updating'
          ? `still updating after ${Math.round(plan.waitMs / 1000)} s (the orchestrator carries on): watch its tasks`
          : `update ${state}${message === '' ? '' : `: ${message}`}`;
    return {
      ok,
      summary: ok ? `restarted ${plan.name}: ${detail}` : `restart of ${plan.name}: ${detail}`,
      items: [{ target, ok, detail }],
    };
  }
}
