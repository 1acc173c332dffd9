#!/usr/bin/env sh
# Writes a database in the shape the original Python Cacherr leaves (its exact schema and indexes, user_version 0),
# filled with plausible data: 20 users used unevenly, 70 % episodes ("/mnt/user/tv/Show 0042/Season 03/…") and 30 %
# movies, statuses active/orphaned/removed, the legacy method names, every timestamp form the original wrote, user rows
# whose file is gone, and an audit log with a few legacy operation types. Same sizes, same file (fixed seed).
# Generator: adapters-persistence/src/test/java/cacherr/adapters/persistence/fixtures/OriginalDatabase.java
#   bench/original-db.sh <out.db> [files=100000] [logRows=1000000]
# 100,000 files and 1,000,000 log rows: about 400 MB. An existing <out.db> is never overwritten.
set -eu
if [ $# -lt 1 ] || [ $# -gt 3 ]; then
  echo "usage: $0 <out.db> [files=100000] [logRows=1000000]" >&2
  exit 2
fi
OUT=$(realpath -m "$1")
cd "$(dirname "$0")/.."
mvn -B -o -q -pl adapters-persistence -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="adapters-persistence/target/test-classes:adapters-persistence/target/classes:$(cat adapters-persistence/target/bench.classpath)"
java -Xmx512m -XX:+UseSerialGC -cp "$CP" cacherr.adapters.persistence.fixtures.OriginalDatabase "$OUT" \
    "${2:-100000}" "${3:-1000000}"
