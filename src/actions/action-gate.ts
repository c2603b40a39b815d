import type { Action, ActionResult } from './action.js';
import { failedResult } from './run-action.js';

interface Lane {
  /** Runs started so far. */
  runs: number;
  inFlight: Promise<ActionResult> | null;
  last: { readonly result: ActionResult; readonly by: string } | null;
  inFlightBy: string;
}

/** The plan of a gated action: the inner plan and the runs its preview had seen finish. */
export interface GatedPlan<Plan> {
  readonly inner: Plan;
  readonly seen: number;
}

/**
 * Serialises actions per target across every session of one server (`jobdeck serve`):
 * two operators who confirm the same cleanup or restart at once get one run. The second
 * waits for the first and sees its result, marked as not repeated; a preview taken
 * before (or while) another run of the same action went through does not run again.
 * A preview taken after that run finished is a new decision and runs.
 */
export class ActionGate {
  private readonly lanes = new Map<string, Lane>();

  /** `action`, gated on its id and target; `by` names the session for the others. */
  wrap<Plan>(action: Action<Plan>, by: string): Action<GatedPlan<Plan>> {
    const key = `${action.id}\u0000${action.target}`;
    const lane = this.lane(key);
    return {
      id: action.id,
      label: action.label,
      target: action.target,
      preview: async () => {
        const seen = lane.inFlight === null ? lane.runs : lane.runs - 1;
        const preview = await action.preview();
        return { ...preview, plan: { inner: preview.plan, seen } };
      },
      run: async (plan, signal) => {
        if (lane.inFlight !== null) {
          const by1 = lane.inFlightBy;
          return notRepeated(
            await lane.inFlight.catch((error: unknown) => failedResult(action.label, error)),
            by1,
          );
        }
        if (lane.runs > plan.seen && lane.last !== null) {
          return notRepeated(lane.last.result, lane.last.by);
        }
        lane.runs++;
        lane.inFlightBy = by;
        const running = action.run(plan.inner, signal);
        lane.inFlight = running;
        try {
          const result = await running;
          lane.last = { result, by };
          return result;
        } catch (error) {
          lane.last = { result: failedResult(action.label, error), by };
          throw error;
        } finally {
          lane.inFlight = null;
        }
      },
    };
  }

  private lane(key: string): Lane {
    let lane = this.lanes.get(key);
    if (lane === undefined) {
      lane = { runs: 0, inFlight: null, last: null, inFlightBy: '' };
      this.lanes.set(key, lane);
    }
    return lane;
  }
}

function notRepeated(result: ActionResult, by: string): ActionResult {
  return {
    ok: result.ok,
    summary: `not repeated: ${by} ran it at the same time: ${result.summary}`,
    items: result.items,
  };
}
