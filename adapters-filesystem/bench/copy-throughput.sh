#!/bin/sh
# atomic_copy against cp on one large file, rounds alternating; prints medians and ratios.
# Usage: adapters-filesystem/bench/copy-throughput.sh [size MiB, default 1024] [rounds, default 3] [work dir]
# The work directory (default adapters-filesystem/target/bench) decides the file system measured.
set -eu
module="$(cd "$(dirname "$0")/.." && pwd)"
root="$(dirname "$module")"
mvn -B -q -f "$root/pom.xml" -pl adapters-filesystem -am test-compile
cd "$module"
exec java --module-path "target/classes:$root/application/target/classes:$root/domain/target/classes" \
    --patch-module cacherr.adapters.filesystem=target/test-classes \
    -m cacherr.adapters.filesystem/cacherr.adapters.filesystem.CopyThroughputBenchmark "$@"
