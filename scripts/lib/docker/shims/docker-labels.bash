# A note's `docker`, as a bash function: labels what a session creates (containers, images,
# networks, volumes) with io.kubia-notes.session=<id> (and the runner) so that cleanup and
# the leak check find exactly those objects and never touch anything else on the machine.
# Everything else is plain docker. The runner puts this function before every block (no
# extra process per docker call); the `docker` file next to it sources it for whatever the
# block starts that does not share its shell (xargs, scripts, `command docker`).
docker() {
  local real="${KUBIA_NOTES_REAL_DOCKER:?KUBIA_NOTES_REAL_DOCKER is not set}"
  local label="io.kubia-notes.session=${KUBIA_NOTES_SESSION:?KUBIA_NOTES_SESSION is not set}"
  # The runner (host:pid:start) too: what a killed run left is found and swept by the next.
  local runner="io.kubia-notes.runner=${KUBIA_NOTES_RUNNER:?KUBIA_NOTES_RUNNER is not set}"
  local args=("$@") out=() i=0
  # Global options before the subcommand (e.g. --context x) are passed through untouched.
  while [ $i -lt ${#args[@]} ] && [[ "${args[$i]}" == -* ]]; do
    out+=("${args[$i]}")
    case "${args[$i]}" in --context|--config|-c|-H|--host|-l|--log-level) i=$((i + 1)); out+=("${args[$i]:-}") ;; esac
    i=$((i + 1))
  done
  local sub="${args[$i]:-}" next="${args[$((i + 1))]:-}"
  case "$sub" in
    run | create | build)
      out+=("$sub" --label "$label" --label "$runner"); i=$((i + 1)) ;;
    container | image | network | volume)
      case "$next" in
        run | create | build) out+=("$sub" "$next" --label "$label" --label "$runner"); i=$((i + 2)) ;;
      esac ;;
    buildx)
      if [ "$next" = build ]; then out+=("$sub" "$next" --label "$label" --label "$runner"); i=$((i + 2)); fi ;;
    commit)
      out+=("$sub" --change "LABEL $label $runner"); i=$((i + 1)) ;;
  esac
  command "$real" "${out[@]}" "${args[@]:$i}"
}
