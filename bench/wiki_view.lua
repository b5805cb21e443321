-- wrk script: GET a random generated page. Usage: wrk ... -s bench/wiki_view.lua URL -- PREFIX COUNT
-- (PREFIX "/wiki/" for the site, "/page/" for the baseline; slugs as in bench/wiki_dataset.py).
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  prefix = args[1] or "/wiki/"
  count = tonumber(args[2] or "1000")
  math.randomseed(seed * 7919)
end

function request()
  local path = string.format("%sfiche-%05d-relation-client", prefix, math.random(0, count - 1))
  return wrk.format("GET", path)
end
