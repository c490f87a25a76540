#!/usr/bin/env bash
# Runs every test of the product on a fresh machine: installs the repo's pinned dev tools (Azurite, from
# package.json) when missing, then builds and tests the solution. The test fixtures start Azurite themselves.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -d node_modules/azurite ]; then
  echo "Installing the repository's dev tools (npm ci)..."
  npm ci --no-audit --no-fund
fi

dotnet test ReferralFunctions.sln --configuration Release "$@"
