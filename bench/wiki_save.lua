-- wrk script: save a new revision of a random generated page through the API.
-- Usage: wrk ... -s bench/wiki_save.lua URL -- TOKEN COUNT
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  token = args[1]
  count = tonumber(args[2] or "1000")
  math.randomseed(seed * 104729)
  sent = 0
  local sentence = "Une réclamation bien traitée rend souvent le client plus attaché qu'avant l'incident. "
  body_text = string.rep(sentence, 24)
end

function request()
  sent = sent + 1
  local slug = string.format("fiche-%05d-relation-client", math.random(0, count - 1))
  -- A different text every time, so that each request really writes a revision.
  local markdown = string.format("# Révision %d-%d\\n\\n%s\\n\\nVoir [[Fiche %05d relation client]] et [[Idée %d]].",
    seed, sent, body_text, math.random(0, count - 1), sent % 97)
  local body = string.format('{"markdown": "%s", "summary": "banc d\'essai"}', markdown)
  return wrk.format("PUT", "/api/v1/pages/" .. slug, {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end
