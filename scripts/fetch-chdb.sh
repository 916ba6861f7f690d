#!/usr/bin/env bash
# Fetches chDB's libchdb.so (the ClickHouse engine, Apache-2.0) once per machine into the cache
# directory, checking the package's integrity against the pinned hash. Prints the library's path.
set -euo pipefail

CHDB_PACKAGE="@chdb/lib-linux-x64-gnu"
CHDB_VERSION="26.5.3"
# sha512 of chdb-lib-linux-x64-gnu-26.5.3.tgz, as published in the registry's "integrity" field.
CHDB_INTEGRITY="sha512-fPrLmRt5Moor9yGz4mazbrNje4t7X9KB2mTGkXFWRxRBs2iKy8yh6jx11xsa0Qr3iDFMU/yHqd+bVdYJXu3QaQ=="

cache_root="${XDG_CACHE_HOME:-$HOME/.cache}"
target_dir="${CHDB_CACHE_DIR:-$cache_root/llm-annotations/chdb/$CHDB_VERSION}"
library="$target_dir/libchdb.so"

if [ -f "$library" ] && [ -f "$target_dir/.verified" ]; then
  echo "$library"
  exit 0
fi

command -v npm >/dev/null || { echo "npm is needed to fetch the ClickHouse engine (chDB)" >&2; exit 1; }
mkdir -p "$target_dir"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "Fetching $CHDB_PACKAGE@$CHDB_VERSION (about 170 MB, once per machine) ..." >&2
(cd "$work" && npm pack --silent "$CHDB_PACKAGE@$CHDB_VERSION" >/dev/null)
tarball="$(ls "$work"/*.tgz)"

actual="$(node -e 'const c = require("crypto"), f = require("fs");
  console.log("sha512-" + c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"));' "$tarball")"
if [ "$actual" != "$CHDB_INTEGRITY" ]; then
  echo "Integrity check failed for $tarball: expected $CHDB_INTEGRITY, got $actual" >&2
  exit 1
fi

tar -xzf "$tarball" -C "$work" package/libchdb.so
mv "$work/package/libchdb.so" "$library.partial"
mv "$library.partial" "$library"
echo "$CHDB_INTEGRITY" > "$target_dir/.verified"
echo "$library"
