/**
 * The whole rq refresh as one read-only Lua script: one EVALSHA, one round trip, however
 * many queues and workers. A pipeline cannot do it in one trip because the reads depend on
 * each other (a wip member → its job hash → its worker's key; a queue's head id → its
 * `enqueued_at`; a new registry member → its `ended_at`). On Redis ≥ 7 the script carries
 * `flags=no-writes`, so Redis itself refuses any write: a monitor must not change what it
 * watches (the rq library's own `count` calls clean registries as a side effect,
 * queues.md §1.3). Only O(1)/O(log n) commands run per queue; lists are never read whole.
 * It reads only what the snapshot shows: counts, the head, the in-flight jobs, new
 * completions, and each worker's liveness key, state and heartbeat.
 *
 * ARGV[1] is JSON:
 *   queues       explicit queue names, or null to read `rq:queues`
 *   prefix       with queues = null: keep only names starting with it ('' keeps all)
 *   window       window length in seconds (floor for first reads of finished/failed)
 *   lower        { [queue]: { finished?: number, failed?: number } } lowest registry score
 *                to read this time (see RqWindow); missing → now − window
 *   known        { [queue]: { finished?: { n, ids: { [id]: score } }, failed?: … } } members
 *                read before; returned again only when their score changed (a rerun)
 *   wipLimit, doneLimit, queueLimit, workerLimit   caps
 *
 * Returns JSON (empty Lua tables encode as `{}`; the parser accepts that for arrays). Rows
 * are positional arrays on the wire; rq-raw-state.ts turns each into a named record:
 *   now: [sec, usec] (Redis TIME), queueNames: [all names in rq:queues],
 *   queues: [{ name, queued, started, finished, failed, deferred, scheduled, canceled,
 *              head: [id, enqueued_at, created_at, description] | false,
 *              wip: [[member, jobId, score, found, status, worker_name, started_at,
 *                     enqueued_at, created_at, description, workerAlive]],
 *              done: { finished: [...], failed: [...] } each [[id, score, found, ended_at,
 *                     started_at, enqueued_at, ttl]] (new members only) }]
 *   workers: [[key, exists, state, last_heartbeat, pid, hostname]]
 */
const BODY = String.raw`
local p = cjson.decode(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1])
local function isnull(v) return v == nil or v == cjson.null end
local function num(v, d) if isnull(v) then return d end return tonumber(v) end

local wipLimit = num(p.wipLimit, 1000)
local doneLimit = num(p.doneLimit, 500)
local queueLimit = num(p.queueLimit, 1000)
local workerLimit = num(p.workerLimit, 1000)
local window = num(p.window, 3600)
local prefix = p.prefix
if isnull(prefix) then prefix = '' end
local lower = p.lower
if isnull(lower) then lower = {} end

local out = { now = t, queues = {}, workers = {}, queueNames = {} }

-- Queue names: rq:queues members are the full keys rq:queue:<name>.
local members = redis.call('SMEMBERS', 'rq:queues')
table.sort(members)
for _, key in ipairs(members) do
  if string.sub(key, 1, 9) == 'rq:queue:' then
    if #out.queueNames >= queueLimit then break end
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
        kind == 'failed' and 'failure_ttl' or 'result_ttl', 'status', 'created_at')
      local found = 0
      if h[5] ~= false or h[6] ~= false then found = 1 end
      table.insert(list, { id, rows[i + 1], found, h[1], h[2], h[3], h[4] })
    end
  end
  return list
end

for _, q in ipairs(selected) do
  local qk = 'rq:queue:' .. q
  local nowEx = '(' .. t[1]
  local r = {
    name = q,
    queued = redis.call('LLEN', qk),
    started = redis.call('ZCARD', 'rq:wip:' .. q),
    finished = 0,
    failed = 0,
    deferred = redis.call('ZCARD', 'rq:deferred:' .. q),
    scheduled = redis.call('ZCARD', 'rq:scheduled:' .. q),
    canceled = redis.call('ZCARD', 'rq:canceled:' .. q),
    head = false,
    wip = {},
    done = { finished = {}, failed = {} },
  }
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
      'enqueued_at', 'created_at', 'description')
    local found = 0
    if h[1] ~= false or h[5] ~= false then found = 1 end
    table.insert(r.wip, { member, jobId, wip[i + 1], found, h[1], h[2], h[3], h[4], h[5], h[6],
      workerAlive(h[2]) })
  end
  -- Empty registries (most of them, on most queues) cost one ZCARD each. Entries whose
  -- score has passed are expired results awaiting rq's cleanup: rq's own count would drop
  -- them first, so finished/failed count only the live ones.
  if redis.call('ZCARD', 'rq:finished:' .. q) > 0 then
    r.finished = redis.call('ZCOUNT', 'rq:finished:' .. q, nowEx, '+inf')
    r.done.finished = readDone('finished', q, 'rq:finished:' .. q)
  end
  if redis.call('ZCARD', 'rq:failed:' .. q) > 0 then
    r.failed = redis.call('ZCOUNT', 'rq:failed:' .. q, nowEx, '+inf')
    r.done.failed = readDone('failed', q, 'rq:failed:' .. q)
  end
  table.insert(out.queues, r)
end

-- Workers: liveness (the key), state and heartbeat; a gone key has no fields to read.
local wkeys = redis.call('SMEMBERS', 'rq:workers')
table.sort(wkeys)
for _, key in ipairs(wkeys) do
  if #out.workers >= workerLimit then break end
  local exists = redis.call('EXISTS', key)
  local state, beat, pid, host = false, false, false, false
  if exists == 1 then
    local h = redis.call('HMGET', key, 'state', 'last_heartbeat', 'pid', 'hostname')
    state, beat, pid, host = h[1], h[2], h[3], h[4]
  end
  table.insert(out.workers, { key, exists, state, beat, pid, host })
end

return cjson.encode(out)
`;

/** Redis ≥ 7 honours the shebang and refuses writes; older servers reject the line itself. */
export const RQ_READ_SCRIPT = { readOnly: `#!lua flags=no-writes\n${BODY}`, legacy: BODY } as const;
