-- wrk: each connection a different signed-in member POSTing comments as JSON (session cookie and a
-- matching CSRF cookie/header pair), then one JSON line: p50/p95/p99 in ms, requests, statuses.
-- BENCH_SESSIONS is a file with one session key per line; BENCH_PATH the comments URL.
local sessions, threads = {}, {}

function setup(thread)
  if #sessions == 0 then
    for line in io.lines(os.getenv("BENCH_SESSIONS")) do table.insert(sessions, line) end
  end
  local n = #threads + 1
  thread:set("session", sessions[(n - 1) % #sessions + 1])
  thread:set("id", n)
  thread:set("created", 0)
  thread:set("other", 0)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  path = os.getenv("BENCH_PATH")
  csrf = string.format("%02d", id) .. string.rep("b", 30)
  headers = {["Content-Type"] = "application/json", ["X-CSRFToken"] = csrf,
             ["Cookie"] = "sessionid=" .. session .. "; csrftoken=" .. csrf}
end

function request()
  counter = counter + 1
  local body = '{"body": "bench comment ' .. id .. '-' .. counter .. ': well read, thank you.", "parent": null}'
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if status == 201 then created = created + 1 else other = other + 1 end
end

done = function(summary, latency, requests)
  local created, other = 0, 0
  for _, thread in ipairs(threads) do
    created = created + thread:get("created")
    other = other + thread:get("other")
  end
  io.write(string.format(
    '{"p50": %.2f, "p95": %.2f, "p99": %.2f, "max": %.2f, "requests": %d, "created": %d, "other": %d, "errors": %d}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, created, other,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
