import type { SupervisorConfig } from '../../../config/services-config-schema.js';
import { ActionRefusedError } from '../../../shared/errors.js';
import {
  PROVIDER_READ_ONLY,
  type InstanceLogLine,
  type InstanceRestartOutcome,
  type ServiceProvider,
  type ServicesListing,
} from '../service-provider.js';
import { buildSupervisorInstance, namespecOf } from './build-supervisor-instance.js';
import { callSupervisor } from './call-supervisor.js';
import { parseSupervisorEndpoint, type SupervisorEndpoint } from './supervisor-endpoint.js';
import {
  supervisorProcessInfoSchema,
  supervisorProcessListSchema,
  type SupervisorProcessInfo,
} from './supervisor-process-info.js';
import { XmlRpcFault, type XmlRpcValue } from './xmlrpc-value.js';

export interface SupervisorProviderOptions {
  readonly config: SupervisorConfig;
  readonly readOnly: boolean;
  readonly requestTimeoutMs: number;
  readonly startTimeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
}

/** Log tails read at once: a bench has a dozen programs, supervisord is single-threaded. */
const LOG_READS = 4;

/** The last non-blank line of a log tail. */
function lastLine(tail: string): string | null {
  const lines = tail.split(/\r?\n/).map((l) => l.trimEnd());
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]?.trim()) return lines[i] ?? null;
  return null;
}

/**
 * supervisord's programs over its XML-RPC interface (services.supervisor): Frappe's
 * `bench setup supervisor` groups the workers as `<bench>-workers`. One HTTP request
 * per call, nothing held open between reads.
 */
export class SupervisorProvider implements ServiceProvider {
  readonly kind = 'supervisor';
  readonly label: string;
  readonly #options: SupervisorProviderOptions;
  readonly #endpoint: SupervisorEndpoint;
  readonly #auth: string | null;

  constructor(options: SupervisorProviderOptions) {
    this.#options = options;
    this.#endpoint = parseSupervisorEndpoint(options.config.url);
    this.label = `supervisor at ${this.#endpoint.label}`;
    const { username, passwordEnv } = options.config;
    const password = passwordEnv === undefined ? undefined : options.env[passwordEnv];
    this.#auth = username === undefined ? null : `${username}:${password ?? ''}`;
  }

  #call(
    method: string,
    params: (string | number | boolean)[],
    timeoutMs?: number,
    signal?: AbortSignal,
  ): Promise<XmlRpcValue> {
    return callSupervisor(method, params, {
      endpoint: this.#endpoint,
      auth: this.#auth,
      timeoutMs: timeoutMs ?? this.#options.requestTimeoutMs,
      ...(signal === undefined ? {} : { signal }),
    });
  }

  #shown(info: Pick<SupervisorProcessInfo, 'group'>): boolean {
    const groups = this.#options.config.groups;
    return groups === 'all' || groups.includes(info.group);
  }

  async list(signal?: AbortSignal): Promise<ServicesListing> {
    const version = await this.#call('supervisor.getSupervisorVersion', [], undefined, signal);
    const all = supervisorProcessListSchema.parse(
      await this.#call('supervisor.getAllProcessInfo', [], undefined, signal),
    );
    const shown = all.filter((p) => this.#shown(p));
    const logs = await this.#tails(shown.map(namespecOf), signal);
    return {
      endpoint: this.#options.config.url,
      version: typeof version === 'string' ? version : null,
      instances: shown.map((p, i) => buildSupervisorInstance(p, logs[i] ?? null)),
    };
  }

  async #tails(ids: readonly string[], signal?: AbortSignal): Promise<(InstanceLogLine | null)[]> {
    const bytes = this.#options.config.logBytes;
    const out: (InstanceLogLine | null)[] = ids.map(() => null);
    if (bytes === 0) return out;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const i = next++;
        const id = ids[i];
        if (id === undefined) continue;
        try {
          const tail = await this.#call(
            'supervisor.tailProcessStderrLog',
            [id, 0, bytes],
            undefined,
            signal,
          );
          const text =
            Array.isArray(tail) && typeof tail[0] === 'string' ? lastLine(tail[0]) : null;
          out[i] = text === null ? null : { text, stream: 'stderr', at: null };
        } catch {
          // No stderr log (NO_FILE), or redirected to stdout: no last line, not a failed read.
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(LOG_READS, ids.length) }, worker));
    return out;
  }

  async #info(id: string): Promise<SupervisorProcessInfo> {
    try {
      return supervisorProcessInfoSchema.parse(await this.#call('supervisor.getProcessInfo', [id]));
    } catch (error) {
      if (error instanceof XmlRpcFault && error.kind === 'BAD_NAME') {
        throw new ActionRefusedError(`${id} is not a program of ${this.label}`);
      }
      throw error;
    }
  }

  async restart(id: string, signal?: AbortSignal): Promise<InstanceRestartOutcome> {
    if (this.#options.readOnly) throw new ActionRefusedError(PROVIDER_READ_ONLY);
    const before = await this.#info(id);
    if (!this.#shown(before)) {
      throw new ActionRefusedError(
        `${id} is in group ${before.group}, which services.supervisor.groups does not show`,
      );
    }
    const pidBefore = before.pid > 0 ? before.pid : null;
    const fail = (detail: string): InstanceRestartOutcome => ({
      id,
      ok: false,
      detail,
      pidBefore,
      pidAfter: null,
    });
    try {
      await this.#call('supervisor.stopProcess', [id, true], this.#options.startTimeoutMs, signal);
    } catch (error) {
      if (!(error instanceof XmlRpcFault && error.kind === 'NOT_RUNNING')) {
        return fail(`stop failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    try {
      await this.#call('supervisor.startProcess', [id, true], this.#options.startTimeoutMs, signal);
    } catch (error) {
      return fail(`start failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const after = await this.#info(id);
    const pidAfter = after.pid > 0 ? after.pid : null;
    const ok = after.statename === 'RUNNING' && pidAfter !== null;
    return {
      id,
      ok,
      detail: ok
        ? pidBefore === null
          ? `started (pid ${pidAfter})`
          : `restarted (pid ${pidBefore} → ${pidAfter})`
        : `not running after start: ${after.statename} ${after.description}`,
      pidBefore,
      pidAfter,
    };
  }

  describeRestart(id: string): string {
    return `supervisor.stopProcess("${id}") + supervisor.startProcess("${id}") via ${this.#endpoint.label}`;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
