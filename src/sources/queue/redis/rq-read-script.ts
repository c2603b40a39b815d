/**
 * The whole rq refresh as one read-only Lua script: one EVALSHA, one round trip, however
 * many queues and workers. A pipeline cannot do it in one trip because the reads depend on
 * each other (a wip member → its job hash → its worker's key; a queue's head id → its
 * `enqueued_at`; a new registry member → its `ended_at`). On Redis ≥ 7 the script carries
 * `flags=no-writes`, so Redis itself refuses any write: a monitor must not change what it
 * watches (the rq library's own `count` calls clean registries as a side effect,
 * queues.md §1.3). Only O(1)/O(log n) commands run per queue; lists are never read whole
 * except the optional Frappe site sample, which is capped.
 *
 * ARGV[1] is JSON:
 *   queues       explicit queue names, or null to read `rq:queues`
 *   prefix       with queues = null: keep only names starting with it ('' keeps all)
 *   window       window length in seconds (floor for first reads of finished/failed)
 *   lower        { [queue]: { finished?: number, failed?: number } } lowest registry score
 *                to read this time (see RqWindow); missing → now − window
 *   known        { [queue]: { finished?: { n, ids: { [id]: score } }, failed?: … } } members
 *                read before; returned again only when their score changed (a rerun)
 *   wipLimit, doneLimit, siteSample, queueLimit, workerLimit   caps (siteSample 0 = off)
 *
 * Returns JSON (empty Lua tables encode as `{}`; the parser accepts that for arrays). Rows
 * are positional arrays on the wire; rq-raw-state.ts turns each into a named record:
 *   now: [sec, usec] (Redis TIME), suspended: 0|1, queueNames: [all names in rq:queues],
 *   queues: [{ name, queued, intermediate, started, finished, failed, finishedAll, failedAll,
 *              deferred, scheduled, canceled, schedulerLock, head: [id, enqueued_at,
 *              created_at, description] | false, wip: [[member, jobId, score, found,
 *              status, worker_name, started_at, enqueued_at, created_at, timeout,
 *              last_heartbeat, description, workerAlive]], done: { finished: [...],
 *              failed: [...] } each [[id, score, found, ended_at, started_at, enqueued_at,
 *              created_at, status, worker_name, description, ttl]] (new members only),
 *              doneCapped: {…},
 *              sites: [[site, count], …] (sample), sampled: n, scheduledMethods: [[m, n]] }]
 *   workers: [[key, exists, pttl, state, current_job, queues, birth, last_heartbeat,
 *              successful_job_count, failed_job_count, total_working_time, pid, hostname,
 *              current_job_working_time, version, death]]
 *   workersCapped: 0|1, queuesCapped: 0|1
 */
