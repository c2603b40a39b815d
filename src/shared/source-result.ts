/**
 * What every collector publishes: a tagged, immutable result (DESIGN.md). A failed
 * result keeps the age of the last good data so panels can say how stale they are.
 */
export type SourceResult<T> =
  | { readonly ok: true; readonly data: T; readonly at: number; readonly durationMs: number }
  | {
      readonly ok: false;
      readonly error: string;
      readonly at: number;
      /** Time of the last successful result, if any. */
      readonly lastOkAt: number | null;
    };

export function okResult<T>(data: T, at: number, durationMs: number): SourceResult<T> {
  return { ok: true, data, at, durationMs };
}

export function failedResult<T>(
  error: string,
  at: number,
  lastOkAt: number | null,
): SourceResult<T> {
  return { ok: false, error, at, lastOkAt };
}
