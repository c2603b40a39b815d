/** The first characters of a job id or container id, enough to tell them apart on screen. */
export function shortId(id: string, length = 8): string {
  return id.length <= length ? id : id.slice(0, length);
}
