import { randomUUID } from 'node:crypto';

import type { DemoRandom } from './create-random.js';
import { JOB_PROFILES } from './job-profiles.js';

export type DemoJobType = keyof typeof JOB_PROFILES;

/**
 * How a simulated run ends. `container_error`: QGIS exits 1 and writes an error into
 * its feedback; `docker_sigkill`: the engine kills the container (exit 137);
 * `timeout`: the wrapper gives up after the worker timeout (exit -1).
 */
export type DemoOutcome = 'success' | 'container_error' | 'docker_sigkill' | 'timeout';

export interface DemoJobResult {
  readonly exitCode: number;
  /** What the wrapper stores in core_job.output. */
  readonly output: string;
  /** What the wrapper stores in core_job.feedback. */
  readonly feedback: Record<string, unknown>;
}

const QGIS_VERSION = '3.40.4-Bratislava';
/** The error every package job hits while the project's external PostGIS is down. */
const POSTGIS_DOWN = [
  'QgsProviderConnectionException',
  'could not connect to server: Connection refused. Is the server running on host "fielddata-postgis" and accepting TCP/IP connections on port 5432?',
] as const;

/**
 * The `output` and `feedback` the QFieldCloud worker_wrapper writes for a run with this
 * outcome, shaped like upstream's (worker_wrapper/wrapper.py and the QGIS entrypoint's
 * feedback.json): `steps[]` with `start_qgis_app.returns.qgis_version`, error keys, and
 * `container_exit_code` always. Container errors carry no `error_type`: upstream only
 * sets it for TIMEOUT and DOCKER_ENGINE_SIGKILL.
 */
export function buildJobResult(args: {
  readonly type: DemoJobType;
  readonly outcome: DemoOutcome;
  readonly random: DemoRandom;
  /** Use the "external PostGIS unreachable" error (the failure-burst incident). */
  readonly postgisDown?: boolean;
  readonly timeoutS?: number;
}): DemoJobResult {
  const { type, outcome, random } = args;
  const profile = JOB_PROFILES[type];
  const header = `[QFC/Worker] QGIS ${QGIS_VERSION}\n[QFC/Worker] ${profile.command} started`;
  switch (outcome) {
    case 'success': {
      const steps = profile.steps.map((id) => step(id));
      return {
        exitCode: 0,
        output: `${header}\n[QFC/Worker] ${String(steps.length)} steps done\n`,
        feedback: {
          feedback_version: '2.0',
          steps,
          outputs: outputsFor(type, random),
          container_exit_code: 0,
        },
      };
    }
    case 'container_error': {
      const errors: readonly (readonly [string, string])[] = profile.errors;
      const [errorClass, error] = args.postgisDown === true ? POSTGIS_DOWN : random.pick(errors);
      const failedAt = random.int(1, profile.steps.length - 1);
      return {
        exitCode: 1,
        output: `${header}\n[QFC/Worker] ${errorClass}: ${error}\n`,
        feedback: {
          feedback_version: '2.0',
          error,
          error_class: errorClass,
          error_origin: 'container',
          error_stack: [`  File "/usr/src/app/qfc_worker/${profile.command}.py", line 214, in run`],
          steps: profile.steps.slice(0, failedAt).map((id) => step(id)),
          container_exit_code: 1,
        },
      };
    }
    case 'docker_sigkill':
      return {
        exitCode: 137,
        output: 'Job has been cancelled by parent process!',
        feedback: {
          error: 'Docker engine sigkill.',
          error_type: 'DOCKER_ENGINE_SIGKILL',
          error_class: '',
          error_origin: 'container',
          error_stack: '',
          container_exit_code: 137,
        },
      };
    case 'timeout': {
      const seconds = args.timeoutS ?? 600;
      return {
        exitCode: -1,
        output: `${header}\nTimeout error! The job failed to finish within ${String(seconds)} seconds!\n`,
        feedback: {
          error: 'Worker timeout error.',
          error_type: 'TIMEOUT',
          error_class: '',
          error_origin: 'container',
          error_stack: '',
          container_exit_code: -1,
        },
      };
    }
  }
}

function step(id: string): Record<string, unknown> {
  return id === 'start_qgis_app'
    ? { id, name: 'Start QGIS Application', stage: 1, returns: { qgis_version: QGIS_VERSION } }
    : { id, name: id.replace(/_/g, ' '), stage: 1, returns: {} };
}

function outputsFor(type: DemoJobType, random: DemoRandom): Record<string, unknown> {
  switch (type) {
    case 'delta_apply':
      return {
        apply_deltas: {
          delta_feedback: Array.from({ length: random.int(1, 4) }, () => ({
            delta_id: randomUUID(),
            status: 'status_applied',
            modified_pk: String(random.int(1, 9_999)),
          })),
        },
      };
    case 'package':
      return { qgis_layers_data: { layers_count: random.int(3, 24) } };
    case 'process_projectfile':
      return { project_details: { crs: 'EPSG:2056', layers_count: random.int(3, 24) } };
  }
}
