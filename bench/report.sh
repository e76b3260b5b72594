# make bench's shared pieces, sourced by bench/run.sh: timing two whole
# programs against each other in the same run, PASS or MISS per target,
# and the summary that lists the misses last and gives the exit status.
# Every section calls these, so that a verdict means the same everywhere:
# PASS only for what a whole program achieves, timed from the outside.
# Needs $out (the output folder) set by the caller.

have() {
	command -v "$1" >/dev/null 2>&1
}

# calc EXPR: floating-point arithmetic through awk.
calc() {
	awk "BEGIN { printf \"%.2f\", $1 }"
}

# verdict COND: PASS when the awk condition COND holds, else MISS.
verdict() {
	if [ "$(awk "BEGIN { print ($1) ? 1 : 0 }")" = 1 ]; then echo PASS; else echo MISS; fi
}

# inproc COND: the same test for an in-process figure, which is breakdown,
# not a verdict: "met" or "not met".
inproc() {
	if [ "$(awk "BEGIN { print ($1) ? 1 : 0 }")" = 1 ]; then echo met; else echo "not met"; fi
}

# report_start: forgets the verdicts of an earlier run.
report_start() {
	: > "$out/verdicts"
}

# row_verdict ROW TARGET FIGURE COND: PASS or MISS for the table, and the
# same recorded for the summary. ROW names the row ("dump mixed-10M.txt"),
# TARGET what it must achieve ("qarin <= fribidi"), FIGURE what it did
# ("1.49x"); COND is an awk condition, or "-" when the row could not be
# measured (a missing peer program, a failed run), which counts as a miss.
row_verdict() {
	if [ "$4" = - ]; then
		v=MISS
		set -- "$1" "$2" "not measured${3:+: $3}"
	else
		v=$(verdict "$4")
	fi
	printf '%s\t%s\t%s\t%s\n' "$v" "$1" "$2" "$3" >> "$out/verdicts"
	echo "$v"
}

# report_summary: prints how many targets passed, then the misses last;
# returns 1 when one missed (or nothing was measured), else 0.
report_summary() {
	awk -F '\t' '
		{ n++; if ($1 == "PASS") p++; else miss[++m] = $2 ": " $3 " (" $4 ")" }
		END {
			print ""
			print "== summary: whole program vs whole program =="
			printf "%d targets: %d PASS, %d MISS\n", n, p, m
			if (m > 0) {
				print "MISSED:"
				for (i = 1; i <= m; i++) print "  " miss[i]
			}
			exit (m > 0 || n == 0) ? 1 : 0
		}' "$out/verdicts"
}

# median: the median of the numbers on standard input, "-" when none.
median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "-"; exit }
		print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# time_pair NAME WARMUP RUNS CMD_A CMD_B: times two whole programs (each a
