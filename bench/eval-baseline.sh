#!/bin/sh
# make eval-baseline: the figures of the comparison before the evaluation set
# existed (qarin at commit 4e30096), scored by bench/eval-score on the data
# of bench/eval now, written to bench/eval/baseline.tsv; make bench prints
# them next to the current figures. Builds that commit in a temporary folder
# unless a qarin built from it is given.
# Usage: eval-baseline.sh SRCDIR BUILDDIR [QARIN-AT-4e30096]
# (EVAL_DATA: another data folder than SRCDIR/bench/eval)
set -eu

srcdir=${1:?usage: eval-baseline.sh SRCDIR BUILDDIR [QARIN]}
builddir=${2:?usage: eval-baseline.sh SRCDIR BUILDDIR [QARIN]}
base_qarin=${3:-}
commit=4e30096
out=$srcdir/bench/eval/baseline.tsv
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qarin-eval-baseline.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [ -z "$base_qarin" ]; then
	echo "building qarin at $commit in $tmp (a few minutes)"
	git -C "$srcdir" archive "$commit" | tar -x -C "$tmp"
	(cd "$tmp" && autoreconf -fi > build.log 2>&1 && ./configure -q >> build.log 2>&1 &&
		make -j2 qarin >> build.log 2>&1) || {
		tail -20 "$tmp/build.log" >&2
		exit 1
	}
	base_qarin=$tmp/qarin
fi

data=${EVAL_DATA:-$srcdir/bench/eval}
articles=$(cd "$data/src" && ls -- *.en | sed 's/\.en$//' | tr '\n' ' ')
reviews=$(cd "$data/review" 2>/dev/null && ls -- *.changed 2>/dev/null |
	sed 's/\.changed$//' | tr '\n' ' ') || reviews=""
reviews=${reviews% }
"$builddir/bench/eval-score" --qarin "$base_qarin" --data "$data" \
	--out "$tmp/eval-out" --tsv > "$tmp/baseline.tsv"
{
	echo "# The figures of the comparison before the evaluation set (bench/eval-score --tsv)."
	echo "# baseline: qarin at commit $commit, on articles ${articles% }; review pairs ${reviews:-none}"
	echo "# command: make eval-baseline [BASELINE_QARIN=a qarin built at $commit]"
	cat "$tmp/baseline.tsv"
} > "$out"
echo "wrote $out"
