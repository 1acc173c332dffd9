#!/bin/sh
# Loads 100,000 files and 1,000,000 log rows into a temporary SQLite file and prints query timings.
# Usage (from the repository root): adapters-persistence/bench/run.sh   [-Dbench.files=N -Dbench.log=N]
set -e
cd "$(dirname "$0")/../.."
mvn -B -o -q -pl adapters-persistence -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="adapters-persistence/target/test-classes:adapters-persistence/target/classes:$(cat adapters-persistence/target/bench.classpath)"
exec java -Xmx512m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$@" \
    -cp "$CP" cacherr.adapters.persistence.Benchmark
