import type { Redis } from 'ioredis';
import { SourceQueryError } from '../../../shared/errors.js';
import { LuaScript } from './lua-script.js';
import { rqRawStateSchema, type RqRawState } from './rq-raw-state.js';
import { RQ_READ_SCRIPT } from './rq-read-script.js';
import type { RqWindow } from './rq-window.js';

/** ARGV[1] of the read script (rq-read-script.ts documents each field). */
export interface RqReadRequest {
  readonly queues: readonly string[] | null;
  readonly prefix: string;
  readonly window: number;
  readonly lower: ReturnType<RqWindow['request']>['lower'];
  readonly known: ReturnType<RqWindow['request']>['known'];
  readonly wipLimit: number;
  readonly doneLimit: number;
  readonly queueLimit: number;
  readonly workerLimit: number;
}

/**
 * Runs the read script (one EVALSHA; EVAL when the server lacks it) and validates its
 * answer into named records. Redis < 7 rejects the read-only shebang: it then falls back,
 * once, to the same body without it.
 */
export class RqStateReader {
  private script = new LuaScript(RQ_READ_SCRIPT.readOnly);

  /** `target` names the server in messages (no password). */
  constructor(private readonly target: string) {}

  /** `trips.n` is increased by the round trips the read took. */
  async read(redis: Redis, request: RqReadRequest, trips: { n: number }): Promise<RqRawState> {
    const argv = JSON.stringify(request);
    let answer: unknown;
    try {
      answer = await this.script.run(redis, [], [argv], trips);
    } catch (error) {
      // Redis < 7 does not know script flags and rejects the shebang line itself.
      if (
        !(error instanceof Error) ||
        !/compiling script|shebang|unexpected symbol/i.test(error.message)
      )
        throw error;
      this.script = new LuaScript(RQ_READ_SCRIPT.legacy);
      answer = await this.script.run(redis, [], [argv], trips);
    }
    if (typeof answer !== 'string') {
      throw new SourceQueryError(`${this.target}: the read script returned ${typeof answer}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(answer);
    } catch (error) {
      throw new SourceQueryError(`${this.target}: the read script returned invalid JSON`, {
        cause: error,
      });
    }
    const parsed = rqRawStateSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SourceQueryError(
        `${this.target}: unexpected data from the read script (${issue?.message ?? 'invalid'} at ${issue?.path.join('.') ?? '?'}); are these rq keys?`,
      );
    }
    return parsed.data;
  }
}
