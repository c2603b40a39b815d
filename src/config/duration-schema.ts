import { z } from 'zod';
import { parseDuration } from './duration.js';

/** A duration in config (`500ms`, `30s`, `10m`, `2h`, or seconds as a number), parsed to milliseconds. */
export const durationSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === null) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected a duration like 30s, 10m, 2h or a number of seconds',
    });
    return z.NEVER;
  }
  return ms;
});
