/**
 * The `description` field of an rq job is the call string (`get_call_string`): the
 * function's dotted name and each argument's repr, cut to 75 characters. For Frappe jobs
 * the function is `frappe.utils.background_jobs.execute_job` and its keyword arguments
 * carry `site=`, `method=` and `job_name=` (queues.md §2), which is the only place the
 * site and method of a uuid-named job can be read without unpickling `data`.
 */
export interface RqDescription {
  /** Dotted function name before the argument list, null when unreadable. */
  readonly func: string | null;
  readonly site: string | null;
  /** Frappe's `method` (a dotted path), or `job_name` when the method is not a string. */
  readonly method: string | null;
}

const FUNC = /^([A-Za-z_][\w.]*)\(/;

function quotedArg(description: string, name: string): string | null {
  const m = new RegExp(`(?:\\(|, )${name}='([^']*)'`).exec(description);
  const value = m?.[1];
  // A repr cut at 75 characters ends in '...' and no closing quote; the regex then fails.
  return value === undefined || value === '' ? null : value;
}

export function parseRqDescription(description: string | null | undefined): RqDescription {
  if (description === null || description === undefined || description === '') {
    return { func: null, site: null, method: null };
  }
  const func = FUNC.exec(description)?.[1] ?? null;
  return {
    func,
    site: quotedArg(description, 'site'),
    method: quotedArg(description, 'method') ?? quotedArg(description, 'job_name'),
  };
}
