#!/usr/bin/env bash
# Installs what the tests need and runs every test of the solution. Arguments go to `dotnet test`
# (e.g. --filter FullyQualifiedName~Artifacts).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/eng/bootstrap.sh" --tests
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$root/InstructLab.Aspire.sln" -nologo -clp:ErrorsOnly
dotnet test --solution "$root/InstructLab.Aspire.sln" --no-build "$@"
