#!/usr/bin/env bash
# Does the Docker engine itself lose the output of a short-lived `docker run --rm … echo`?
# No runner here: WORKERS shells each run `docker run --rm busybox sh -c 'echo out; echo err >&2'`
# ROUNDS times (a line on each stream, so that a stream the engine drops always shows),
# while one more shell starts, execs into and removes containers (what the other notes of a
# `--jobs 2` run do meanwhile), and LOAD busy loops (0 by default) keep the CPUs busy. Every
# output without both lines is counted, with the engine's own error lines when it logged some.
#
#   flock /tmp/kubia-notes-dev.lock bash bench/docker-output-loss.sh            # 2 × 150 runs
#   ROUNDS=300 WORKERS=1 LOAD=8 flock /tmp/kubia-notes-dev.lock bash bench/docker-output-loss.sh
#
# Everything it makes carries the label io.kubia-notes.bench=<pid> and is removed at the end;
# the busy loops are bounded by `timeout` and stopped at the end too.
set -euo pipefail
ROUNDS=${ROUNDS:-150} WORKERS=${WORKERS:-2} LOAD=${LOAD:-0}
DOCKERD_LOG=${DOCKERD_LOG:-/var/log/kubia-notes-dockerd.log}
label="io.kubia-notes.bench=$$"
dir=$(mktemp -d "${TMPDIR:-/tmp}/kn-output-loss.XXXXXX")
loads=()
finish() {
  rm -f "$dir/running"
  for pid in "${loads[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  docker ps -aq --filter "label=$label" | xargs -r docker rm -f >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap finish EXIT

worker() {
  local out
  for i in $(seq 1 "$ROUNDS"); do
    out=$(docker run --rm --label "$label" busybox sh -c 'echo out; echo err >&2' 2>&1) || true
    echo . >> "$dir/tried.$1"
    [ "$(sort <<<"$out" | tr '\n' ' ')" = 'err out ' ] || echo "$(date -u +%FT%T.%3N) worker $1 run $i: [$out]" >> "$dir/lost"
  done
}

churn() {
  local i=0 name
  while [ -e "$dir/running" ]; do
    i=$((i + 1)) name="kn-bench-$$-churn-$i"
    docker run -d --label "$label" --name "$name" busybox sleep 30 >/dev/null || true
    docker exec "$name" sh -c 'echo hello; sleep 0.5' >/dev/null || true
    docker rm -f "$name" >/dev/null 2>&1 || true
  done
}

for _ in $(seq 1 "$LOAD"); do timeout 3600 sh -c 'while :; do :; done' & loads+=($!); done
started=$(date -u +%FT%T)
touch "$dir/running" "$dir/lost"
churn & loads+=($!)
workers=()
for w in $(seq 1 "$WORKERS"); do worker "$w" & workers+=($!); done
wait "${workers[@]}"
tried=$(cat "$dir"/tried.* | wc -l)
lost=$(wc -l < "$dir/lost")
echo "docker run --rm busybox sh -c 'echo out; echo err >&2': $tried runs in $WORKERS worker(s) beside a container churn, LOAD=$LOAD busy loop(s), load average $(cut -d' ' -f1-3 /proc/loadavg): $lost lost"
cat "$dir/lost"
if [ -r "$DOCKERD_LOG" ]; then
  echo "engine errors since $started: $(awk -F'"' -v since="$started" '$2 >= since && /stream copy error/' "$DOCKERD_LOG" | wc -l) \"stream copy error\" line(s) in $DOCKERD_LOG"
  awk -F'"' -v since="$started" '$2 >= since && /stream copy error/' "$DOCKERD_LOG" | tail -5
fi
