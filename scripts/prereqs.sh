#!/usr/bin/env bash
# System prerequisites for the local stack on a Debian machine: Java 17 (Kafka), a JDK >= 21
# (Elasticsearch), Maven (resolves the Kafka broker jars), curl, and procps.
# Idempotent and quiet when everything is already there.
set -euo pipefail
need=()
command -v java >/dev/null || need+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || need+=(maven)
command -v curl >/dev/null || need+=(curl)
command -v ps >/dev/null || need+=(procps)
command -v unzip >/dev/null || need+=(unzip)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  else
    echo "missing: ${need[*]} (install them, e.g. sudo apt-get install ${need[*]})" >&2
    exit 1
  fi
fi
# Elasticsearch 9 needs Java >= 21; the stack looks for it under /usr/lib/jvm.
has_new_jdk() {
  for j in /usr/lib/jvm/*/bin/java; do
    [ -x "$j" ] && "$j" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' && return 0
  done
  return 1
}
has_new_jdk || echo "warning: no JDK >= 21 under /usr/lib/jvm; Elasticsearch 9 will not start" >&2
