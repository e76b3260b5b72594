#!/bin/sh
# make bench: generates mixed Arabic/French files of 1, 10 and 100 MB and one
# 10 MB line with no newline, then times whole programs from the outside
# against their peers in the same run: `qarin --dump` against the fribidi
# program on each file, qarin's start-up against fribidi's and less -F's,
# and the reader's jump to the end of 100 MB against less and vim; only
# these give PASS or MISS (bench/report.sh). Next to them, as breakdown,
# qarin's ingest and layout in process (bench/qarin-bench) and the reader's
# frame log (bench/frames.sh).
# Between them, the alignment of a generated 1 MB x 1 MB parallel pair and of
# the corpus pair, and anchor extraction and pairing on 1 MB of Arabic
# (bench/align-bench), in process, and the start-up of `qarin --compare`
# on two small files next to the --dump of a one-paragraph Arabic file,
# whole programs.
# Then the comparison scored against the gold alignments of the evaluation
# set (bench/eval-score, bench/eval/GENERATED).
# Exit status: 0 when every target passed, 1 when one missed (the misses
# are listed last).
# Usage: run.sh SRCDIR BUILDDIR   (1 MB = 10^6 bytes throughout)
set -eu

srcdir=${1:?usage: run.sh SRCDIR BUILDDIR}
builddir=${2:?usage: run.sh SRCDIR BUILDDIR}
out=$builddir/bench/out
bench=$builddir/bench/qarin-bench
gen=$builddir/bench/gen
qarin=$builddir/qarin
width=80
LC_ALL=C.UTF-8
export LC_ALL

. "$srcdir/bench/report.sh"

# Seconds since the epoch with nanoseconds (GNU date).
now() {
	date +%s.%N
}

