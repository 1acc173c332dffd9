#!/usr/bin/env sh
# Migrates a copy of an original database (bench/original-db.sh) as the service's first start does, and prints the
# time of each step and the size of every table and index before and after. The copy and its backup are left in
# the work directory for a look with sqlite3.
#   bench/migrate.sh <original.db> [work.db=/tmp/cacherr-migrate.db]
set -eu
ORIG=$(realpath "$1")
WORK=$(realpath -m "${2:-/tmp/cacherr-migrate.db}")
cd "$(dirname "$0")/.."
mvn -B -o -q -pl adapters-persistence -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="adapters-persistence/target/test-classes:adapters-persistence/target/classes:$(cat adapters-persistence/target/bench.classpath)"
uptime
java -Xmx256m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.showDateTime=true \
    -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS -cp "$CP" \
    cacherr.adapters.persistence.fixtures.MigrationProfile "$ORIG" "$WORK"
uptime
