import type { KeyScope } from '../keymap.js';

const TITLES: Record<KeyScope, string> = {
  dashboard: 'dashboard',
  fleet: 'fleet overview',
  details: 'details view',
  help: 'help overlay',
  filter: 'filter line',
  confirm: 'y/n dialog',
  'typed-confirm': 'typed-word dialog',
};

/** How a key scope is named in the help overlay and the README. */
export function scopeTitle(scope: KeyScope): string {
  return TITLES[scope];
}
