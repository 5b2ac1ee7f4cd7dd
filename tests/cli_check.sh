# Sourced by the command-line tests: `check "what" EXIT PATTERN -- command...` runs the
# command, expects that exit code and a line matching PATTERN, and counts failures.
failures=0
check() {
  local what=$1 want=$2 pattern=$3; shift 4
  local output code
  output=$("$@" 2>&1); code=$?
  if [ "$code" -ne "$want" ] || ! grep -qE -- "$pattern" <<<"$output"; then
    echo "FAILED: $what (exit $code, wanted $want; pattern '$pattern')"; echo "$output" | head -20
    failures=$((failures + 1))
  else
    echo "ok: $what"
  fi
}
