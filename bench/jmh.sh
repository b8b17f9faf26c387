#!/usr/bin/env bash
# Builds the JMH benchmarks (src/bench/java, Maven profile "bench") and runs them: every stage
# beside the JDK primitive doing the same work, over 8 KiB, 64 KiB and 1 MiB chunks. Writes
# target/jmh/results.json and prints the table it also writes to target/jmh/results.md.
#   bench/jmh.sh [JMH options] [benchmark regex...]
#   bench/jmh.sh                                    # the proper run (about 13 minutes)
#   bench/jmh.sh -wi 1 -i 1 -w 1s -r 1s Compress    # a quick look at the compress benchmarks
#   bench/jmh.sh -p chunkSize=65536 'Encode|Digest'
# Defaults, each replaced by the same option given here: -f 1 -wi 3 -i 5 -w 1s -r 1s. Always
# added: -prof gc (the table's B/byte) and -rf json -rff target/jmh/results.json (so do not pass
# -rf/-rff). The build is the profile's own, in target/bench/. On 2 shared cores, run nothing else
# meanwhile: the numbers are only as quiet as the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

given=("$@")
has() {
  local arg
  for arg in "${given[@]}"; do
    [ "$arg" = "$1" ] && return 0
  done
  return 1
}

args=()
for default in "-f 1" "-wi 3" "-i 5" "-w 1s" "-r 1s"; do
  has "${default%% *}" || args+=(${default}) # unquoted: option and value as two words
done
has gc || args+=(-prof gc)
args+=(-rf json -rff target/jmh/results.json "$@")

./mvnw -B -q -Pbench -DskipTests process-test-classes
mkdir -p target/jmh
rm -f target/jmh/results.json target/jmh/results.md
# The forked benchmark JVMs get this same classpath from JMH.
classpath="target/bench/test-classes:target/bench/classes:$(cat target/bench/classpath.txt)"
java -cp "$classpath" org.openjdk.jmh.Main "${args[@]}"
java -cp "$classpath" dev.transform.bench.Report target/jmh/results.json target/jmh/results.md
