#!/usr/bin/env bash
# Install projector into a virtual environment, .venv, at the top of this repository.
#
# Works with Debian's own python3, which refuses `pip install` outside a virtual
# environment (PEP 668): when python3 or its venv module is missing, they are installed
# with apt-get first (through sudo unless run as root).
#
# Usage: bash scripts/install.sh [--test]
#   --test  also install the test tools (pytest, ruff, mypy...), as .ci/run does.
# Then: .venv/bin/projector --help
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

target="."
case "${1:-}" in
    "") ;;
    --test) target=".[test]" ;;
    *) echo "usage: bash scripts/install.sh [--test]" >&2; exit 2 ;;
esac

if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    sudo=()
    [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
    echo "installing python3 and python3-venv with apt-get" >&2
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends python3 python3-venv </dev/null
fi

[[ -x .venv/bin/python ]] || python3 -m venv .venv
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore PIP_PROGRESS_BAR=off
.venv/bin/python -m pip install -q -e "$target"
echo "projector installed in .venv: run .venv/bin/projector --help" >&2
