/**
 * First row shown when `count` rows go into `height` lines and row `selected` must be
 * visible: whole pages, so the list does not shift while the selection moves within a
 * page (less repainting over SSH).
 */
export function pageStart(count: number, selected: number, height: number): number {
  if (height <= 0 || count <= height) return 0;
  const page = Math.floor(Math.max(0, selected) / height);
  return Math.min(page * height, count - height);
}
