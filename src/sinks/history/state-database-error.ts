import { JobdeckError } from '../../shared/errors.js';

/** The state database (alert state, history) cannot be opened, read or written. */
export class StateDatabaseError extends JobdeckError {
  override readonly name = 'StateDatabaseError';
}
