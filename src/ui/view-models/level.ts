/**
 * How a number or state reads at a glance; the theme maps it to a colour (or to
 * nothing under NO_COLOR). `none` is neutral text.
 */
export type Level = 'ok' | 'warn' | 'fail' | 'unknown' | 'none';
