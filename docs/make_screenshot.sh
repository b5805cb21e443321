#!/usr/bin/env bash
# Retake the README's screenshots: the home page (docs/screenshot.png), the water-meter suggestion
# with its timeline (docs/suggestion.png) and « Les marques à l'écoute » (docs/listening.png), on a
# throwaway site with the demo content, in French, photographed by Debian's headless chromium.
# Usage: [PORT=N] docs/make_screenshot.sh [WIDTHxHEIGHT]
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-1280x860}"
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

export CHERCLIENT_INSTANCE_PATH="$work/instance"
.venv/bin/flask --app cherclient_wiki init >/dev/null 2>&1
.venv/bin/flask --app cherclient_wiki demo >/dev/null 2>&1
port="${PORT:-$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
.venv/bin/flask --app cherclient_wiki run --port "$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.2; done

shoot() {  # shoot FILE PATH
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$work/profile" --lang=fr-FR --accept-lang=fr-FR,fr \
    --hide-scrollbars --window-size="${size/x/,}" --screenshot="$1" "http://127.0.0.1:$port$2" 2>/dev/null
  echo "$1 ($size)"
}
shoot docs/screenshot.png /
shoot docs/suggestion.png /suggestions/1
shoot docs/listening.png /brands/listening
