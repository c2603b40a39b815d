import { parseFrappeJobId } from './frappe-job-id.js';
import { parseRqDescription } from './parse-rq-description.js';

/**
 * The method and site of a job from what is cheap to read: its id and its description.
 * Plain rq: the function name, no site. Frappe: the `method=`/`job_name=` argument or the
 * scheduler id's method, and the site from the id prefix or the `site=` argument.
 */
export function describeRqJob(
  id: string,
  description: string | null,
  frappe: boolean,
): { method: string | null; site: string | null } {
  const desc = parseRqDescription(description);
  if (!frappe) return { method: desc.func, site: null };
  const fid = parseFrappeJobId(id);
  return { method: desc.method ?? fid.scheduledMethod, site: fid.site ?? desc.site };
}
