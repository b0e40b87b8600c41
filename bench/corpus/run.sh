#!/usr/bin/env bash
# Scores leash against the repositories labelled for this project (labels.json beside this script).
# usage: bench/corpus/run.sh MIRRORS [CHECKOUTS]
#   MIRRORS holds <owner>+<name>/repo bare git mirrors of the repositories in labels.json;
#   CHECKOUTS (default /tmp/leash-bench-corpus) receives the checkouts at the labelled commits.
# Uses the team's checkout script and scorer in ../shared/corpus; VERBOSE=1 lists misses and false alarms.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
shared=${LEASH_SHARED:-$root/../shared}
mirrors=$1
out=${2:-/tmp/leash-bench-corpus}
bash "$shared/corpus/checkout.sh" "$mirrors" "$out" "$here/labels.json"
node "$shared/corpus/score.mjs" corpus "node $root/bin/leash.js --format json" "$here/labels.json" "$out"
