import { formatAge } from '../../shared/format-age.js';
import type { SourceState } from '../../store/source-state.js';
import type { Segment } from './segment.js';

/**
 * The status bar's word for a source: `off`, `loading`, `live` while its data is
 * younger than `freshMs`, else its age; `failed` with the age of the last good data.
 * "live" rather than a ticking `1s`/`2s` keeps a steady screen steady.
 */
export function sourceAge<T>(
  name: string,
  state: SourceState<T>,
  now: number,
  freshMs: number,
): Segment {
  switch (state.status) {
    case 'off':
      return { text: `${name} off`, dim: true };
    case 'loading':
      return { text: `${name} loading`, dim: true };
    case 'ok': {
      const age = now - state.at;
      return age < freshMs
        ? { text: `${name} live`, level: 'ok' }
        : { text: `${name} ${formatAge(age / 1000)} old`, level: 'warn' };
    }
    case 'failed':
      return {
        text:
          state.last === null
            ? `${name} failed`
            : `${name} failed, data ${formatAge((now - state.last.at) / 1000)} old`,
        level: 'fail',
      };
  }
}
