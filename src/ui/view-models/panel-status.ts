import { formatAge } from '../../shared/format-age.js';
import type { SourceState } from '../../store/source-state.js';

/**
 * What a panel frames its content with (STYLE.md habit 4): loading, ok, empty, failed —
 * failed keeps the last good data (shown dimmed) and says how old it is — plus `off`
 * for a source that is not configured.
 */
export type PanelStatus =
  | { readonly kind: 'off'; readonly message: string }
  | { readonly kind: 'loading' }
  | { readonly kind: 'empty'; readonly message: string }
  | { readonly kind: 'ok' }
  | {
      readonly kind: 'failed';
      readonly error: string;
      /** `data 2m old`, or null when there never was good data. */
      readonly dataAge: string | null;
    };

/**
 * The panel status of a source, given whether its (latest) data has anything to show.
 * `isEmpty` is asked of the data a failed source still has, so a failed source with
 * empty last data reads as failed, not empty.
 */
export function panelStatus<T>(
  state: SourceState<T>,
  now: number,
  options: { off: string; empty: string; isEmpty: (data: T) => boolean },
): PanelStatus {
  switch (state.status) {
    case 'off':
      return { kind: 'off', message: options.off };
    case 'loading':
      return { kind: 'loading' };
    case 'ok':
      return options.isEmpty(state.data)
        ? { kind: 'empty', message: options.empty }
        : { kind: 'ok' };
    case 'failed':
      return {
        kind: 'failed',
        error: state.error,
        dataAge: state.last === null ? null : `data ${formatAge((now - state.last.at) / 1000)} old`,
      };
  }
}
