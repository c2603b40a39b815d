/** Made on first need: constructing it loads ICU's break-iteration data (issue 14). */
let segmenter: Intl.Segmenter | undefined;

/** Printable ASCII: every character is its own grapheme cluster (CR LF is not in it). */
const PLAIN = /^[\x20-\x7e]*$/;

/**
 * Pure: at most `max` UTF-16 code units, ending in "…" when cut. Cuts only between
 * grapheme clusters, so a surrogate pair (an emoji, a CJK extension character) or a
 * letter with its combining accent is never split in half.
 */
export function truncateText(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  const budget = Math.max(0, max - 1);
  if (PLAIN.test(text.slice(0, budget + 1)))
    return { text: `${text.slice(0, budget)}…`, truncated: true };
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let length = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (length + segment.length > budget) break;
    length += segment.length;
  }
  return { text: `${text.slice(0, length)}…`, truncated: true };
}
