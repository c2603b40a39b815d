/** rq's DEFAULT_FAILURE_TTL (1 year, rq/defaults.py), for failed jobs without a `failure_ttl` of their own. */
export const RQ_DEFAULT_FAILURE_TTL_S = 31_536_000;
