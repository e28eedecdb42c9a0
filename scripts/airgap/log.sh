# Logging and timing shared by the airgap scripts. Sourced, not run.
# shellcheck shell=bash
t0=$(date +%s%N)
log() { printf '[airgap] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# elapsed [START_NS]: time since START_NS (default: when the script started), e.g. "1.234 s".
elapsed() { local t; t=$(( ($(date +%s%N) - ${1:-$t0}) / 1000000 )); printf '%d.%03d s' $((t / 1000)) $((t % 1000)); }
# report_on_exit NAME: logs "NAME: done in …" or "NAME: FAILED (exit N) after …" when the script ends.
report_on_exit() {
  _airgap_script=$1
  trap '_rc=$?; if [ $_rc -eq 0 ]; then log "$_airgap_script: done in $(elapsed)"; else log "$_airgap_script: FAILED (exit $_rc) after $(elapsed)"; fi' EXIT
}
