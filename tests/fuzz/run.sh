#!/bin/sh
# make fuzz: runs each libFuzzer target for a bounded time, from its seeds
# and dictionary, keeping what it learns in a corpus of the build tree.
# Fails when a target finds an input that breaks it, and prints that input
# (hex and base64) so that it can be added to the seeds once fixed. A target
# named in FUZZ_OPEN has findings known and not yet fixed: it runs and its
# findings are printed, marked KNOWN OPEN, without failing the run.
#
# Usage: [FUZZ_OPEN='TARGET...'] run.sh SRCDIR FUZZDIR SECONDS TARGET...
set -u

srcdir=$1 dir=$2 seconds=$3
shift 3
failed="" known=""

# The largest input libFuzzer makes for a target: small keeps it fast.
max_len() {
	case $1 in
	layout) echo 1024 ;;
	search) echo 2048 ;;
	*) echo 4096 ;;
	esac
}

for t in "$@"; do
	prog=$dir/fuzz_$t
	corpus=$dir/corpus/$t
	findings=$dir/findings/$t
	log=$dir/fuzz-$t.log
	rm -rf "$findings"
	mkdir -p "$corpus" "$findings"
	set -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-max_len="$(max_len "$t")" -print_final_stats=1 \
		-artifact_prefix="$findings/"
	[ -f "$srcdir/tests/fuzz/dict/$t.dict" ] &&
		set -- "$@" -dict="$srcdir/tests/fuzz/dict/$t.dict"
	printf 'fuzz %s: %s s\n' "$t" "$seconds"
	if "$prog" "$@" "$corpus" "$srcdir/tests/fuzz/seeds/$t" > "$log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
		printf 'fuzz %s: %s executions, %s/s, no finding\n' "$t" "${runs:-?}" "${rate:-?}"
		continue
	fi
	case " ${FUZZ_OPEN:-} " in
	*" $t "*)
		known="$known $t"
		printf 'fuzz %s: KNOWN OPEN: a finding, not failing the run (FUZZ_OPEN); the end of %s:\n' "$t" "$log" ;;
	*)
		failed="$failed $t"
		printf 'fuzz %s: FAILED; the end of %s:\n' "$t" "$log" ;;
	esac
	tail -n 60 "$log"
	for f in "$findings"/*; do
		[ -f "$f" ] || continue
		printf -- '---- reproducer %s (%s bytes); replay: %s %s\n' \
			"$f" "$(wc -c < "$f")" "$prog" "$f"
		od -A d -t x1z "$f" | head -n 40
		printf 'base64: '
		base64 -w 0 "$f"
		echo
	done
done
[ -z "$known" ] ||
	printf 'make fuzz: findings in targets with known open findings:%s\n' "$known" >&2
if [ -n "$failed" ]; then
	printf 'make fuzz: findings in:%s\n' "$failed" >&2
	exit 1
fi
