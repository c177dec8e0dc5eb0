#!/usr/bin/env bash
# Instructions per OpenAI chat JSON call, counted by valgrind's callgrind (which, unlike the wall
# clock, does not drift on a shared machine): for each mode, the difference between a run of 600
# calls and one of 200 (after 200 warm-up calls each), over 400, so that start-up cancels.
#
#   bash bench/instructions/run.sh [mode ...]     # after one `npm run bench` made the apps
#
# Modes: plain, context-only, agentsight-default, agentsight-exporters-off,
# agentsight-content-off (exporters off too), contrib, traceloop, openinference, plain7.
# Needs valgrind (`apt-get install valgrind`); Node 22 from toolchain/node22. About 2 minutes a mode.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
apps="$root/.tmp/bench/apps"
child="$root/bench/instructions/child.cjs"
export PATH="$root/toolchain/node22/node_modules/.bin:$PATH"
command -v valgrind > /dev/null || { echo "valgrind is missing: apt-get install valgrind" >&2; exit 1; }
[ -d "$apps/agentsight-openai6" ] || { echo "no bench apps in $apps: run npm run bench once" >&2; exit 1; }

work="$(mktemp -d)"
trap 'kill $(jobs -p) 2> /dev/null || true; rm -rf "$work"' EXIT
node "$root/scripts/mock-llm-server.mjs" > "$work/mock.json" &
node -e "require('http').createServer((q, s) => { q.resume(); q.on('end', () => { s.writeHead(200, { 'content-type': 'application/json' }); s.end('{}'); }); }).listen(0, '127.0.0.1', function () { require('fs').writeFileSync('$work/sink', String(this.address().port)); })" &
for _ in $(seq 50); do [ -s "$work/mock.json" ] && [ -s "$work/sink" ] && break; sleep 0.2; done
mock="$(node -e "console.log(JSON.parse(require('fs').readFileSync('$work/mock.json', 'utf8').split('\n')[0]).url)")"
sink="http://127.0.0.1:$(cat "$work/sink")"

# mode -> app folder, node arguments and environment
setup() {
  app=openai6 args=() env=()
  case "$1" in
    plain) ;;
    plain7) app=openai7 ;;
    context-only) app=traceloop env=(CONTEXT_ONLY=1) ;; # openai 6 with the OpenTelemetry SDK installed, nothing required
    agentsight-default) app=agentsight-openai6 args=(--require agentsight/register)
      env=(AGENTSIGHT_DIR="$work/store" OTEL_EXPORTER_OTLP_ENDPOINT="$sink" OTEL_EXPORTER_OTLP_PROTOCOL=http/json) ;;
    agentsight-exporters-off) app=agentsight-openai6 args=(--require agentsight/register) env=(AGENTSIGHT_EXPORTERS=none) ;;
    agentsight-content-off) app=agentsight-openai6 args=(--require agentsight/register)
      env=(AGENTSIGHT_EXPORTERS=none AGENTSIGHT_CAPTURE_CONTENT=false) ;;
    contrib) app=contrib args=(--require ./contrib.cjs) env=(OTEL_EXPORTER_OTLP_ENDPOINT="$sink" OTEL_EXPORTER_OTLP_PROTOCOL=http/json OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true) ;;
    traceloop) app=traceloop args=(--require ./traceloop.cjs) env=(OTEL_EXPORTER_OTLP_ENDPOINT="$sink" OTEL_EXPORTER_OTLP_PROTOCOL=http/json) ;;
    openinference) app=openinference args=(--require ./openinference.cjs) env=(OTEL_EXPORTER_OTLP_ENDPOINT="$sink" OTEL_EXPORTER_OTLP_PROTOCOL=http/json) ;;
    *) echo "unknown mode $1" >&2; exit 1 ;;
  esac
}

count() { # calls -> instructions of the whole run
  (cd "$apps/$app" && env "${env[@]}" MOCK_URL="$mock" WARM=200 N="$1" \
    valgrind --tool=callgrind --callgrind-out-file=/dev/null node "${args[@]}" "$child" 2>&1 |
    awk '/Collected/ { print $4 }')
}

modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(plain context-only agentsight-default agentsight-exporters-off agentsight-content-off contrib traceloop plain7 openinference)
for mode in "${modes[@]}"; do
  setup "$mode"
  short="$(count 200)" long="$(count 600)"
  echo "$mode $(((long - short) / 400)) instructions per call"
done
