const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Pure: at most `max` UTF-16 code units, ending in "…" when cut. Cuts only between
 * grapheme clusters, so a surrogate pair (an emoji, a CJK extension character) or a
 * letter with its combining accent is never split in half.
 */
export function truncateText(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  const budget = Math.max(0, max - 1);
  let length = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (length + segment.length > budget) break;
    length += segment.length;
  }
  return { text: `${text.slice(0, length)}…`, truncated: true };
}
