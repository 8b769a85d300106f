#!/usr/bin/env bash
# Brings up the whole suite: the Aspire dashboard, Redis, RabbitMQ, S3 storage and the five services.
# Arguments go to the AppHost (e.g. --Infrastructure:Mode=containers).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/eng/bootstrap.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project "$root/AppHost" --launch-profile http -- "$@"
