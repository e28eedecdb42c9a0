# What every block's shell runs first. A block stops at its first failing command, as under
# `set -e` (same contexts: not in `if`/`while` tests, `&&`/`||` lists but the last, `!`), with
# pipefail, but the verdict follows what the reader's terminal shows: an earlier member of a
# pipeline killed by SIGPIPE (status 141) because a later one stopped reading
# (`kubectl explain … | head -5`, `yes | head -1`) is no failure. Any other failure of any
# member still is (`false | cat`), and so is SIGPIPE of the last member.
# `set -E` carries the ERR trap into functions, `( … )` and `$( … )`; unlike `set -e`, a
# failing command inside `$( … )` therefore ends that substitution too.
set -Euo pipefail
exec 2>&1
__kn_failing=
__kn_rescued=
__kn_rescued_depth=0

# $1: the failed command's status, $2: the command, then PIPESTATUS.
__kn_on_error() {
  local rc=$1 command=$2 count=$(($# - 2)) i=0 status
  shift 2
  # The runner's eval of the block (scripts/lib/run/shell.ts): its status is the block's last
  # command's, already judged here when it ran; the shell ends with it (see __kn_on_exit).
  # shellcheck disable=SC2016
  [ "$command" = 'eval "$(< "$__kn_block_file")"' ] && return 0
  for status in "$@"; do
    i=$((i + 1))
    [ "$status" = 0 ] && continue
    [ "$status" = 141 ] && [ "$i" -lt "$count" ] && continue
    # A function whose last command was such a pipeline returns its 141: no command ran since
    # (the same last command, in this process), and the call is shallower than the pipeline.
    if [ "$status" = 141 ] && [ "$count" = 1 ] && [ "$__kn_rescued" = "$BASHPID $command" ] && [ "${#FUNCNAME[@]}" -lt "$__kn_rescued_depth" ]; then
      __kn_rescued_depth=${#FUNCNAME[@]}
      return 0
    fi
    __kn_failing=1
    exit "$rc"
  done
  __kn_rescued="$BASHPID $command"
  __kn_rescued_depth=${#FUNCNAME[@]}
  # A subshell or `$( … )` whose last command was that pipeline ends with 0, not its 141.
  if [ "$BASH_SUBSHELL" -gt 0 ]; then
    case "$(trap -p EXIT)" in '' | *__kn_on_exit*) trap __kn_on_exit EXIT ;; esac
  fi
}

__kn_on_exit() {
  local rc=$?
  if [ "$rc" = 141 ] && [ -z "$__kn_failing" ] && [ "${__kn_rescued%% *}" = "$BASHPID" ]; then exit 0; fi
}

trap '__kn_on_error "$?" "$BASH_COMMAND" "${PIPESTATUS[@]}"' ERR
trap __kn_on_exit EXIT

# A transcript block's commands each start with `__kn_mark NONCE I;` and the block ends with
# `__kn_mark NONCE end` (scripts/lib/run/command-marks.ts): the mark prints the status of the
# command before it and where the next one begins, so the runner can split the output
# command by command. A pipeline rescued above (141 from a reader that stopped) counts as 0.
# The end mark returns the last command's status, so the block ends as it would unmarked.
__kn_mark() {
  local rc=$?
  if [ "$rc" = 141 ] && [ -n "$__kn_rescued" ] && [ "${__kn_rescued%% *}" = "$BASHPID" ]; then rc=0; fi
  __kn_rescued=
  printf '\036kn:%s:%s:%s\036\n' "$1" "$2" "$rc"
  if [ "$2" = end ]; then return "$rc"; fi
}
