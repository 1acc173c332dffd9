#!/bin/sh
# Loads 100,000 files and 1,000,000 log rows into a temporary SQLite file and prints query timings, then runs the
# export again in a separate JVM with a 64 MB heap to show it needs constant memory.
# Usage (from the repository root): adapters-persistence/bench/run.sh   [-Dbench.files=N -Dbench.log=N]
#   -Dbench.db=/tmp/bench.db   keep the loaded database and reuse it on later runs
#   -Dbench.only=search        run only the queries whose name contains the text
#   -Dbench.users=80           spread the files over more users (default 20)
set -e
cd "$(dirname "$0")/../.."
mvn -B -o -q -pl adapters-persistence -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="adapters-persistence/target/test-classes:adapters-persistence/target/classes:$(cat adapters-persistence/target/bench.classpath)"
DB="${TMPDIR:-/tmp}/cacherr-bench-$$.db"
java -Xmx512m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.db="$DB" "$@" \
    -cp "$CP" cacherr.adapters.persistence.Benchmark
echo "--- export again with -Xmx64m"
java -Xmx64m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.db="$DB" \
    -Dbench.exportOnly=true "$@" -cp "$CP" cacherr.adapters.persistence.Benchmark
rm -f "$DB" "$DB-wal" "$DB-shm"
