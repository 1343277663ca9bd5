#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine, and nothing by hand:
# Groovy 2.4 (Debian's groovy package, the Groovy Jenkins embeds) with a JDK, and the npm
# dependencies, exactly as package-lock.json pins them (whose prepare script builds dist/).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "install-test-deps: need root (or sudo) to install: $*" >&2
    exit 1
  fi
}

apt_packages=()
ls /usr/share/groovy/lib/groovy-2.4.*.jar >/dev/null 2>&1 || apt_packages+=(groovy)
command -v java >/dev/null 2>&1 || apt_packages+=(openjdk-17-jdk-headless)
# Prometheus and promtool: the alert rules are checked and unit-tested by promtool, and a real
# Prometheus scrapes the service in test/service/observability/.
{ command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; } || apt_packages+=(prometheus)
if [ ${#apt_packages[@]} -gt 0 ]; then
  echo "install-test-deps: installing ${apt_packages[*]} from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi
ls /usr/share/groovy/lib/groovy-2.4.*.jar >/dev/null 2>&1 || {
  echo "install-test-deps: Groovy 2.4 is still missing after apt-get install groovy" >&2
  exit 1
}
command -v promtool >/dev/null 2>&1 || {
  echo "install-test-deps: promtool is still missing after apt-get install prometheus" >&2
  exit 1
}

bash scripts/install-npm-packages.sh
