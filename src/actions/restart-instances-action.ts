import { ConfigError } from '../shared/errors.js';
import { placeInstance } from '../sources/services/place-instance.js';
import type { ServiceInstance, ServiceProvider } from '../sources/services/service-provider.js';
import type { Action, ActionItemResult, ActionPreview, ActionResult } from './action.js';

/** Which instances a restart takes, decided at preview time from a fresh listing. */
export type InstanceSelector =
  | { readonly kind: 'instance'; readonly id: string }
  | { readonly kind: 'service'; readonly project: string; readonly service: string };

/** The instances the preview saw, restarted in this order. */
export interface InstancesPlan {
  readonly targets: readonly { readonly id: string; readonly name: string }[];
}

/**
 * Restart one instance of a service provider (supervisor program, systemd unit,
 * process), or every instance of a service one by one, stopping at the first failure so
 * the replicas not yet touched keep serving. The preview lists the provider's exact
 * calls; several replicas need the service name typed. Read-only providers refuse the
 * call itself, so a read-only preview still shows what would happen.
 */
export class RestartInstancesAction implements Action<InstancesPlan> {
  readonly id = 'restart';
  readonly label: string;
  readonly target: string;

  constructor(
    private readonly provider: ServiceProvider,
    private readonly selector: InstanceSelector,
    /** What the operator called it, for the label. */
    name: string,
  ) {
    this.label = `restart ${name}`;
    this.target =
      selector.kind === 'instance'
        ? `${provider.kind} ${name}`
        : `${provider.kind} service ${selector.project}/${selector.service}`;
  }

  async preview(): Promise<ActionPreview<InstancesPlan>> {
    const listing = await this.provider.list();
    const chosen = listing.instances.filter((i) => this.#selects(i));
    const s = this.selector;
    if (s.kind === 'instance' && chosen.length === 0) {
      throw new ConfigError(`${s.id} is no longer listed by ${this.provider.label}`);
    }
    const n = chosen.length;
    const what =
      s.kind === 'instance'
        ? `${chosen[0]?.name ?? s.id} (${chosen[0]?.state ?? 'unknown'}${chosen[0]?.pid == null ? '' : `, pid ${chosen[0].pid}`})`
        : `${s.service}: ${n} instance${n === 1 ? '' : 's'}${n > 1 ? ', one by one' : ''}`;
    return {
      summary:
        n === 0 ? `no instances of ${s.kind === 'service' ? s.service : s.id}` : `restart ${what}`,
      details: chosen.map(
        (i) => `${this.provider.describeRestart(i.id)}  # ${i.name} (${i.stateText})`,
      ),
      confirmWord: s.kind === 'service' && n > 1 ? s.service : null,
      empty: n === 0,
      plan: { targets: chosen.map((i) => ({ id: i.id, name: i.name })) },
    };
  }

  async run(plan: InstancesPlan, signal?: AbortSignal): Promise<ActionResult> {
    const items: ActionItemResult[] = [];
    let failed: ActionItemResult | null = null;
    for (const t of plan.targets) {
      if (failed !== null || signal?.aborted === true) {
        const why =
          failed !== null ? `skipped: ${failed.target} failed first` : 'skipped: cancelled';
        items.push({ target: t.name, ok: false, detail: why });
        continue;
      }
      const outcome = await this.provider.restart(t.id, signal);
      const item = { target: t.name, ok: outcome.ok, detail: outcome.detail };
      items.push(item);
      if (!outcome.ok) failed = item;
    }
    const done = items.filter((i) => i.ok).length;
    const total = plan.targets.length;
    const what = this.label.slice('restart '.length);
    if (failed === null && done === total) {
      const only = total === 1 ? items[0]?.detail : undefined;
      return {
        ok: true,
        summary: only === undefined ? `restarted ${what} (${done}/${total})` : `${what}: ${only}`,
        items,
      };
    }
    return {
      ok: false,
      summary: `restart of ${what} failed: ${done}/${total} restarted; ${failed?.target ?? ''}: ${failed?.detail ?? 'cancelled'}`,
      items,
    };
  }

  #selects(i: ServiceInstance): boolean {
    const s = this.selector;
    if (s.kind === 'instance') return i.id === s.id;
    const place = placeInstance(this.provider.kind, i);
    return place.project === s.project && place.service === s.service;
  }
}
