import type { Action, ActionPreview, ActionResult } from '../../../src/actions/action.js';

/**
 * An action whose preview and run are ours, recording every run: the dashboard must
 * call run() with the plan its preview returned, after confirmation only.
 */
export class RecordingAction implements Action<{ readonly target: string }> {
  readonly runs: { readonly target: string }[] = [];
  readonly previews: number[] = [];

  constructor(
    readonly id: string,
    readonly target: string,
    readonly label: string,
    private readonly preview_: Omit<ActionPreview<{ readonly target: string }>, 'plan'>,
  ) {}

  preview(): Promise<ActionPreview<{ readonly target: string }>> {
    this.previews.push(Date.now());
    return Promise.resolve({ ...this.preview_, plan: { target: this.target } });
  }

  run(plan: { readonly target: string }): Promise<ActionResult> {
    this.runs.push(plan);
    return Promise.resolve({
      ok: true,
      summary: `${this.label}: done`,
      items: [{ target: plan.target, ok: true, detail: 'done' }],
    });
  }
}
