#!/usr/bin/env bash
# Builds kube-apiserver from the Go module proxy and installs Debian's etcd,
# for the API-server tests (go test -tags apiserver ./ship/k8s/). Prints on
# stdout the folder holding both binaries, in the variable envtest reads;
# everything else goes to stderr. CI runs:
#
#	export KUBEBUILDER_ASSETS="$(scripts/ci/apiserver.sh)"
#
# k8s.io/kubernetes is not meant to be used as a module: its go.mod points
# the k8s.io/* staging modules at ./staging. Here each of them is replaced by
# its published version instead (v0.37.2 for v1.37.2). About 5 minutes on 2
# cores; the result is cached in the output folder.
set -euo pipefail

kube="${KUBE_VERSION:-v1.37.2}"
staging="v0${kube#v1}"
out="${SLIPWAY_APISERVER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/slipway/apiserver-$kube}"
mkdir -p "$out"

if [[ ! -x "$out/etcd" ]]; then
	if ! command -v etcd >/dev/null; then
		echo "installing etcd-server" >&2
		apt-get update -qq >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server >&2
	fi
	ln -sf "$(command -v etcd)" "$out/etcd"
fi

if [[ ! -x "$out/kube-apiserver" ]]; then
	work="$(mktemp -d)"
	trap 'rm -rf "$work"' EXIT
	cd "$work"
	go mod init slipway.local/apiserver >&2
	go mod edit -require="k8s.io/kubernetes@$kube"
	gomod="$(go mod download -json "k8s.io/kubernetes@$kube" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
	# Every "k8s.io/x => ./staging/src/k8s.io/x" becomes "k8s.io/x => k8s.io/x v0.N.M".
	grep -o 'k8s.io/[a-z0-9-]* => ./staging/src/k8s.io/[a-z0-9-]*' "$gomod" | cut -d' ' -f1 |
		while read -r mod; do
			go mod edit -replace="$mod=$mod@$staging"
		done
	pkg=k8s.io/component-base/version
	echo "building kube-apiserver $kube" >&2
	GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -o "$out/kube-apiserver" \
		-ldflags "-s -w -X $pkg.gitVersion=$kube -X $pkg.gitMajor=1 -X $pkg.gitMinor=$(cut -d. -f2 <<<"$kube") -X $pkg.gitTreeState=clean" \
		k8s.io/kubernetes/cmd/kube-apiserver >&2
fi

echo "$out"
