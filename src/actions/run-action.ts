import { errorLine } from '../shared/errors.js';
import type { Action, ActionPreview, ActionResult, Actor } from './action.js';
import type { AuditSink } from './audit-sink.js';

export type Confirm<Plan> = (preview: ActionPreview<Plan>) => Promise<boolean>;

export type ActionOutcome =
  | { readonly state: 'nothing-to-do'; readonly summary: string }
  | { readonly state: 'declined'; readonly summary: string }
  | { readonly state: 'done'; readonly result: ActionResult };

/**
 * preview → confirm → run → audit, the one path every caller takes. A declined or
 * empty action is not audited (nothing changed); a run is audited whatever its
 * outcome, including when it throws.
 */
export async function runAction<Plan>(
  action: Action<Plan>,
  options: { confirm: Confirm<Plan>; audit: AuditSink; actor: Actor; signal?: AbortSignal },
): Promise<ActionOutcome> {
  const preview = await action.preview();
  if (preview.empty) return { state: 'nothing-to-do', summary: preview.summary };
  if (!(await options.confirm(preview))) return { state: 'declined', summary: preview.summary };
  let result: ActionResult;
  try {
    result = await action.run(preview.plan, options.signal);
  } catch (error) {
    result = failedResult(action.label, error);
  }
  await options.audit.write({
    time: new Date().toISOString(),
    user: options.actor.user,
    from: options.actor.from,
    via: options.actor.via,
    ...(options.actor.key === undefined ? {} : { key: options.actor.key }),
    action: action.id,
    target: action.target,
    preview: preview.summary,
    result: result.summary,
    ok: result.ok,
    items: result.items,
  });
  return { state: 'done', result };
}

/** The result of an action whose run threw: one line naming it and the error (redacted). */
export function failedResult(label: string, error: unknown): ActionResult {
  return { ok: false, summary: `${label} failed: ${errorLine(error)}`, items: [] };
}
