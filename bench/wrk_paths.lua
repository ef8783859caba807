-- wrk script: GET each path of a file in turn (round-robin), with one Accept header, and
-- print one JSON line of results at the end.
-- usage: wrk ... -s bench/wrk_paths.lua http://host:port -- paths.txt accept/type

local paths = {}
local accept = "*/*"
local index = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  accept = args[2] or accept
  index = math.random(#paths) - 1 -- threads start at different places in the list
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index], { ["Accept"] = accept })
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"non2xx":%d,"errors":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, summary.errors.status, errors,
    latency:percentile(50), latency:percentile(99)))
end
