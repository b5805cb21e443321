-- wrk script for bench/wiki_bench.py, on random generated pages (slugs as in bench/wiki_dataset.py).
--   wrk ... -s bench/wiki_load.lua URL -- view PREFIX COUNT   GET PREFIX<slug> ("/wiki/" or the baseline's "/page/")
--   wrk ... -s bench/wiki_load.lua URL -- save TOKEN COUNT    PUT /api/v1/pages/<slug>, a new text every time
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  mode, argument, count = args[1], args[2], tonumber(args[3] or "1000")
  math.randomseed(seed * 7919)
  sent = 0
  body_text = string.rep("Une réclamation bien traitée rend souvent le client plus attaché qu'avant l'incident. ", 24)
end

local function slug()
  return string.format("fiche-%05d-relation-client", math.random(0, count - 1))
end

function request()
  if mode == "view" then
    return wrk.format("GET", argument .. slug())
  end
  sent = sent + 1
  -- A different text every time, so that each request really writes a revision.
  local markdown = string.format("# Révision %d-%d\\n\\n%s\\n\\nVoir [[Fiche %05d relation client]] et [[Idée %d]].",
    seed, sent, body_text, math.random(0, count - 1), sent % 97)
  local body = string.format('{"markdown": "%s", "summary": "banc d\'essai"}', markdown)
  return wrk.format("PUT", "/api/v1/pages/" .. slug(), {
    ["Authorization"] = "Bearer " .. argument,
    ["Content-Type"] = "application/json",
  }, body)
end