const BODY = String.raw`
local p = cjson.decode(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1])
local function isnull(v) return v == nil or v == cjson.null end
local function num(v, d) if isnull(v) then return d end return tonumber(v) end

local wipLimit = num(p.wipLimit, 1000)
local doneLimit = num(p.doneLimit, 500)
local siteSample = num(p.siteSample, 0)
local queueLimit = num(p.queueLimit, 1000)
local workerLimit = num(p.workerLimit, 1000)
local window = num(p.window, 3600)
local prefix = p.prefix
if isnull(prefix) then prefix = '' end
local lower = p.lower
if isnull(lower) then lower = {} end

local out = { now = t, queues = {}, workers = {}, queueNames = {}, queuesCapped = 0, workersCapped = 0 }
out.suspended = redis.call('EXISTS', 'rq:suspended')

-- Queue names: rq:queues members are the full keys rq:queue:<name>.
local members = redis.call('SMEMBERS', 'rq:queues')
table.sort(members)
for _, key in ipairs(members) do
  if string.sub(key, 1, 9) == 'rq:queue:' then
    if #out.queueNames >= queueLimit then out.queuesCapped = 1 break end
    table.insert(out.queueNames, string.sub(key, 10))
  end
end
local selected = {}
if isnull(p.queues) then
  for _, name in ipairs(out.queueNames) do
    if prefix == '' or string.sub(name, 1, #prefix) == prefix then table.insert(selected, name) end
  end
else
  selected = p.queues
end

local aliveCache = {}
local function workerAlive(name)
  if name == false or name == '' then return -1 end
  local v = aliveCache[name]
  if v == nil then
    v = redis.call('EXISTS', 'rq:worker:' .. name)
    aliveCache[name] = v
  end
  return v
end

local function siteOf(id)
  local a = string.find(id, '::', 1, true)
  local b = string.find(id, '||', 1, true)
  local cut = a
  if cut == nil or (b ~= nil and b < cut) then cut = b end
  if cut == nil or cut == 1 then return '', id end
  return string.sub(id, 1, cut - 1), string.sub(id, cut + 2)
end

local known = p.known
if isnull(known) then known = {} end

local function readDone(kind, q, key)
  local lo = now - window
  local l = lower[q]
  if not isnull(l) and not isnull(l[kind]) then lo = tonumber(l[kind]) end
  -- Members already read in an earlier refresh (same score): skipped without a hash read.
  local seen, extra = {}, 0
  local k = known[q]
  if not isnull(k) and not isnull(k[kind]) then
    seen = k[kind].ids
    extra = k[kind].n
  end
  local limit = doneLimit + extra
  -- Highest scores first: with one ttl per registry that is the most recent end first.
  -- '(+inf' skips result_ttl = -1 entries, whose score says nothing about their end.
  local rows = redis.call('ZREVRANGEBYSCORE', key, '(+inf', lo, 'WITHSCORES', 'LIMIT', 0, limit)
  local list = {}
  for i = 1, #rows, 2 do
    local id = rows[i]
    if seen[id] ~= rows[i + 1] then
      local h = redis.call('HMGET', 'rq:job:' .. id, 'ended_at', 'started_at', 'enqueued_at',
        'created_at', 'status', 'worker_name', 'description',
        kind == 'failed' and 'failure_ttl' or 'result_ttl')
      local found = 0
      if h[5] ~= false or h[4] ~= false then found = 1 end
      table.insert(list, { id, rows[i + 1], found, h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8] })
    end
  end
  return list, (#rows / 2 >= limit) and 1 or 0
end

for _, q in ipairs(selected) do
  local qk = 'rq:queue:' .. q
  local nowEx = '(' .. t[1]
  local finishedAll = redis.call('ZCARD', 'rq:finished:' .. q)
  local failedAll = redis.call('ZCARD', 'rq:failed:' .. q)
  local r = {
    name = q,
    queued = redis.call('LLEN', qk),
    intermediate = redis.call('LLEN', qk .. ':intermediate'),
    started = redis.call('ZCARD', 'rq:wip:' .. q),
    finished = 0,
    failed = 0,
    finishedAll = finishedAll,
    failedAll = failedAll,
    deferred = redis.call('ZCARD', 'rq:deferred:' .. q),
    scheduled = redis.call('ZCARD', 'rq:scheduled:' .. q),
    canceled = redis.call('ZCARD', 'rq:canceled:' .. q),
    schedulerLock = 0,
    head = false,
    wip = {},
    done = {},
    doneCapped = {},
    sites = {},
    scheduledMethods = {},
    sampled = 0,
  }
  -- The scheduler lock matters only when jobs wait in the scheduled registry.
  if r.scheduled > 0 then r.schedulerLock = redis.call('EXISTS', 'rq:scheduler-lock:' .. q) end
  -- The head is the next job to run and, unless someone enqueued at_front, the oldest.
  local headId = false
  if r.queued > 0 then headId = redis.call('LINDEX', qk, 0) end
  if headId then
    local h = redis.call('HMGET', 'rq:job:' .. headId, 'enqueued_at', 'created_at', 'description')
    r.head = { headId, h[1], h[2], h[3] }
  end
  -- Lowest scores first: the lapsed (abandoned) entries come first if the cap bites.
  local wip = {}
  if r.started > 0 then wip = redis.call('ZRANGE', 'rq:wip:' .. q, 0, wipLimit - 1, 'WITHSCORES') end
  for i = 1, #wip, 2 do
    local member = wip[i]
    local jobId = member
    if redis.call('EXISTS', 'rq:job:' .. member) == 0 then
      -- rq 2.x: job_id:execution_id (job ids cannot contain ':' there).
      local cut = string.find(member, ':[^:]*$')
      if cut ~= nil and cut > 1 then jobId = string.sub(member, 1, cut - 1) end
    end
    local h = redis.call('HMGET', 'rq:job:' .. jobId, 'status', 'worker_name', 'started_at',
      'enqueued_at', 'created_at', 'timeout', 'last_heartbeat', 'description')
    local found = 0
    if h[1] ~= false or h[5] ~= false then found = 1 end
    table.insert(r.wip, { member, jobId, wip[i + 1], found, h[1], h[2], h[3], h[4], h[5], h[6],
      h[7], h[8], workerAlive(h[2]) })
  end
  -- Empty registries (most of them, on most queues) cost one ZCARD each. Entries whose
  -- score has passed are expired results awaiting rq's cleanup: rq's own count would drop
  -- them first, so finished/failed count only the live ones (the rest: *All − these).
  r.done.finished, r.doneCapped.finished = {}, 0
  r.done.failed, r.doneCapped.failed = {}, 0
  if finishedAll > 0 then
    r.finished = redis.call('ZCOUNT', 'rq:finished:' .. q, nowEx, '+inf')
    r.done.finished, r.doneCapped.finished = readDone('finished', q, 'rq:finished:' .. q)
  end
  if failedAll > 0 then
    r.failed = redis.call('ZCOUNT', 'rq:failed:' .. q, nowEx, '+inf')
    r.done.failed, r.doneCapped.failed = readDone('failed', q, 'rq:failed:' .. q)
  end
  if siteSample > 0 then
    local ids = redis.call('LRANGE', qk, 0, siteSample - 1)
    local sites, methods = {}, {}
    for _, id in ipairs(ids) do
      local site, rest = siteOf(id)
      sites[site] = (sites[site] or 0) + 1
      local m = string.match(rest, '^scheduled_job::(.+)$') or string.match(rest, '^scheduled_job||(.+)$')
      if m then methods[m] = (methods[m] or 0) + 1 end
    end
    for k, v in pairs(sites) do table.insert(r.sites, { k, v }) end
    for k, v in pairs(methods) do table.insert(r.scheduledMethods, { k, v }) end
    r.sampled = #ids
  end
  table.insert(out.queues, r)
end

local wkeys = redis.call('SMEMBERS', 'rq:workers')
table.sort(wkeys)
for _, key in ipairs(wkeys) do
  if #out.workers >= workerLimit then out.workersCapped = 1 break end
  local h = redis.call('HMGET', key, 'state', 'current_job', 'queues', 'birth', 'last_heartbeat',
    'successful_job_count', 'failed_job_count', 'total_working_time', 'pid', 'hostname',
    'current_job_working_time', 'version', 'death')
  table.insert(out.workers, { key, redis.call('EXISTS', key), redis.call('PTTL', key), h[1], h[2],
    h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13] })
end

return cjson.encode(out)
`;

/** Redis ≥ 7 honours the shebang and refuses writes; older servers reject the line itself. */
export const RQ_READ_SCRIPT = { readOnly: `#!lua flags=no-writes\n${BODY}`, legacy: BODY } as const;
