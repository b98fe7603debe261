#!/usr/bin/env bash
# Run graphkit's whole test suite on a fresh machine: installs the Python packages, Debian's
# Chromium + ChromeDriver (browser tests), assembles the Neo4j server from Maven Central into
# .neo4j/ (the test session starts and stops it), then runs pytest. Extra arguments go to pytest,
# e.g. `scripts/test.sh -m "not slow"`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  sudo_if_needed=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo_if_needed apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_if_needed apt-get install -y -qq chromium chromium-driver >/dev/null
fi

python3 -m pip install --disable-pip-version-check -q -e '.[test]'
python3 -m graphkit.cli neo4j install --home .neo4j

mkdir -p test-artifacts
exec python3 -m pytest -p no:cacheprovider --durations=25 --junitxml=test-artifacts/junit.xml "$@"
