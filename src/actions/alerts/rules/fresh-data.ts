import type { SourceState } from '../../../store/source-state.js';

/**
 * The source's data when its latest read worked, else null. Rules judge only fresh
 * data: the last good data of a failing source is history, and alerting on it would
 * fire (or resolve) on numbers that are no longer true.
 */
export function freshData<T>(state: SourceState<T>): T | null {
  return state.status === 'ok' ? state.data : null;
}