# field NAME LINE: the value of NAME=value in a qarin-bench line.
field() {
	printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# time_cmd RUNS COMMAND...: the best of RUNS timings of a command with its
# output discarded, in seconds; "-" when it fails.
time_cmd() {
	runs=$1
	shift
	best=""
	while [ "$runs" -gt 0 ]; do
		t0=$(now)
		# A file, not /dev/null: grep stops at its first match there.
		if ! "$@" > "$out/stdout.tmp" 2> "$out/stderr.tmp"; then
			echo "-"
			return
		fi
		t1=$(now)
		t=$(awk "BEGIN { printf \"%.6f\", $t1 - $t0 }")
		if [ -z "$best" ] || [ "$(awk "BEGIN { print ($t < $best) }")" = 1 ]; then
			best=$t
		fi
		runs=$((runs - 1))
	done
	echo "$best"
}

echo "== qarin benchmark (width $width; 1 MB = 10^6 bytes) =="
missing=""
for tool in hyperfine less vim; do
	have "$tool" || missing="$missing $tool"
done
if ! have fribidi; then
	echo "note: the fribidi program is missing (Debian package libfribidi-bin, which ./bootstrap installs):"
	echo "      its column stays empty"
fi
if [ -n "$missing" ]; then
	echo "note: optional tools missing:$missing (./bootstrap --bench-tools installs them)"
fi

# The texts: the real-world corpus when present, else the built-in samples.
corpus=${QARIN_CORPUS:-$srcdir/../shared/corpus}
if [ -f "$corpus/ar-kaspersky-alwafd.txt" ] && [ -f "$corpus/fr-kaspersky.txt" ]; then
	texts="$corpus/ar-kaspersky-alwafd.txt $corpus/fr-kaspersky.txt"
	echo "texts: the corpus (ar-kaspersky-alwafd.txt, fr-kaspersky.txt)"
else
	texts="$srcdir/data/samples/ar-sample.txt $srcdir/data/samples/fr-sample.txt"
	echo "texts: the built-in samples (ar-sample.txt, fr-sample.txt)"
fi

# Generates a file unless an up-to-date copy from the same texts exists.
mkdir -p "$out"
echo "$texts" > "$out/texts.new"
if ! cmp -s "$out/texts.new" "$out/texts" 2>/dev/null; then
	rm -f "$out"/*.txt
	mv "$out/texts.new" "$out/texts"
else
	rm -f "$out/texts.new"
fi
generate() {
	name=$1
	shift
	if [ ! -s "$out/$name" ] || [ "$gen" -nt "$out/$name" ]; then
		# shellcheck disable=SC2086
		"$gen" "$@" "$out/$name" $texts
	fi
}
generate mixed-1M.txt 1M
generate mixed-10M.txt 10M
generate mixed-100M.txt 100M
generate line-10M.txt --single-line 10M
files="mixed-1M.txt mixed-10M.txt mixed-100M.txt line-10M.txt"
# For the start-up: one line. For the reader's jump: the 100 MB file with
# a last line each program's screen can be searched for.
end_marker=qarin-bench-end-of-file
printf 'qarin start-up: one line of text.\n' > "$out/one-line.txt"
if [ ! -s "$out/reader-100M.txt" ] || [ "$out/mixed-100M.txt" -nt "$out/reader-100M.txt" ]; then
	{ cat "$out/mixed-100M.txt"; printf '\n%s\n' "$end_marker"; } > "$out/reader-100M.txt"
fi
# Text that NFC rewrites all along (accents decomposed): what the reader's
# memory costs when the text it holds is not the file's bytes.
if have uconv && { [ ! -s "$out/mixed-100M-nfd.txt" ] || [ "$out/mixed-100M.txt" -nt "$out/mixed-100M-nfd.txt" ]; }; then
	uconv -f UTF-8 -t UTF-8 -x nfd < "$out/mixed-100M.txt" > "$out/mixed-100M-nfd.txt"
fi
nfd_file=
[ -s "$out/mixed-100M-nfd.txt" ] && nfd_file=$out/mixed-100M-nfd.txt
[ -n "$nfd_file" ] || echo "note: uconv (icu-devtools) is missing: no decomposed 100 MB file for the reader's memory"
inputs_check $files one-line.txt reader-100M.txt
failed=0
report_start

# ---- whole programs: qarin --dump against the fribidi program ---------------
# Both timed in turn (time_pair: the median of the rounds' ratios); the
# in-process figures of bench/qarin-bench next to
# them say where qarin's time goes.
echo
echo "== qarin --dump --width=$width vs fribidi --width $width: whole programs, same run (target: qarin <= fribidi) =="
printf '%-16s %6s %9s %9s %7s %-7s | %-38s\n' '' '' '' '' '' '' 'breakdown, in process (qarin-bench)'
printf '%-16s %6s %9s %9s %7s %-7s | %8s %8s %8s %6s %7s\n' \
	file MB 'qarin s' 'fribidi s' q/f verdict 'ingest' 'layout' 'layout/' model/ peakRSS/
printf '%-16s %6s %9s %9s %7s %-7s | %8s %8s %8s %6s %7s\n' \
	'' '' median median '' '' 'MB/s' 'MB/s' fribidi size size
# secs S: seconds with three decimals, "-" as it is.
secs() {
	if [ "$1" = - ]; then echo -; else awk "BEGIN { printf \"%.3f\", $1 }"; fi
}
for f in $files; do
	path=$out/$f
	if ! line=$("$bench" --width="$width" "$path"); then
		echo "$f: qarin-bench failed" >&2
		failed=1
		line="size=$(wc -c < "$path") ingest_s=0 layout_s=0 model_bytes=0 maxrss_kb=0"
	fi
	size=$(field size "$line")
	mb=$(calc "$size / 1e6")
	ingest=$(calc "$mb / ($(field ingest_s "$line") + 1e-9)")
	layout=$(calc "$mb / ($(field layout_s "$line") + 1e-9)")
	model=$(calc "$(field model_bytes "$line") / $size")
	rss=$(calc "$(field maxrss_kb "$line") * 1024 / $size")
	runs=5
	[ "$size" -gt 50000000 ] && runs=3
	[ "$size" -gt 5000000 ] || runs=10
	q=- fr=- ratio=- inratio=- cond=-
	if have fribidi; then
		time_pair "dump-${f%.txt}" 3 "$runs" \
			"$qarin --dump --width=$width $path" "fribidi --width $width $path"
		q=$med_a fr=$med_b
		if [ "$med_r" != - ]; then
			ratio=$(calc "$med_r")
			inratio=$(calc "$layout / ($mb / $fr)")
			cond="$med_r <= 1"
		fi
	fi
	v=$(row_verdict "dump $f" "qarin --dump <= fribidi" "${ratio}x fribidi's time" "$cond")
	printf '%-16s %6s %9s %9s %7s %-7s | %8s %8s %8s %6s %7s\n' "$f" "$mb" \
		"$(secs "$q")" "$(secs "$fr")" "$ratio" "$v" "$ingest" "$layout" "$inratio" "$model" "$rss"
done
have fribidi || echo "(the fribidi program is missing: the rows are not measured)"
echo "qarin s, fribidi s: the whole programs on the same file, output discarded, in turn: 3"
echo "warm-ups each, then 10/5/3 rounds of both, each first in every other round (hyperfine -N -r 1; times"
echo "in $(basename "$out")/dump-*.a and .b); the medians of each. q/f: the median of the rounds'"
echo "ratios of qarin's time over fribidi's. Breakdown, in process: ingest (doc_load_file), layout"
echo "(layout_block on every block), layout/fribidi (in-process layout throughput over the"
echo "fribidi program's), model (heap of the loaded document), peakRSS (qarin-bench's peak resident"
echo "memory), both over the file size. The fribidi program cuts lines longer than 65 KB into"
echo "independent pieces; qarin lays line-10M.txt out as one paragraph."

# ---- whole programs: start-up -------------------------------------------------
# qarin --dump of a one-line file against the fribidi program and less -F
# on the same file (less -F with its output not a terminal copies it out).
echo
echo "== start-up: a one-line file, whole programs, same run (target: qarin within 2x) =="
printf '%-22s %9s %9s %7s %s\n' peer 'qarin ms' 'peer ms' q/peer verdict
# startup_row NAME PEER-COMMAND: one row against one peer program.
startup_row() {
	ratio=- cond=- q=- p=-
	if have "${2%% *}"; then
		time_pair "startup-$1" 3 30 "$qarin --dump --width=$width $out/one-line.txt" \
			"$2 $out/one-line.txt"
		if [ "$med_a" != - ] && [ "$med_b" != - ]; then
			q=$(calc "$med_a * 1000") p=$(calc "$med_b * 1000")
			ratio=$(calc "$med_r")
			cond="$ratio <= 2"
		fi
	fi
	printf '%-22s %9s %9s %7s %s\n' "$2" "$q" "$p" "$ratio" \
		"$(row_verdict "start-up vs $1" "qarin --dump <= 2 x $2" "${ratio}x" "$cond")"
}
startup_row fribidi "fribidi --width $width"
startup_row less "less -F"
echo "qarin: qarin --dump --width=$width of one-line.txt; 3 warm-ups each, then 30 rounds of both,"
echo "each first in every other round; medians, and q/peer the median of the rounds' ratios (times in"
echo "$(basename "$out")/startup-*.a and .b)."

# ---- comparison: alignment of two documents (bench/align-bench) --------------
# A parallel pair of at least 1 MB each built from the parallel test pair
# (some paragraphs dropped from B, some pairs merged), then the corpus pair.
echo
echo "== comparison: alignment, in process: breakdown (aim: 1 MB x 1 MB under 1 s) =="
abench=$builddir/bench/align-bench
pair="$srcdir/tests/fixtures/parallel"
printf '%-22s %6s %6s %7s %7s %10s %8s %8s %s\n' \
	pair 'A MB' 'B MB' blocks mode 'anchors s' 'align s' 'pane us' aim
align_row() {
	name=$1
	shift
	if ! line=$("$abench" "$@"); then
		echo "$name: align-bench failed" >&2
		failed=1
		return
	fi
	t=$(field align_s "$line")
	v=$(inproc "$t < 1")
	printf '%-22s %6s %6s %7s %7s %10s %8s %8s %s\n' "$name" \
		"$(awk "BEGIN { printf \"%.3f\", $(field size_a "$line") / 1e6 }")" \
		"$(awk "BEGIN { printf \"%.3f\", $(field size_b "$line") / 1e6 }")" \
		"$(field blocks_a "$line")/$(field blocks_b "$line")" "$(field mode "$line")" \
		"$(field anchors_s "$line")" "$t" "$(field lookup_us "$line")" "$v"
}
align_row parallel-1MBx1MB --pair "$pair/fr-original.txt" "$pair/ar-translation.txt" 1000000
if [ -f "$corpus/ar-kaspersky-alwafd.txt" ] && [ -f "$corpus/fr-kaspersky.txt" ]; then
	align_row corpus-ar-fr "$corpus/ar-kaspersky-alwafd.txt" "$corpus/fr-kaspersky.txt"
fi
echo "align s: align_docs, anchor extraction included; anchors s: extraction alone, both"
echo "documents; pane us: links, findings and the scroll mapping of one block (per block);"
echo "the best of three runs."
# Anchors alone: the Arabic text repeated to 1 MB (2^20 bytes), its anchors
# extracted and paired with themselves; processor time next to wall-clock
# time, so that other work on the machine can be told apart.
if [ -f "$corpus/ar-kaspersky-alwafd.txt" ]; then
	anchor_text=$corpus/ar-kaspersky-alwafd.txt
else
	anchor_text=$srcdir/data/samples/ar-sample.txt
fi
echo
echo "== anchors: $(basename "$anchor_text") repeated to 1 MB, in process: breakdown (aim: each step under 1 s of CPU) =="
if line=$("$abench" --anchors "$anchor_text" 1048576); then
	printf '%8s %8s %8s %10s %9s %8s %9s %s\n' MB anchors pairs 'extract s' 'CPU s' 'pair s' 'CPU s' aim
	printf '%8s %8s %8s %10s %9s %8s %9s %s\n' \
		"$(awk "BEGIN { printf \"%.3f\", $(field size "$line") / 1e6 }")" \
		"$(field anchors "$line")" "$(field pairs "$line")" \
		"$(field extract_s "$line")" "$(field extract_cpu_s "$line")" \
		"$(field pair_s "$line")" "$(field pair_cpu_s "$line")" \
		"$(inproc "$(field extract_cpu_s "$line") < 1 && $(field pair_cpu_s "$line") < 1")"
	echo "extract: anchor_extract_doc; pair: anchor_pairs_find of the list with itself; the best of"
	echo "three runs."
else
	echo "align-bench --anchors failed" >&2
	failed=1
fi

# Start-up: --compare of two one-paragraph files against the --dump of a
# one-paragraph Arabic file, which opens ICU as a comparison does (--version
# opens no library on first use, so it no longer stands for the program's
# loading), in turn (time_pair). What a small comparison costs beyond
# loading the program is its tables (transliterators, month and country
# names, the dictionaries): the target keeps them lazy.
printf 'Le titre\n\nUn court paragraphe en 2024 avec Paris.\n' > "$out/small-a.txt"
printf 'The title\n\nA short paragraph in 2024 with Paris.\n' > "$out/small-b.txt"
echo
printf 'عنوان قصير\n\nفقرة قصيرة في 2024 عن باريس.\n' > "$out/small-ar.txt"
echo "== start-up: qarin --compare of two small files (target: within 2.5 x qarin --dump of one Arabic paragraph) =="
time_pair startup-compare 5 40 "$qarin --compare $out/small-a.txt $out/small-b.txt" \
	"$qarin --dump $out/small-ar.txt"
if [ "$med_r" != - ]; then
	ratio=$(calc "$med_r")
	printf '%14s %14s %7s %s\n' 'dump-ar ms' 'compare ms' ratio verdict
	printf '%14s %14s %7s %s\n' "$(awk "BEGIN { printf \"%.1f\", $med_b * 1000 }")" \
		"$(awk "BEGIN { printf \"%.1f\", $med_a * 1000 }")" "$ratio" \
		"$(row_verdict "start-up of --compare" "qarin --compare <= 2.5 x qarin --dump (Arabic)" "${ratio}x" "$med_r <= 2.5")"
	echo "medians of the whole program, 5 warm-ups each, then 40 rounds of both, each first in every"
	echo "other round;"
	echo "ratio: the median of the rounds' ratios."
else
	echo "start-up: a run failed" >&2
	failed=1
fi
# ---- end of the comparison section ---------------------------------------------

# ---- evaluation: the comparison against gold alignments (bench/eval-score) ---
# The hand-translated articles of bench/eval cut into pairs of documents, one
# sentence per block, with their gold alignment (bench/eval/GENERATED says
# how); qarin's links and findings scored against it, next to the figures of
# bench/eval/baseline.tsv (the program before the evaluation existed).
echo
echo "== evaluation of the comparison against gold alignments (bench/eval) =="
escore=$builddir/bench/eval-score
if [ -d "$srcdir/bench/eval/src" ]; then
	eval_base=$srcdir/bench/eval/baseline.tsv
	if [ -f "$eval_base" ]; then
		set -- --baseline "$eval_base"
	else
		set --
	fi
	"$escore" --qarin "$qarin" --data "$srcdir/bench/eval" \
		--out "$builddir/bench/eval-out" "$@" > "$out/eval.txt" || failed=1
	cat "$out/eval.txt"
	# The scorer's targets ("TARGET  NOW  BASE  VERDICT") join the summary:
	# they are figures of the whole program against the gold.
	sed -n '/^target /,/^prec, recall/p' "$out/eval.txt" | sed '1d;$d' |
	while IFS= read -r tline; do
		set -- $tline
		eval "tv=\${$#}"
		tnow=$(printf '%s\n' "$tline" | awk '{ print $(NF - 2) }')
		tname=$(printf '%s\n' "$tline" | awk '{ NF -= 3; print }')
		row_verdict "evaluation" "$tname" "$tnow" "$([ "$tv" = PASS ] && echo 1 || echo 0)" > /dev/null
	done
	[ -f "$eval_base" ] && sed -n 's/^# \(baseline: .*\)/\1/p' "$eval_base"
else
	echo "note: bench/eval/src is missing: the evaluation is skipped"
fi
# ---- end of the evaluation ------------------------------------------------------

# ---- whole programs: the reader's jump to the end ---------------------------
# G shortly after opening 100 MB, timed from the outside in tmux until the
# last line is on screen, for qarin, less and vim in turn (bench/jump.sh).
if have tmux; then
	echo
	echo "== the reader: G 0.3 s after opening 100 MB, until the last line is on screen (target: qarin <= 100 ms) =="
	if jline=$(sh "$srcdir/bench/jump.sh" "$qarin" "$out/reader-100M.txt" "$end_marker" 3); then
		j() { printf '%s\n' "$jline" | awk -v p="$1" '$1 == p { print $2 }'; }
		jq=$(j qarin)
		printf '%-8s %9s %9s %9s %11s %9s  %s\n' '' 'qarin ms' 'less ms' 'vim ms' 'qarin log' 'poll ms' verdict
		cond=-
		[ "$jq" = - ] || cond="$jq <= 100"
		printf '%-8s %9s %9s %9s %11s %9s  %s\n' G "$jq" "$(j less)" "$(j vim)" "$(j qarin-log)" "$(j poll)" \
			"$(row_verdict "reader G after opening reader-100M.txt" "end on screen <= 100 ms" "$jq ms" "$cond")"
		echo "The median of 3 runs each, the programs in turn, from the key (tmux send-keys done) until"
		echo "the screen shows the file's last line. qarin log: its frame log's line for G (measured"
		echo "inside, breakdown). poll ms: what one look at the screen costs now, the resolution."
	else
		echo "bench/jump.sh failed" >&2
		failed=1
	fi
else
	echo "note: tmux is missing: the reader is not measured"
fi
# ---- whole programs: the reader's frames while a search runs ----------------
# /WORD Enter on the loaded 100 MB file, the word only on its last line, PgDn
# meanwhile: the longest frame from the frame log (bench/search-frames.sh).
if have tmux; then
	echo
	echo "== the reader: /word on 100 MB, the longest frame while the search runs (target: <= 50 ms) =="
	if sline=$(sh "$srcdir/bench/search-frames.sh" "$qarin" "$out/reader-100M.txt" "$end_marker"); then
		set -- $sline
		cond=-
		[ "$2" = - ] || [ "$8" != yes ] || cond="$2 <= 50"
		printf '%-8s %11s %9s %9s %6s  %s\n' '' 'longest ms' 'keys ms' 'idle ms' found verdict
		printf '%-8s %11s %9s %9s %6s  %s\n' /word "$2" "$4" "$6" "$8" \
			"$(row_verdict "reader frames during /word on reader-100M.txt" "longest frame <= 50 ms" "$2 ms" "$cond")"
		echo "From the frame log (inside): keys are the frames of /, the word, Enter and PgDn (from the key"
		echo "to its frame), idle the frames drawn between keys as the hits come in."
	else
		echo "bench/search-frames.sh failed" >&2
		failed=1
	fi
fi
# The reader's frame times, next to less and vim, in a real terminal.
if have tmux; then
	echo
	echo "== the reader in a 160x50 terminal (tmux): frame log, breakdown; peak memory =="
	sh "$srcdir/bench/frames.sh" "$out" "$qarin" "$out/mixed-1M.txt" "$out/mixed-10M.txt" \
		"$out/mixed-100M.txt" "$out/line-10M.txt" $nfd_file || failed=1
fi

# ---- search: the folded text's build and loose scans, next to grep ----------
# On the 100 MB file: qarin-bench --search builds the folded text once (timed
# and measured on its own), then times each loose query over it; grep -c -i
# -F reads the same file for the same words in the same run.
search_file=$out/mixed-100M.txt
search_rare=raimondo
search_common=kaspersky
search_arabic=كاسبرسكي
echo
echo "== search on mixed-100M.txt: loose, in process, next to grep -c -i -F =="
if sline=$("$bench" --search="$search_rare" --search="$search_common" \
	--search="$search_arabic" "$search_file"); then
	ssize=$(field size "$sline")
	smb=$(calc "$ssize / 1e6")
	fold_mbs=$(calc "$smb / ($(field fold_s "$sline") + 1e-9)")
	fold_mem=$(calc "$(field fold_bytes "$sline") / $ssize")
	fold_cpu_mbs=$(calc "$smb / ($(field fold_cpu_s "$sline") + 1e-9)")
	echo "folded text: built at $fold_mbs MB/s ($fold_cpu_mbs MB/s of CPU time), $(calc "$(field fold_bytes "$sline") / 1e6") MB held ($fold_mem x the text)"
	printf '%8s %10s %10s %8s  %-6s %s\n' hits 'qarin MB/s' 'grep MB/s' ratio '>=0.5x' word
	n=1
	for w in "$search_rare" "$search_common" "$search_arabic"; do
		qs=$(field "q${n}_s" "$sline")
		hits=$(field "q${n}_hits" "$sline")
		q_mbs=$(calc "$smb / ($qs + 1e-9)")
		t=$(time_cmd 3 grep -c -i -F "$w" "$search_file")
		if [ "$t" = - ]; then
			g_mbs=-
			ratio=-
			v=n/a
		else
			g_mbs=$(calc "$smb / ($t + 1e-9)")
			ratio=$(calc "$q_mbs / $g_mbs")
			v=$(verdict "$ratio >= 0.5")
		fi
		printf '%8s %10s %10s %8s  %-6s %s\n' "$hits" "$q_mbs" "$g_mbs" "$ratio" "$v" "$w"
		n=$((n + 1))
	done
	echo "targets: loose search >= 0.5 x grep's throughput (above); fold >= 200 MB/s: $(verdict "$fold_mbs >= 200");"
	echo "folded text <= 1 x the text: $(verdict "$fold_mem <= 1"). qarin: the scan of the folded text in"
	echo "process, hits mapped to the source; grep: the whole program on the same file."
	t=$(time_cmd 1 "$qarin" --search="$search_rare" --format=tsv "$search_file")
	[ "$t" = - ] || echo "qarin --search=$search_rare (whole program: load, fold, scan, print): $t s"
	rm -f "$out/stderr.tmp"
else
	echo "qarin-bench --search failed" >&2
	failed=1
fi
# Whole program: qarin --search (read in chunks, only the paragraphs around
# a hit loaded) against grep, in turn (time_pair), medians, the
# output of both through a pipe. Targets: loose within 4x of grep -c -i -F,
# exact within 2x of grep -c -F. Words: one rare (whose few hits have a
# capital), a common Arabic and a common French one, and one with a capital
# and accents, loose only.
echo
# search_rows NAME [OPTION]: the rows of qarin --search [OPTION] against
# grep -c on each word, loose and exact (NAME heads their labels).
search_rows() {
	printf '%10s %10s %8s  %-6s %s\n' 'qarin s' 'grep s' ratio target query
	for w in "$search_rare" "$search_arabic" gouvernement Déclaré; do
		for mode in loose exact; do
			if [ $mode = loose ]; then qf= gf=-i lim=4; else qf=--exact gf= lim=2; fi
			[ $mode = exact ] && [ "$w" = Déclaré ] && continue
			time_pair "$1-$mode-$(printf '%s' "$w" | od -An -tx1 | tr -d ' \n' | cut -c1-16)" \
				3 10 "$qarin --search=$w ${2:-} $qf $search_file" "grep -c $gf -F $w $search_file"
			ratio=- cond=-
			if [ "$med_r" != - ]; then
				ratio=$(calc "$med_r")
				cond="$ratio <= $lim"
			fi
			v=$(row_verdict "$1 $mode $w" "qarin --search${2:+ $2} <= ${lim}x grep -c ${gf:+$gf }-F" \
				"${ratio}x" "$cond")
			printf '%10s %10s %8s  %-6s %s\n' "$(secs "$med_a")" "$(secs "$med_b")" "$ratio" "$v" \
				"$1 $mode $w (<= ${lim}x)"
		done
	done
}
echo "== search on mixed-100M.txt, whole program, next to grep (medians) =="
time_pair_pipe=1
search_rows search
# Like for like: grep -c prints a count, as qarin --search --count does
# (matches, not lines); the rows above time qarin printing every hit with
# its line, column and snippet. Same words, same limits.
echo
echo "== search --count on mixed-100M.txt, next to grep -c (medians) =="
search_rows count --count
time_pair_pipe=
rm -f "$out/stdout.tmp"
# ---- end of search ------------------------------------------------------------

if [ "$failed" != 0 ]; then
	printf 'MISS\tbenchmark run\tevery step runs\ta step failed (see above)\n' >> "$out/verdicts"
fi
report_summary
