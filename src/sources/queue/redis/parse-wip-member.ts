/**
 * A member of `rq:wip:<queue>` (the StartedJobRegistry). rq 1.x stores the job id; rq 2.x
 * stores `job_id:execution_id` (queues.md §1.2, §1.6). Splitting on the last `:` alone is
 * wrong for rq 1.x, where job ids may contain colons (Frappe v15: `site::uuid`), so the
 * caller says whether a job hash exists under the whole member: if it does, the member
 * is the job id. The read script applies this rule server-side (it must pick the hash to
 * read); here it recovers the execution id from the script's answer.
 */
export interface WipMember {
  readonly jobId: string;
  /** rq 2.x execution id, null for rq 1.x members. */
  readonly executionId: string | null;
}

export function parseWipMember(member: string, wholeIsJob: boolean): WipMember {
  if (wholeIsJob) return { jobId: member, executionId: null };
  const cut = member.lastIndexOf(':');
  if (cut <= 0 || cut === member.length - 1) return { jobId: member, executionId: null };
  return { jobId: member.slice(0, cut), executionId: member.slice(cut + 1) };
}
