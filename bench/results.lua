-- GET one results path with a bearer token, round-robin over the ten assessments a1..a10, and print
-- p50/p95/p99 at the end. Usage: wrk ... -s bench/results.lua URL -- TOKEN PATH_WITHOUT_ASSESSMENT
local token, path
local n = 0
function init(args)
  token = args[1]
  path = args[2]
end
function request()
  n = n + 1
  local sep = string.find(path, "?", 1, true) and "&" or "?"
  return wrk.format("GET", path .. sep .. "assessmentId=a" .. ((n % 10) + 1), { ["Authorization"] = "Bearer " .. token })
end
function done(summary, latency, requests)
  io.write(string.format("requests %d, errors: status %d, connect %d, read %d, timeout %d\n", summary.requests,
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.timeout))
  for _, p in ipairs({ 50, 90, 95, 99 }) do
    io.write(string.format("p%d %.2f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("requests/s %.0f\n", summary.requests / (summary.duration / 1e6)))
end
