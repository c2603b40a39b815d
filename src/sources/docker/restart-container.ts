import { errorLine, isJobdeckError, SourceQueryError } from '../../shared/errors.js';
import { formatAge } from '../../shared/format-age.js';
import { containerInspectSchema, type ContainerInspect } from './docker-api-schemas.js';
import type { DockerClient } from './docker-client.js';
import { requestSignal } from './request-signal.js';
import { sleep } from '../../shared/sleep.js';

export interface RestartOutcome {
  readonly ok: boolean;
  /** One line: "restarted in 1.4s", "restarted in 9.2s, healthy", or why not. */
  readonly detail: string;
  /** `State.StartedAt` after the restart (null when it did not come back). */
  readonly startedAt: string | null;
}

const POLL_MS = 250;

/** `0.4s`, `12.0s`, then `1m5s`: a restart's duration with the precision that matters. */
function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : formatAge(ms / 1000);
}

/**
 * `POST /containers/{id}/restart?t=<stop timeout>`, then waits (inspecting every 250 ms)
 * until the container runs with a new `StartedAt` and, when it has a healthcheck, is no
 * longer `starting`. Never throws: a refusal (read-only), a timeout or an engine error is
 * a failed outcome with one line, so a rolling restart can report per container.
 */
export async function restartContainer(
  client: DockerClient,
  target: {
    readonly id: string;
    readonly startedAt: string | null;
    readonly stopTimeoutSeconds: number;
  },
  options: {
    readonly startTimeoutMs: number;
    readonly requestTimeoutMs: number;
    readonly signal?: AbortSignal;
  },
): Promise<RestartOutcome> {
  const began = Date.now();
  // The engine answers the POST only after stop + start, so its budget includes the stop.
  const budgetMs = target.stopTimeoutSeconds * 1000 + options.startTimeoutMs;
  const deadline = began + budgetMs;
  const post = requestSignal(options.signal, budgetMs, client.label);
  try {
    await client.post(
      `/containers/${encodeURIComponent(target.id)}/restart`,
      { t: target.stopTimeoutSeconds },
      post.signal,
    );
  } catch (error) {
    const reason = isJobdeckError(error) ? error : client.error(error);
    return { ok: false, detail: errorLine(reason), startedAt: null };
  } finally {
    post.done();
  }
  for (;;) {
    if (options.signal?.aborted === true) {
      return { ok: false, detail: 'cancelled while waiting for it to run again', startedAt: null };
    }
    const probe = requestSignal(options.signal, options.requestTimeoutMs, client.label);
    let last: ContainerInspect;
    try {
      const parsed = containerInspectSchema.safeParse(
        await client.get(`/containers/${encodeURIComponent(target.id)}/json`, {}, probe.signal),
      );
      if (!parsed.success)
        throw new SourceQueryError('unexpected inspect answer from the Docker engine');
      last = parsed.data;
    } catch (error) {
      return {
        ok: false,
        detail: `restarted, then ${errorLine(client.error(error))}`,
        startedAt: null,
      };
    } finally {
      probe.done();
    }
    const state = last.State;
    const took = seconds(Date.now() - began);
    const fresh = state.StartedAt !== target.startedAt;
    if (state.Running && fresh) {
      const health = state.Health?.Status;
      if (health === undefined || health === 'healthy') {
        return {
          ok: true,
          detail: `restarted in ${took}${health === undefined ? '' : ', healthy'}`,
          startedAt: state.StartedAt,
        };
      }
      if (health === 'unhealthy') {
        return {
          ok: false,
          detail: `restarted in ${took} but unhealthy`,
          startedAt: state.StartedAt,
        };
      }
    }
    if (!state.Running && fresh && !state.Restarting && Date.parse(state.FinishedAt) > began) {
      return {
        ok: false,
        detail: `restarted but exited again with code ${state.ExitCode}`,
        startedAt: state.StartedAt,
      };
    }
    if (Date.now() >= deadline) {
      const where = state.Running
        ? `health still ${state.Health?.Status ?? '?'}`
        : `state ${state.Status}`;
      return {
        ok: false,
        detail: `not running and ready within ${formatAge(budgetMs / 1000)} (${where})`,
        startedAt: state.StartedAt,
      };
    }
    await sleep(POLL_MS, options.signal);
  }
}
