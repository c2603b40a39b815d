import { existsSync } from 'node:fs';
import { formatAge } from '../shared/format-age.js';
import type { Action, ActionPreview, ActionResult } from './action.js';
import { AlertStateStore } from './alerts/alert-state-store.js';

/**
 * The dashboard's silence key: silences every rule the monitor has firing, for `forMs`,
 * in the monitor's state file (the monitor reads silences at each check). The preview
 * names the rules; nothing is silenced when nothing fires.
 */
export function silenceFiringAction(
  path: string,
  forMs: number,
  createdBy: string,
): Action<readonly string[]> {
  const firingRules = (now: number): string[] => {
    if (!existsSync(path)) return [];
    const store = AlertStateStore.open(path);
    try {
      return [
        ...new Set(
          store
            .load(now)
            .subjects.filter((s) => s.firing)
            .map((s) => s.ruleId),
        ),
      ].sort();
    } finally {
      store.close();
    }
  };
  return {
    id: 'silence-alerts',
    label: 'silence the firing alerts',
    target: 'alert rules',
    preview(): Promise<ActionPreview<readonly string[]>> {
      const rules = firingRules(Date.now());
      return Promise.resolve({
        summary:
          rules.length === 0
            ? 'no alert is firing (jobdeck monitor evaluates the rules)'
            : `silence ${rules.join(', ')} for ${formatAge(forMs / 1000)}`,
        details: [
          'the monitor stops notifying these rules until then; `jobdeck silence --list` shows it, `--remove` ends it',
        ],
        confirmWord: null,
        empty: rules.length === 0,
        plan: rules,
      });
    },
    run(rules: readonly string[]): Promise<ActionResult> {
      const now = Date.now();
      const store = AlertStateStore.open(path);
      try {
        for (const ruleId of rules)
          store.addSilence({
            ruleId,
            until: now + forMs,
            now,
            createdBy,
            reason: 'from the dashboard',
          });
      } finally {
        store.close();
      }
      return Promise.resolve({
        ok: true,
        summary: `silenced ${rules.join(', ')} for ${formatAge(forMs / 1000)}`,
        items: rules.map((r) => ({ target: r, ok: true, detail: 'silenced' })),
      });
    },
  };
}
