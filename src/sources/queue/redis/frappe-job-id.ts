/**
 * What a Frappe job id says without reading the job (queues.md §2 "Job ids"):
 * v14 (explicit job_id) and v15 build `site::<id>`; develop/v16 builds
 * `site||<id with : replaced by |>`; plain uuids (v13, v14 without job_id) name no site.
 * Scheduled jobs use the id `scheduled_job::<method>`, which names the method too.
 */
export interface FrappeJobId {
  readonly site: string | null;
  /** The part after the site prefix (the whole id when there is no prefix). */
  readonly rest: string;
  /** The scheduled job type's method, when the id is a scheduler job id. */
  readonly scheduledMethod: string | null;
}

const SCHEDULED = /^scheduled_job(?:::|\|\|)(.+)$/;

export function parseFrappeJobId(id: string): FrappeJobId {
  const colons = id.indexOf('::');
  const bars = id.indexOf('||');
  // Whichever separator comes first is the site prefix; a site name contains neither.
  let cut = -1;
  let width = 2;
  if (colons > 0 && (bars < 0 || colons < bars)) cut = colons;
  else if (bars > 0) cut = bars;
  else width = 0;
  const site = cut > 0 ? id.slice(0, cut) : null;
  const rest = cut > 0 ? id.slice(cut + width) : id;
  const scheduled = SCHEDULED.exec(rest);
  return { site, rest, scheduledMethod: scheduled?.[1] ?? null };
}
