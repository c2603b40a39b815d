import type { InstanceState } from '../service-provider.js';

export interface UnitStateFields {
  readonly LoadState: string;
  readonly ActiveState: string;
  readonly SubState: string;
  readonly Result: string | null;
}

function state(unit: UnitStateFields): InstanceState {
  switch (unit.ActiveState) {
    case 'active':
    case 'reloading':
      return 'running';
    case 'activating':
      // Restart= waiting RestartSec before the next try: the crash loop supervisor calls BACKOFF.
      return unit.SubState.startsWith('auto-restart') ? 'backoff' : 'starting';
    case 'deactivating':
      return 'stopping';
    case 'inactive':
      // Stopped on purpose ends in Result=success; anything else exited on its own.
      return unit.Result === null || unit.Result === 'success' ? 'stopped' : 'exited';
    case 'failed':
      return 'fatal';
    default:
      return 'unknown';
  }
}

/**
 * Pure: a unit's states → the shared vocabulary, and systemd's own words for the state
 * text (`activating/auto-restart (exit-code)`), so nothing systemd said is lost.
 */
export function mapUnitState(unit: UnitStateFields): {
  state: InstanceState;
  stateText: string;
} {
  if (unit.LoadState === 'not-found') return { state: 'unknown', stateText: 'unit not found' };
  const result = unit.Result === null || unit.Result === 'success' ? '' : ` (${unit.Result})`;
  return { state: state(unit), stateText: `${unit.ActiveState}/${unit.SubState}${result}` };
}
