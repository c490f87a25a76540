#!/usr/bin/env bash
# Runs every test of the product on a fresh machine: installs the repo's pinned dev tools (Azurite, from
# package.json) when missing, then builds and tests the solution. The test fixtures start Azurite themselves.
#
# The Azure Functions app, its Service Bus adapter and their tests need packages (the Functions worker
# and its extensions, Azure.Messaging.ServiceBus, Durable Task) that not every package source holds.
# Where one does not restore, everything else is built and tested and one line names what was left out.
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

# Projects whose packages not every package source holds, each group tried by restoring its test project
# (which references the rest of the group). A group that does not restore is left out of the build and
# the test run, and one line names it and the packages that were missing.
SERVICE_BUS=(
  src/Referrals.ServiceBus/Referrals.ServiceBus.csproj
  tests/Referrals.ServiceBus.Tests/Referrals.ServiceBus.Tests.csproj
)
FUNCTIONS=(
  src/Referrals.Functions/Referrals.Functions.csproj
  tests/Referrals.Functions.Tests/Referrals.Functions.Tests.csproj
)

skipped=()
build_args=()
# Names the packages a failed restore's output says are missing.
missing_packages() {
  printf '%s\n' "$1" | grep -oE "(Unable to find package|but) [A-Za-z0-9._-]+( [0-9][A-Za-z0-9.-]*)?" \
    | sed -E 's/^(Unable to find package|but) //; s/\.$//' | sort -u | paste -sd ',' | sed 's/,/, /g'
}
# Restores a group's test project; on failure adds the group to `skipped` and prints what is missing.
try_group() {
  local name=$1 test_project=$2
  shift 2
  local output
  if output=$(dotnet restore "$test_project" "${build_args[@]}" 2>&1); then
    return 0
  fi
  local missing
  missing=$(missing_packages "$output")
  echo "Skipped $name: its packages do not restore from this machine's package source (missing: ${missing:-see dotnet restore $test_project})."
  skipped+=("$@")
  return 1
}

# The Functions app's Service Bus-triggered functions need an extension package that not every package
# source serves. Without it the rest of the app is still built by the Functions SDK and tested
# (-p:ServiceBusTriggers=false); a publish of such a build fails on purpose.
if ! output=$(dotnet restore src/Referrals.Functions/Referrals.Functions.csproj 2>&1) \
    && printf '%s\n' "$output" | grep -q "Microsoft.Azure.Functions.Worker.Extensions.ServiceBus"; then
  build_args+=(-p:ServiceBusTriggers=false)
  # Named from the functions list the metadata test checks, so the line stays true as functions are added.
  sb_functions=$(grep '^\[ServiceBusTriggers\] ' tests/Referrals.Functions.Tests/expected-functions.txt | cut -d' ' -f2 | paste -sd ',' | sed 's/,/, /g')
  echo "Left out the Service Bus-triggered functions ${sb_functions} (src/Referrals.Functions/ServiceBusTriggers): Microsoft.Azure.Functions.Worker.Extensions.ServiceBus does not restore from this machine's package source; the rest of the Functions app is built and tested."
fi

if try_group "Referrals.ServiceBus, Referrals.ServiceBus.Tests, Referrals.Functions and Referrals.Functions.Tests" \
    tests/Referrals.ServiceBus.Tests/Referrals.ServiceBus.Tests.csproj "${SERVICE_BUS[@]}" "${FUNCTIONS[@]}"; then
  try_group "Referrals.Functions and Referrals.Functions.Tests" tests/Referrals.Functions.Tests/Referrals.Functions.Tests.csproj "${FUNCTIONS[@]}" || true
fi

target=ReferralFunctions.sln
if [ ${#skipped[@]} -gt 0 ]; then
  # Every other project of the solution, as a solution filter (so projects added later are never skipped silently).
  target=obj/ReferralFunctions.restorable.slnf
  mkdir -p obj
  dotnet sln ReferralFunctions.sln list | tail -n +3 | tr '\\' '/' | grep -v -x -F "$(printf '%s\n' "${skipped[@]}")" \
    | awk 'BEGIN { printf "{\"solution\": {\"path\": \"../ReferralFunctions.sln\", \"projects\": [" }
           NF { printf "%s\"%s\"", (n++ ? ", " : ""), $0 }
           END { print "]}}" }' \
    > "$target"
fi

dotnet test "$target" --configuration Release "${build_args[@]}" "$@"
