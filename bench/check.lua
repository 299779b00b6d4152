-- wrk script for POST /api/v1/access/check with varying questions.
--
--   wrk -t2 -c64 -d30s --latency -s bench/check.lua http://127.0.0.1:PORT -- DIR [RATE THREADS]
--
-- DIR holds what bench/SeedTrust.java wrote: token (a bearer token) and questions.json (one request
-- body per line). Each thread walks the list from its own offset, so every request asks something
-- different.
--
-- RATE (optional, requests/s for the whole run; THREADS must then repeat wrk's -t): Debian's wrk has no -R (wrk2's constant rate), so
-- each thread schedules its sends itself: the k-th send of a thread is due at start + k / (RATE /
-- threads), and delay() holds a connection until its slot. When every connection of a thread is
-- busy, a slot goes by and is sent late (wrk then measures from the actual send, i.e. wrk's usual
-- coordinated omission); done() prints how many sends were late by more than 1 ms and the worst
-- lateness, so a run whose latencies are understated says so.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local requests = {}
local n = 0
local i = 0
local interval = nil -- ms between two sends of this thread, when pacing
local due = nil
late = 0
worst = 0
sent = 0

function init(args)
  local dir = args[1] or error("pass the seed directory: -- DIR [RATE THREADS]")
  local token = io.open(dir .. "/token"):read("*l")
  local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
  }
  for line in io.lines(dir .. "/questions.json") do
    n = n + 1
    requests[n] = wrk.format("POST", "/api/v1/access/check", headers, line)
  end
  i = (id * 7919) % n
  if args[2] then
    local rate = tonumber(args[2]) / tonumber(args[3] or error("RATE needs THREADS too"))
    interval = 1000 / rate
  end
end

function request()
  i = i % n + 1
  return requests[i]
end

function delay()
  if not interval then
    return 0
  end
  local t = now_ms()
  if not due then
    due = t
  end
  local slot = due
  due = due + interval
  sent = sent + 1
  if slot >= t then
    return slot - t
  end
  local behind = t - slot
  if behind > 1 then
    late = late + 1
  end
  if behind > worst then
    worst = behind
  end
  return 0
end

function done(summary, latency, requests)
  io.write(string.format("latency p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
  io.write(string.format("requests %d in %.1f s = %.0f req/s; errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
  for _, t in ipairs(threads) do
    local s = tonumber(t:get("sent") or 0)
    if s > 0 then
      io.write(string.format("thread %d: paced sends %d, late by more than 1 ms: %d, worst lateness %.1f ms\n",
        t:get("id"), s, t:get("late"), t:get("worst")))
    end
  end
end
