/**
 * What the store keeps per source: the four states a panel shows (STYLE.md habit 4).
 * A failed source keeps its last good data and when it was taken, so the panel can
 * show it dimmed with its age instead of going blank.
 */
export type SourceState<T> =
  | { readonly status: 'off' }
  | { readonly status: 'loading' }
  | { readonly status: 'ok'; readonly data: T; readonly at: number }
  | {
      readonly status: 'failed';
      readonly error: string;
      readonly at: number;
      readonly last: { readonly data: T; readonly at: number } | null;
    };

/** The latest data of a source whatever its state, with its time; null if none yet. */
export function latestData<T>(state: SourceState<T>): { data: T; at: number } | null {
  if (state.status === 'ok') return { data: state.data, at: state.at };
  if (state.status === 'failed') return state.last;
  return null;
}

/** Folds a new outcome into the previous state. */
export function nextSourceState<T>(
  previous: SourceState<T>,
  outcome: { ok: true; data: T; at: number } | { ok: false; error: string; at: number },
): SourceState<T> {
  if (outcome.ok) return { status: 'ok', data: outcome.data, at: outcome.at };
  return { status: 'failed', error: outcome.error, at: outcome.at, last: latestData(previous) };
}
