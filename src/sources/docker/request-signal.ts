import { SourceUnreachableError } from '../../shared/errors.js';
import { formatAge } from '../../shared/format-age.js';

export interface RequestSignal {
  readonly signal: AbortSignal;
  /** Clears the timer; call when the request settled. */
  done(): void;
}

/**
 * A signal that aborts with the parent (the collector closing) or after `timeoutMs`. The
 * timeout's reason is the final, user-facing error ("did not answer within 5s"): Node
 * wraps it as the `cause` of its AbortError and toDockerError unwraps it.
 */
export function requestSignal(
  parent: AbortSignal | undefined,
  timeoutMs: number,
  where: string,
): RequestSignal {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(
      new SourceUnreachableError(
        `the Docker engine at ${where} did not answer within ${formatAge(timeoutMs / 1000)}: is it overloaded or hung?`,
      ),
    );
  }, timeoutMs);
  timer.unref();
  const signal =
    parent === undefined ? controller.signal : AbortSignal.any([parent, controller.signal]);
  return {
    signal,
    done: () => {
      clearTimeout(timer);
    },
  };
}