# command line without shell syntax, output discarded) in the same run,
# interleaved: WARMUP runs of each, then RUNS rounds of A then B, or B
# then A every other round (whichever runs first may find the file less
# cached: a machine may page out what has not been read for a while). Sets
# med_a and med_b to their median wall-clock times in seconds and med_r to
# the median of the rounds' ratios A/B ("-" when a program failed). The
# ratio of one round compares two runs a few milliseconds apart, so a drift
# of the machine's speed during the row moves both sides alike.
# With hyperfine: one call per round (hyperfine -N -r 1; the first call
# also does the warm-up runs), its JSON kept as $out/NAME.json (the last
# round) and the times as $out/NAME.a and NAME.b; else each run is timed
# with date +%s%N.
# time_pair_pipe=1: the output goes through a pipe (hyperfine --output=pipe;
# a file in the loop), not to /dev/null, where grep stops at the first match;
# and an exit status of 1 (grep and qarin --search finding nothing) is no
# failure.
time_pair() {
	tp_name=$1 tp_warm=$2 tp_runs=$3 tp_a=$4 tp_b=$5
	med_a=- med_b=- med_r=-
	tp_opts= tp_sink=/dev/null
	if [ -n "${time_pair_pipe:-}" ]; then
		tp_opts="--output=pipe -i" tp_sink=$out/$tp_name.out
	fi
	: > "$out/$tp_name.a"
	: > "$out/$tp_name.b"
	: > "$out/$tp_name.hyperfine"
	tp_hf=
	have hyperfine && [ -z "${QARIN_BENCH_NO_HYPERFINE:-}" ] && tp_hf=1
	set -f
	i=0
	while [ $i -lt "$tp_runs" ]; do
		if [ -n "$tp_hf" ]; then
			tp_w=0
			[ $i = 0 ] && tp_w=$tp_warm
			tp_1=$tp_a tp_2=$tp_b
			[ $((i % 2)) = 1 ] && tp_1=$tp_b tp_2=$tp_a
			rm -f "$out/$tp_name.json"
			# shellcheck disable=SC2086
			if ! hyperfine -N $tp_opts -w "$tp_w" -r 1 --style none \
				--export-json "$out/$tp_name.json" "$tp_1" "$tp_2" \
				>> "$out/$tp_name.hyperfine" 2>&1; then
				set +f
				return 0
			fi
			set -- $(sed -n 's/^ *"median": *\([0-9.eE+-]*\).*/\1/p' "$out/$tp_name.json")
			[ $# = 2 ] || { set +f; return 0; }
			if [ $((i % 2)) = 1 ]; then
				echo "$2" >> "$out/$tp_name.a"
				echo "$1" >> "$out/$tp_name.b"
			else
				echo "$1" >> "$out/$tp_name.a"
				echo "$2" >> "$out/$tp_name.b"
			fi
		else
			[ $i = 0 ] && tp_n=$((tp_warm + 1)) || tp_n=1
			tp_sides="a b"
			[ $((i % 2)) = 1 ] && tp_sides="b a"
			for side in $tp_sides; do
				eval "cmd=\$tp_$side"
				j=0
				while [ $j -lt $tp_n ]; do
					t0=$(date +%s%N)
					tp_rc=0
					# shellcheck disable=SC2086
					$cmd > "$tp_sink" 2>> "$out/$tp_name.stderr" || tp_rc=$?
					t1=$(date +%s%N)
					if [ $tp_rc != 0 ] && { [ -z "${time_pair_pipe:-}" ] || [ $tp_rc != 1 ]; }; then
						set +f
						return 0
					fi
					j=$((j + 1))
				done
				awk "BEGIN { print ($t1 - $t0) / 1e9 }" >> "$out/$tp_name.$side"
			done
		fi
		i=$((i + 1))
	done
	set +f
	rm -f "$out/$tp_name.out"
	med_a=$(median < "$out/$tp_name.a")
	med_b=$(median < "$out/$tp_name.b")
	med_r=$(paste "$out/$tp_name.a" "$out/$tp_name.b" | awk '$2 > 0 { print $1 / $2 }' | median)
}

# inputs_check FILE...: prints the sha256 of each generated input, keeps
# them as $out/inputs.sha256, and says whether they changed since the
# run that wrote that file.
inputs_check() {
	(cd "$out" && sha256sum "$@") > "$out/inputs.sha256.new"
	echo "inputs (sha256, kept in $(basename "$out")/inputs.sha256):"
	sed 's/^/  /' "$out/inputs.sha256.new"
	if [ ! -f "$out/inputs.sha256" ]; then
		echo "  (first run: nothing to compare with)"
	elif cmp -s "$out/inputs.sha256" "$out/inputs.sha256.new"; then
		echo "  unchanged since the last run"
	else
		echo "  CHANGED since the last run: figures are not comparable with it:"
		diff "$out/inputs.sha256" "$out/inputs.sha256.new" | sed -n 's/^[<>]/ &/p'
	fi
	mv "$out/inputs.sha256.new" "$out/inputs.sha256"
}
