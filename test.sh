#!/usr/bin/env bash
# Runs every test of the product on a fresh machine: installs the repo's pinned dev tools (Azurite, from
# package.json) when missing, then builds and tests the solution. The test fixtures start Azurite themselves.
#
# The Azure Functions app, its Service Bus adapter and their tests need packages (the Functions worker,
# Azure.Messaging.ServiceBus, Durable Task) that not every package source holds. Where they do not
# restore, everything else is built and tested and one line names what was skipped.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -d node_modules/azurite ]; then
  echo "Installing the repository's dev tools (npm ci)..."
  npm ci --no-audit --no-fund
fi

# The page tests drive Debian's Chromium through Playwright; Playwright never downloads a browser here.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian's chromium for the page tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  elif command -v sudo >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the page tests (sudo)..."
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  else
    echo "/usr/bin/chromium is missing and this user cannot install it (not root, no sudo): the page tests will fail. Install it with: apt-get install chromium" >&2
  fi
fi

FUNCTIONS_PROJECTS=(
  src/Referrals.Functions/Referrals.Functions.csproj
  src/Referrals.ServiceBus/Referrals.ServiceBus.csproj
  tests/Referrals.Functions.Tests/Referrals.Functions.Tests.csproj
)

target=ReferralFunctions.sln
if ! dotnet restore tests/Referrals.Functions.Tests/Referrals.Functions.Tests.csproj --verbosity quiet >/dev/null 2>&1; then
  echo "Skipped Referrals.Functions, Referrals.ServiceBus and Referrals.Functions.Tests: Microsoft.Azure.Functions.Worker*, Azure.Messaging.ServiceBus and Microsoft.DurableTask* do not restore from this machine's package source."
  # Every other project of the solution, as a solution filter (so projects added later are never skipped silently).
  target=obj/ReferralFunctions.restorable.slnf
  mkdir -p obj
  dotnet sln ReferralFunctions.sln list | tail -n +3 | tr '\\' '/' | grep -v -x -F "$(printf '%s\n' "${FUNCTIONS_PROJECTS[@]}")" \
    | awk 'BEGIN { printf "{\"solution\": {\"path\": \"../ReferralFunctions.sln\", \"projects\": [" }
           NF { printf "%s\"%s\"", (n++ ? ", " : ""), $0 }
           END { print "]}}" }' \
    > "$target"
fi

dotnet test "$target" --configuration Release "$@"
