#!/bin/sh
# The jump to the end shortly after opening a large file, timed from the
# outside for qarin, less and vim alike: each starts in a 160x50 tmux
# terminal; once its screen shows text, 0.3 s later, G is sent, and the
# time until the file's last line is on screen is taken (the screen polled
# every 5 ms). The programs take turns (qarin, less, vim, qarin, ...); the
# median of RUNS is printed, one line per program: "PROG MS", "-" when it
# never showed the end (60 s). qarin's frame log of the same key follows
# as "qarin-log MS" (the median too: measured inside, breakdown), then
# "poll MS", what one look at the screen takes (the resolution).
# Usage: jump.sh QARIN FILE MARKER RUNS   (MARKER: text of the last line)
set -eu

qarin=${1:?usage: jump.sh QARIN FILE MARKER RUNS}
file=${2:?usage: jump.sh QARIN FILE MARKER RUNS}
marker=${3:?usage: jump.sh QARIN FILE MARKER RUNS}
runs=${4:?usage: jump.sh QARIN FILE MARKER RUNS}
. "$(dirname "$0")/tm.sh"
. "$(dirname "$0")/report.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qarin-jump.XXXXXX")
trap 'tm kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT

# shows_end: the screen shows the marker.
shows_end() { tm capture-pane -p 2>/dev/null | grep -qF -- "$marker"; }

# jump CMD: prints the milliseconds from G to the end on screen, or "-".
jump() {
	start "$1"
	if ! wait_text; then
		echo -
		return
	fi
	sleep 0.3
	# The clock in nanoseconds and shell arithmetic: no process but date
	# and the poll itself between the key and the reading. From when
	# send-keys returns: tmux has written the key to the terminal then.
	tm send-keys G
	t0=$(date +%s%N)
	i=0
	while ! shows_end; do
		i=$((i + 1))
		if [ $i -ge 12000 ]; then
			echo -
			return
		fi
		sleep 0.005
	done
	t1=$(date +%s%N)
	ms "$t0" "$t1"
	stop
}

# ms T0 T1: the milliseconds between two readings of date +%s%N.
ms() {
	us=$((($2 - $1) / 1000))
	printf '%d.%d\n' $((us / 1000)) $((us % 1000 / 100))
}


progs=qarin
command -v less > /dev/null 2>&1 && progs="$progs less"
command -v vim > /dev/null 2>&1 && progs="$progs vim"
log=$tmp/frames.log
run=0
while [ $run -lt "$runs" ]; do
	for prog in $progs; do
		case $prog in
		qarin) cmd="$qarin --no-state --no-mouse --frame-log=$log $file" ;;
		less) cmd="less $file" ;;
		vim) cmd="vim -R -u NONE -N -n -i NONE $file" ;;
		esac
		rm -f "$log"
		jump "$cmd" >> "$tmp/$prog"
		[ "$prog" != qarin ] || awk '/^key 71 / { print $3 }' "$log" >> "$tmp/qarin-log"
	done
	run=$((run + 1))
done
# The resolution: what one poll of the screen takes on this machine now.
for i in 1 2 3 4 5; do
	t0=$(date +%s%N)
	shows_end || true
	ms "$t0" "$(date +%s%N)" >> "$tmp/poll"
done
stop
for prog in $progs qarin-log poll; do
	if grep -q -- '^-$' "$tmp/$prog"; then
		echo "$prog -"
	else
		echo "$prog $(median < "$tmp/$prog")"
	fi
done
