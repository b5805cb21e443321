#!/usr/bin/env bash
# Retake docs/screenshot.png: the home page of a throwaway site with the demo content, in French,
# photographed by Debian's headless chromium. Usage: docs/make_screenshot.sh [WIDTHxHEIGHT]
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-1280x860}"
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

export CHERCLIENT_INSTANCE_PATH="$work/instance"
.venv/bin/flask --app cherclient_wiki init >/dev/null 2>&1
.venv/bin/flask --app cherclient_wiki demo >/dev/null 2>&1
port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
.venv/bin/flask --app cherclient_wiki run --port "$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.2; done

chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$work/profile" --lang=fr-FR --accept-lang=fr-FR,fr \
  --hide-scrollbars --window-size="${size/x/,}" --screenshot=docs/screenshot.png "http://127.0.0.1:$port/" 2>/dev/null
echo "docs/screenshot.png ($size)"
