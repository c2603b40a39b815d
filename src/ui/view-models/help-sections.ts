import type { DashboardActions } from '../dashboard-actions.js';
import type { KeyBinding, KeyScope } from '../keymap.js';
import { availableBindings } from './available-bindings.js';
import { keyLabel } from './key-label.js';
import { scopeTitle } from './scope-title.js';

export interface HelpSection {
  readonly title: string;
  readonly rows: readonly { keys: string; description: string; dangerous: boolean }[];
}

/** The `?` overlay: the live bindings grouped by scope, in keymap order. */
export function helpSections(
  bindings: readonly KeyBinding[],
  actions: DashboardActions,
  ascii: boolean,
): HelpSection[] {
  const live = availableBindings(bindings, actions);
  const scopes: KeyScope[] = [];
  for (const b of live) if (!scopes.includes(b.scope)) scopes.push(b.scope);
  return scopes.map((scope) => ({
    title: scopeTitle(scope),
    rows: live
      .filter((b) => b.scope === scope)
      .map((b) => ({
        keys: b.keys.map((k) => keyLabel(k, ascii)).join(' '),
        description: b.description,
        dangerous: b.dangerous,
      })),
  }));
}
