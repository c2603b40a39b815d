import { z } from 'zod';

/**
 * A regular expression in config, checked at load time: a typo is a config error with
 * its path, not a crash on the first refresh.
 */
export const patternSchema = z.string().refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected a regular expression (JavaScript syntax), e.g. ^worker' },
);
