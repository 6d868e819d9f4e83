#!/usr/bin/env bash
# Runs every test: the host unit tests (cmocka, against a fake arch), static
# analysis (cppcheck), host fuzzing (libFuzzer, bounded runs from seed
# corpora, each held to a coverage floor), a million SMCs fuzzed from the
# normal world on two CPUs (make fuzz-smc), the QEMU integration tests
# (pytest, each a bounded boot) and mutation testing of the secure world's
# checks (make mutants, its unit tier beside the QEMU tier at idle priority;
# the QEMU tests that passed are its baselines); the Debian system's base is
# built in the background of the host tiers. Prints one
# summary line "check: N passed, N failed" and exits non-zero on any failure.
set -uo pipefail

unit="" build=build
while [ $# -gt 0 ]; do
	case "$1" in
	--unit) unit=$2; shift ;;
	--build) build=$2; shift ;;
	*) echo "check.sh: unknown option '$1'" >&2; exit 2 ;;
	esac
	shift
done

passed=0 failed=0
count() {   # count "<text containing 'N passed' and 'N failed'>"
	local p f
	p=$(grep -o '[0-9]\+ passed' <<<"$1" | tail -n 1 | grep -o '[0-9]\+')
	f=$(grep -o '[0-9]\+ failed' <<<"$1" | tail -n 1 | grep -o '[0-9]\+')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
}

# Debian's pytest belongs to Debian's interpreter, whatever python3 is first
# on PATH.
py=/usr/bin/python3
[ -x "$py" ] || py=python3

# The Debian system's base (guest/debian/mkrootfs.sh --base: Debian's archive
# and some two minutes of one CPU on a new machine) is made while the host
# tiers run; the QEMU tier's Debian test waits for it (the script's lock)
# and reports what went wrong, if anything did.
mkdir -p "$build"
guest/debian/mkrootfs.sh --base >"$build/debian-base.log" 2>&1 </dev/null &

echo "== host unit tests"
out=$("$unit" 2>&1)
rc=$?
echo "$out" | grep -E '^\[  (FAILED|PASSED) \]|^unit:|FAIL|Error|error' | tail -n 20
line=$(grep -E '^unit: [0-9]+ passed, [0-9]+ failed' <<<"$out" | tail -n 1)
if [ -z "$line" ]; then
	echo "check: the unit test runner printed no summary (exit $rc)"
	failed=$((failed + 1))
else
	count "$line"
	if [ $rc -ne 0 ] && [[ "$line" == *" 0 failed" ]]; then
		failed=$((failed + 1))   # crashed or failed without counting it
	fi
fi

echo "== static analysis (make lint)"
if make -s lint; then
	passed=$((passed + 1)); echo "lint: 1 passed, 0 failed"
else
	failed=$((failed + 1)); echo "lint: 0 passed, 1 failed"
fi

echo "== host fuzzing (make fuzz: seed corpora, a fresh seed, coverage floors of test/fuzz/floors)"
out=$(make -s fuzz 2>&1)
echo "$out"
# One test per row of test/fuzz/floors: passed only on its "ok" line, which
# scripts/fuzz-host prints when the run completed within its time limits
# and reached the floor; a target with no line at all (not built, not run)
# is a failure too.
for t in $(awk '!/^#/ && NF { print $1 }' test/fuzz/floors); do
	if grep -q "^fuzz: $t seed [0-9]*: ok, " <<<"$out"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		grep -q "^fuzz: $t seed " <<<"$out" || echo "check: $t did not run"
	fi
done

echo "== SMC fuzzing from the normal world (make fuzz-smc: seed 1, 2 CPUs x 500000 calls)"
out=$(make -s fuzz-smc SEED=1 COUNT=500000 SMP=2 2>&1)
rc=$?
echo "$out" | tail -n 12
if [ $rc -eq 0 ] && grep -q '^smc-fuzz: 1000000 calls in .* 0 failed$' <<<"$out"; then
	passed=$((passed + 1)); echo "fuzz-smc: 1 passed, 0 failed"
else
	failed=$((failed + 1)); echo "fuzz-smc: 0 passed, 1 failed (exit $rc)"
fi

# Mutation testing starts now: the unit tier of its mutants (builds and
# runs on the host, some 7 CPU-minutes) takes only the CPU time the QEMU
# tier leaves (SCHED_IDLE); its QEMU tiers wait for the QEMU tier's end
# (the file qemu-tier.done), whose passed tests are their baselines.
rm -f "$build/pytest.xml" "$build/qemu-tier.done"
scripts/mutants --build "$build" --passed "$build/pytest.xml" --after "$build/qemu-tier.done" \
	>"$build/mutants.log" 2>&1 </dev/null &
mutants=$!
trap 'kill $mutants 2>/dev/null' EXIT

echo "== QEMU integration tests"
# (--durations: the slowest boots, where CI time goes; --junitxml: which
# tests passed, so make mutants need not run them again as baselines.)
TZVMM_BUILD=$build "$py" -m pytest -q -p no:cacheprovider --durations=12 \
	--junitxml="$build/pytest.xml" test/qemu 2>&1 | tee "$build/pytest.log"
rc=${PIPESTATUS[0]}
summary=$(grep -E '[0-9]+ (passed|failed)' "$build/pytest.log" | tail -n 1)
if [ -z "$summary" ]; then
	echo "check: pytest ran no test (exit $rc)"
	failed=$((failed + 1))
else
	count "$summary"
	if [ $rc -ne 0 ] && ! grep -q '[1-9][0-9]* failed' <<<"$summary"; then
		failed=$((failed + 1))   # an error pytest did not count as a failure
	fi
fi
touch "$build/qemu-tier.done"
echo "== mutation testing (make mutants: each mutant of test/mutants/mutants.txt must be caught)"
wait $mutants
rc=$?
trap - EXIT
out=$(cat "$build/mutants.log")
echo "$out"
line=$(grep -E '^mutants: [0-9]+ caught, [0-9]+ survived' <<<"$out" | tail -n 1)
if [ -z "$line" ]; then
	failed=$((failed + 1)); echo "check: make mutants did not run (exit $rc)"
else
	c=$(grep -o '[0-9]\+ caught' <<<"$line" | grep -o '[0-9]\+')
	s=$(grep -o '[0-9]\+ survived' <<<"$line" | grep -o '[0-9]\+')
	b=$(grep -o '[0-9]\+ broken' <<<"$line" | grep -o '[0-9]\+' || true)
	passed=$((passed + c)); failed=$((failed + s + ${b:-0}))
	if [ $rc -ne 0 ] && [ $((s + ${b:-0})) -eq 0 ]; then
		failed=$((failed + 1))   # failed without counting it
	fi
fi

[ "$failed" -eq 0 ] || echo "check: logs of failed boots are in $build/test-logs/"
echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
