#!/usr/bin/env sh
# Batch operations: a batch uncache of 10,000 small real files (cached by a batch first) and a batch attach over
# 100,000 records, on SQLite and real directories in a temporary directory, on the service's batch threads; files per
# second, and the p50/p99 of single-file use cases on files outside the batch (a read, an attach or detach of a user, a
# cache or uncache) idle and while each batch runs, with the p99 ratios. Figures in docs/PERFORMANCE.md.
#   bench/batch.sh [-Dbench.batchFiles=N] [-Dbench.records=N] [-Dbench.idleProbes=N] [-Dbench.pauseMs=N] [-Dbench.only=uncache|attach]
set -eu
cd "$(dirname "$0")/.."
mvn -B -o -q -pl bootstrap -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test
CP="bootstrap/target/test-classes:bootstrap/target/classes:$(cat bootstrap/target/bench.classpath)"
uptime
java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$@" -cp "$CP" cacherr.bootstrap.load.BatchBenchmark
uptime
