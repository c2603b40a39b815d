import type { DockerClient } from '../sources/docker/docker-client.js';
import type { DockerConfig } from '../config/docker-config-schema.js';
import { readRestartTarget } from '../sources/docker/read-restart-target.js';
import type { RestartPlan } from '../sources/docker/restart-plan.js';
import type { Action, ActionPreview, ActionResult } from './action.js';
import { restartCall } from './restart-call.js';
import { restartOneByOne } from './restart-one-by-one.js';

/**
 * Restart one container (`jobdeck restart <container>`, the dashboard's key on a
 * container row). Through a read-only client the engine is never asked: the client
 * refuses the POST and the result says so.
 */
export class RestartContainerAction implements Action<RestartPlan> {
  readonly id = 'restart';
  readonly label: string;
  readonly target: string;

  constructor(
    private readonly client: DockerClient,
    private readonly container: string,
    private readonly config: Pick<DockerConfig, 'restart' | 'requestTimeout'>,
  ) {
    this.label = `restart ${container}`;
    this.target = `container ${container}`;
  }

  async preview(): Promise<ActionPreview<RestartPlan>> {
    const target = await readRestartTarget(this.client, this.container, {
      stopTimeoutMs: this.config.restart.stopTimeout,
      requestTimeoutMs: this.config.requestTimeout,
    });
    return {
      summary: `restart container ${target.name} (${target.state})`,
      details: [restartCall(target)],
      confirmWord: null,
      empty: false,
      plan: {
        targets: [target],
        startTimeoutMs: this.config.restart.startTimeout,
        requestTimeoutMs: this.config.requestTimeout,
      },
    };
  }

  run(plan: RestartPlan, signal?: AbortSignal): Promise<ActionResult> {
    return restartOneByOne(this.client, plan, `container ${this.container}`, signal);
  }
}
