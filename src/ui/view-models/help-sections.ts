import type { DashboardActions } from '../dashboard-actions.js';
import type { KeyBinding, KeyScope } from '../keymap.js';
import { availableBindings } from './available-bindings.js';
import { keyLabels } from './key-labels.js';
import { scopeTitle } from './scope-title.js';

export interface HelpSection {
  readonly title: string;
  readonly rows: readonly { keys: string; description: string; dangerous: boolean }[];
}

/**
 * The `?` overlay: the live bindings grouped by scope, in keymap order. The fleet keys
 * (and the fleet overview's section) only when `inFleet`: several targets are open.
 */
export function helpSections(
  bindings: readonly KeyBinding[],
  actions: DashboardActions,
  ascii: boolean,
  inFleet = false,
): HelpSection[] {
  const live = availableBindings(bindings, actions, inFleet);
  const scopes: KeyScope[] = [];
  for (const b of live) if (!scopes.includes(b.scope)) scopes.push(b.scope);
  return scopes.map((scope) => ({
    title: scopeTitle(scope),
    rows: live
      .filter((b) => b.scope === scope)
      .map((b) => ({
        keys: keyLabels(b.keys, ascii).join(' '),
        description: b.description,
        dangerous: b.dangerous,
      })),
  }));
}
