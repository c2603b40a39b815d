import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script run by EVALSHA, falling back to EVAL once when the server does not have
 * it cached (NOSCRIPT: first use, restart, SCRIPT FLUSH). The steady state is one
 * EVALSHA per call: one round trip, and the script body is not resent.
 */
export class LuaScript {
  readonly sha: string;
  private loaded = false;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script; `trips.n` is increased by the round trips it took (1, or 2 after NOSCRIPT). */
  async run(
    redis: Redis,
    keys: readonly string[],
    args: readonly (string | Buffer | number)[],
    trips: { n: number } = { n: 0 },
  ): Promise<unknown> {
    if (this.loaded) {
      trips.n += 1;
      try {
        return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
        this.loaded = false;
      }
    }
    // EVAL also caches the script on the server, so the next call can use EVALSHA.
    trips.n += 1;
    const result: unknown = await redis.eval(this.source, keys.length, ...keys, ...args);
    this.loaded = true;
    return result;
  }
}
