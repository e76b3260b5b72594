#!/bin/sh
# The reader's frames while a search runs on a large file: qarin opens
# FILE in a 160x50 tmux terminal with --frame-log; once the whole file has
# loaded, /WORD Enter is typed (a key at a time) and, while the search
# runs, PgDn a few times; then the status line is watched until the search
# is over (at most 120 s) and n must find the word. From the frame
# log: the longest frame after the search was typed, keys ("key" lines)
# and frames between keys ("idle" lines: hits coming in) alike: what a key
# could have waited. Prints "longest MS keys MS idle MS found yes|no", "-"
# for what was not measured.
# Usage: search-frames.sh QARIN FILE WORD
set -eu

qarin=${1:?usage: search-frames.sh QARIN FILE WORD}
file=${2:?usage: search-frames.sh QARIN FILE WORD}
word=${3:?usage: search-frames.sh QARIN FILE WORD}
. "$(dirname "$0")/tm.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qarin-search-frames.XXXXXX")
trap 'tm kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT
log=$tmp/frames.log

status() { tm capture-pane -p 2>/dev/null | tail -n 1; }

start "$qarin --no-state --no-mouse --frame-log=$log $file"
i=0
while ! grep -q '^loaded' "$log" 2>/dev/null && [ $i -lt 1500 ]; do
	sleep 0.2
	i=$((i + 1))
done
if ! grep -q '^loaded' "$log" 2>/dev/null; then
	echo "longest - keys - idle - found no"
	exit 0
fi
sleep 0.5
from=$(wc -l < "$log")
tm send-keys /
printf '%s' "$word" | fold -w 1 | while IFS= read -r c; do tm send-keys -l -- "$c"; done
tm send-keys Enter
for k in 1 2 3 4 5; do
	sleep 0.1
	tm send-keys NPage
done
# Over once the status line no longer says "searching"; then n must
# find the word (the PgDn keys cleared the message of the search).
i=0
while status | grep -q searching && [ $i -lt 600 ]; do
	sleep 0.2
	i=$((i + 1))
done
to=$(wc -l < "$log")
tm send-keys n
sleep 0.5
found=no
case $(status) in
*"no match"*) ;;
*match*) found=yes ;;
esac
tm send-keys q
sed -n "$((from + 1)),${to}p" "$log" | awk -v found="$found" '
	$1 == "key" { if ($3 > k) k = $3 }
	$1 == "idle" { if ($2 > d) d = $2 }
	END { printf "longest %.1f keys %.1f idle %.1f found %s\n", (k > d ? k : d), k, d, found }'
