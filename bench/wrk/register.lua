-- Walk-in registrations: thread i posts the form of clerk i (its own session,
-- CSRF cookie and token) read from line i of the file given after `--`.
-- Run with as many threads as connections, so each clerk has one connection.
local made = 0

function setup(thread)
  made = made + 1
  thread:set("index", made)
end

function init(args)
  local lines = {}
  for line in io.lines(args[1]) do lines[#lines + 1] = line end
  local cookie, body = lines[index]:match("^(.-)\t(.*)$")
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Cookie"] = cookie
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "errors": %d, "status_errors": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
