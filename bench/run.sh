#!/bin/sh
# make bench: generates mixed Arabic/French files of 1, 10 and 100 MB and one
# 10 MB line with no newline, then for each file measures qarin's ingest and
# layout in process (bench/qarin-bench), the whole `qarin --dump` and the
# fribidi program on the same file, and prints them with the targets; then
# the reader's frame times next to less and vim (bench/frames.sh).
# Between them, the alignment of a generated 1 MB x 1 MB parallel pair and of
# the corpus pair, and anchor extraction and pairing on 1 MB of Arabic
# (bench/align-bench).
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

have() {
	command -v "$1" >/dev/null 2>&1
}

# Seconds since the epoch with nanoseconds (GNU date).
now() {
	date +%s.%N
}

# calc EXPR: floating-point arithmetic through awk.
calc() {
	awk "BEGIN { printf \"%.2f\", $1 }"
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
		if ! "$@" > /dev/null 2> "$out/stderr.tmp"; then
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

echo
printf '%-16s %7s %8s %8s %8s %8s %8s %7s %7s\n' \
	file MB ingest layout dump fribidi layout/ model/ peakRSS/
printf '%-16s %7s %8s %8s %8s %8s %8s %7s %7s\n' \
	'' '' 'MB/s' 'MB/s' 'MB/s' 'MB/s' fribidi size size
results=""
failed=0
for f in $files; do
	path=$out/$f
	if ! line=$("$bench" --width="$width" "$path"); then
		echo "$f: qarin-bench failed" >&2
		failed=1
		continue
	fi
	size=$(field size "$line")
	mb=$(calc "$size / 1e6")
	ingest=$(calc "$mb / ($(field ingest_s "$line") + 1e-9)")
	layout=$(calc "$mb / ($(field layout_s "$line") + 1e-9)")
	# Small files are timed three times, the best kept, like qarin-bench does.
	runs=1
	[ "$size" -gt 50000000 ] || runs=3
	model=$(calc "$(field model_bytes "$line") / $size")
	rss=$(calc "$(field maxrss_kb "$line") * 1024 / $size")
	t=$(time_cmd "$runs" "$qarin" --dump --width="$width" "$path")
	if [ "$t" = - ]; then
		echo "$f: qarin --dump failed: $(head -c 300 "$out/stderr.tmp")" >&2
		failed=1
		dump=-
	else
		dump=$(calc "$mb / ($t + 1e-9)")
	fi
	fribidi=-
	ratio=-
	if have fribidi; then
		t=$(time_cmd "$runs" fribidi --width "$width" "$path")
		if [ "$t" != - ]; then
			fribidi=$(calc "$mb / ($t + 1e-9)")
			ratio=$(calc "$layout / $fribidi")
		fi
	fi
	printf '%-16s %7s %8s %8s %8s %8s %8s %7s %7s\n' \
		"$f" "$mb" "$ingest" "$layout" "$dump" "$fribidi" "$ratio" "$model" "$rss"
	results="$results$f $ingest $layout $fribidi $model $(field rows "$line") $(field blocks "$line")
"
done
rm -f "$out/stderr.tmp"

# verdict COND: PASS or MISS.
verdict() {
	if [ "$(awk "BEGIN { print ($1) ? 1 : 0 }")" = 1 ]; then echo PASS; else echo MISS; fi
}

echo
echo "targets: layout >= fribidi; ingest >= 200 MB/s; model <= 2 x file size"
printf '%-16s %-17s %-17s %-15s %s\n' file 'layout>=fribidi' 'ingest>=200MB/s' 'model<=2xsize' 'blocks/rows at 80'
printf '%s' "$results" | while read -r f ingest layout fribidi model rows blocks; do
	[ -n "$f" ] || continue
	if [ "$fribidi" = - ]; then
		v1=n/a
	else
		v1=$(verdict "$layout >= $fribidi")
	fi
	printf '%-16s %-17s %-17s %-15s %s\n' "$f" "$v1" \
		"$(verdict "$ingest >= 200")" "$(verdict "$model <= 2")" "$blocks/$rows"
done
echo
echo "ingest, layout: in process (bench/qarin-bench: doc_load_file; layout_block on every block);"
echo "dump, fribidi: the whole program, output discarded; model: heap held by the loaded document;"
echo "peakRSS: the process's peak resident memory. The fribidi program cuts lines longer than"
echo "65 KB into independent pieces; qarin lays line-10M.txt out as one paragraph."

# ---- comparison: alignment of two documents (bench/align-bench) --------------
# A parallel pair of at least 1 MB each built from the parallel test pair
# (some paragraphs dropped from B, some pairs merged), then the corpus pair.
echo
echo "== comparison: alignment (target: 1 MB x 1 MB under 1 s) =="
abench=$builddir/bench/align-bench
pair="$srcdir/tests/fixtures/parallel"
printf '%-22s %6s %6s %7s %7s %10s %8s %8s %s\n' \
	pair 'A MB' 'B MB' blocks mode 'anchors s' 'align s' 'pane us' verdict
align_row() {
	name=$1
	shift
	if ! line=$("$abench" "$@"); then
		echo "$name: align-bench failed" >&2
		failed=1
		return
	fi
	t=$(field align_s "$line")
	v=$(verdict "$t < 1")
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
echo "== anchors: $(basename "$anchor_text") repeated to 1 MB (target: each step under 1 s of CPU) =="
if line=$("$abench" --anchors "$anchor_text" 1048576); then
	printf '%8s %8s %8s %10s %9s %8s %9s %s\n' MB anchors pairs 'extract s' 'CPU s' 'pair s' 'CPU s' verdict
	printf '%8s %8s %8s %10s %9s %8s %9s %s\n' \
		"$(awk "BEGIN { printf \"%.3f\", $(field size "$line") / 1e6 }")" \
		"$(field anchors "$line")" "$(field pairs "$line")" \
		"$(field extract_s "$line")" "$(field extract_cpu_s "$line")" \
		"$(field pair_s "$line")" "$(field pair_cpu_s "$line")" \
		"$(verdict "$(field extract_cpu_s "$line") < 1 && $(field pair_cpu_s "$line") < 1")"
	echo "extract: anchor_extract_doc; pair: anchor_pairs_find of the list with itself; the best of"
	echo "three runs."
else
	echo "align-bench --anchors failed" >&2
	failed=1
fi
# ---- end of the comparison section ---------------------------------------------

# End-to-end reference timings when hyperfine is there.
if have hyperfine; then
	ref=$out/mixed-10M.txt
	echo
	echo "== end to end on mixed-10M.txt (hyperfine) =="
	set -- "$qarin --dump --width=$width $ref"
	have fribidi && set -- "$@" "fribidi --width $width $ref"
	have vim && set -- "$@" "vim -u NONE -N -n -es -c q $ref"
	have less && set -- "$@" "less $ref"
	hyperfine -N --warmup 1 --runs 3 --style basic --output=null "$@" 2>&1 || failed=1
fi
# The reader's frame times, next to less and vim, in a real terminal.
if have tmux; then
	echo
	echo "== the reader in a 160x50 terminal (tmux) =="
	sh "$srcdir/bench/frames.sh" "$qarin" "$out/mixed-1M.txt" "$out/mixed-10M.txt" \
		"$out/mixed-100M.txt" "$out/line-10M.txt" || failed=1
else
	echo "note: tmux is missing: the reader's frame times are not measured"
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
# a hit loaded) against grep in one hyperfine run, interleaved, medians.
# Targets: loose within 4x of grep -c -i -F, exact within 2x of grep -c -F.
if have hyperfine; then
	echo
	echo "== search on mixed-100M.txt, whole program, next to grep (hyperfine medians) =="
	printf '%10s %10s %8s  %-6s %s\n' 'qarin s' 'grep s' ratio target query
	csv=$out/search-hyperfine.csv
	for w in "$search_rare" "$search_common" "$search_arabic"; do
		for mode in loose exact; do
			if [ $mode = loose ]; then qf= gf=-i lim=4; else qf=--exact gf= lim=2; fi
			# shellcheck disable=SC2086
			if hyperfine -N -i -w 3 -r 10 --style none --export-csv "$csv" \
				"$qarin --search=$w $qf $search_file" \
				"grep -c $gf -F $w $search_file" >/dev/null 2>&1; then
				qm=$(awk -F, 'NR == 2 { print $4 }' "$csv")
				gm=$(awk -F, 'NR == 3 { print $4 }' "$csv")
				ratio=$(calc "$qm / ($gm + 1e-9)")
				printf '%10.3f %10.3f %8s  %-6s %s\n' "$qm" "$gm" "$ratio" \
					"$(verdict "$ratio <= $lim")" "$mode $w (<= ${lim}x)"
			else
				echo "hyperfine failed on $w ($mode)" >&2
				failed=1
			fi
		done
	done
	rm -f "$csv"
fi
# ---- end of search ------------------------------------------------------------
exit $failed
