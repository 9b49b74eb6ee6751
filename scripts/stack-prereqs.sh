#!/usr/bin/env bash
# Prerequisites (idempotent; installs only what is missing, via apt-get).
#   scripts/stack-prereqs.sh rust   the toolchain that builds the compiled engine (engine/, for
#                                   `make install`): cargo and rustc >= 1.85, a C compiler
#   scripts/stack-prereqs.sh        that, and what `eventwire stack up` needs:
#   - Java 17 for the Kafka broker, Maven to resolve the broker's jars from Maven Central,
#   - a JDK >= 21 for Elasticsearch 9 (not in Debian bookworm's archive: must be preinstalled,
#     e.g. a Temurin JDK under /usr/lib/jvm; the stack finds it by scanning),
#   - setpriv/runuser (util-linux) and useradd (passwd) to run Elasticsearch unprivileged,
#   - kustomize, which tests/unit/test_k8s_manifests.py renders deploy/k8s/ with (built from the Go
#     module proxy with the machine's Go; a warning, not a failure, when that is impossible).
set -euo pipefail
KUSTOMIZE_VERSION=v5.8.1

RUST_MIN=85  # rustc 1.85: PyO3 0.30's minimum
# A rustup toolchain lives in ~/.cargo/bin; Debian's packages in /usr/bin.
export PATH="$HOME/.cargo/bin:$PATH"

rust_minor() {
  command -v cargo >/dev/null && command -v rustc >/dev/null || { echo 0; return; }
  rustc --version 2>/dev/null | sed -n 's/^rustc 1\.\([0-9]*\).*/\1/p' | head -n1
}

need_root() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "stack-prereqs: missing $*; run as root to install them" >&2
    exit 1
  fi
}

# Rust: a toolchain already on the machine (rustup's, or Debian's) wins. Otherwise Debian's
# rustc-web/cargo-web (bookworm's security archive keeps them current for Firefox; bookworm's plain
# rustc 1.63 is too old), since rustup's own downloads need a host other than the package registries.
minor=$(rust_minor)
if (( ${minor:-0} < RUST_MIN )); then
  need_root "cargo/rustc >= 1.$RUST_MIN"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends rustc-web cargo-web gcc libc6-dev
  minor=$(rust_minor)
  if (( ${minor:-0} < RUST_MIN )); then
    echo "stack-prereqs: rustc >= 1.$RUST_MIN not found after installing rustc-web (found 1.${minor:-none})" >&2
    exit 1
  fi
fi
if [[ "${1:-}" == "rust" ]]; then
  echo "stack-prereqs: ok (rust toolchain: $(rustc --version), $(cargo --version))"
  exit 0
fi

missing=()
java17_found=""
newest_major=0
for home in /usr/lib/jvm/*/; do
  [[ -x "${home}bin/java" ]] || continue
  major=$("${home}bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  [[ -n "$major" ]] || continue
  [[ "$major" == 17 ]] && java17_found="$home"
  (( major > newest_major )) && newest_major=$major
done
[[ -n "$java17_found" ]] || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || missing+=(maven)
command -v setpriv >/dev/null || missing+=(util-linux)
command -v useradd >/dev/null || missing+=(passwd)
command -v curl >/dev/null || missing+=(curl)

if ((${#missing[@]})); then
  need_root "${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if (( newest_major < 21 )); then
  for home in /usr/lib/jvm/*/; do
    major=$("${home}bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1 || true)
    (( ${major:-0} > newest_major )) && newest_major=$major
  done
fi
if (( newest_major < 21 )); then
  echo "stack-prereqs: no JDK >= 21 under /usr/lib/jvm; Elasticsearch 9 cannot start" >&2
  exit 1
fi

kustomize_bin="$(command -v kustomize || true)"
if [[ -z "$kustomize_bin" ]] && command -v go >/dev/null; then
  kustomize_bin="$(go env GOPATH)/bin/kustomize"
fi
if ! { [[ -x "$kustomize_bin" ]] && "$kustomize_bin" version 2>/dev/null | grep -qx "$KUSTOMIZE_VERSION"; }; then
  if command -v go >/dev/null; then
    echo "stack-prereqs: installing kustomize $KUSTOMIZE_VERSION with $(go version | cut -d' ' -f3)" >&2
    GOTOOLCHAIN=local go install "sigs.k8s.io/kustomize/kustomize/v5@${KUSTOMIZE_VERSION}" \
      || echo "stack-prereqs: WARNING: kustomize could not be built; the manifest test will say so" >&2
  else
    echo "stack-prereqs: WARNING: no Go toolchain, so no kustomize; the manifest test will say so" >&2
  fi
fi
echo "stack-prereqs: ok ($(rustc --version), Java 17 present, newest JDK $newest_major, $(mvn -v 2>/dev/null | head -n1 | sed 's/\x1b\[[0-9;]*m//g'), kustomize $KUSTOMIZE_VERSION)"
