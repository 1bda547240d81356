-- wrk: the visit beacon as browsers send it (a form POST to /insights/hit/), from many browsers (a
-- user agent per three views), arriving from a mix of channels; then one JSON line: p50/p95/p99 in
-- ms, requests, answers by kind.
local threads = {}
local arrivals = {
  {"?utm_source=kakao&utm_medium=social&utm_campaign=dec-meetup", ""},
  {"", "https://search.naver.com/search.naver?query=x"},
  {"", "https://www.google.com/"},
  {"?utm_source=newsletter&utm_medium=email&utm_campaign=weekly", ""},
  {"", "https://t.co/abc"},
  {"", ""},
  {"", "http://127.0.0.1/articles/"},
  {"?fbclid=abc", ""},
}

function setup(thread)
  thread:set("id", #threads + 1)
  thread:set("ok", 0)
  thread:set("other", 0)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
end

local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  counter = counter + 1
  local arrival = arrivals[counter % #arrivals + 1]
  local body = "page=&path=%2Farticles%2Fpost-" .. (counter % 500) .. "%2F&query=" .. encode(arrival[1]) ..
               "&referrer=" .. encode(arrival[2])
  local agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36 b" ..
                id .. "-" .. math.floor(counter / 3)
  return wrk.format("POST", "/insights/hit/", {["Content-Type"] = "application/x-www-form-urlencoded",
                                                 ["User-Agent"] = agent}, body)
end

function response(status, headers, body)
  if status == 204 then ok = ok + 1 else other = other + 1 end
end

done = function(summary, latency, requests)
  local ok, other = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("ok")
    other = other + thread:get("other")
  end
  io.write(string.format(
    '{"p50": %.2f, "p95": %.2f, "p99": %.2f, "requests": %d, "ok": %d, "other": %d, "errors": %d, "seconds": %.2f}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, ok, other,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6))
end
