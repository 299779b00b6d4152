-- wrk script for the member directory, GET /api/v1/organisations/{org}/members?q=...&page=1&size=50,
-- with the search text varying over a list (names, fragments, accents, email parts, and no text).
--
--   wrk -t2 -c16 -d30s --latency -s bench/search.lua http://127.0.0.1:PORT -- DIR [TOKEN_FILE [TEXTS]]
--
-- DIR holds organisation (the organisation id) and the token files that bench/run-search.sh wrote;
-- TOKEN_FILE defaults to "token" (the school-level user-admin). TEXTS, if given, replaces the list
-- below with its comma-separated texts (already URL-encoded), e.g. "smith" for the org-admin's
-- search with a text that matches many.

local queries = {
  "", "smith", "olivia", "zoe", "zo%C3%AB", "chloe", "jos%C3%A9", "muller", "m%C3%BCller", "garcia", "patel",
  "khan", "oliver%20smith", "amelia.jones", "1234", "99@", "million.example", "harr", "son", "ell", "begum",
  "nunez", "o%27brien", "celik", "soren", "theo", "bj%C3%B6rn", "ahmed", "x", "zzzz",
}

local requests = {}
local n = 0
local i = 0
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local dir = args[1] or error("pass the directory: -- DIR [TOKEN_FILE]")
  local token = io.open(dir .. "/" .. (args[2] or "token")):read("*l")
  local org = io.open(dir .. "/organisation"):read("*l")
  local headers = { ["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json" }
  if args[3] then
    queries = {}
    for q in string.gmatch(args[3] .. ",", "([^,]*),") do table.insert(queries, q) end
  end
  for _, q in ipairs(queries) do
    n = n + 1
    requests[n] = wrk.format("GET", "/api/v1/organisations/" .. org .. "/members?q=" .. q .. "&page=1&size=50",
      headers)
  end
  i = (id * 7) % n
end

function request()
  i = i % n + 1
  return requests[i]
end

function done(summary, latency, requests)
  io.write(string.format("latency p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, max %.3f ms\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
  io.write(string.format("requests %d in %.1f s = %.0f req/s; errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
