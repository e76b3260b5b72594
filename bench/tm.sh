# tmux helpers of the reader benchmarks (bench/frames.sh, bench/jump.sh):
# a private tmux server, one 160x50 session at a time, and the clock.
# Sourced; the caller removes the server (tm kill-server) when done.

sock="qarin-bench-$$"
tm() { tmux -L "$sock" -f /dev/null "$@"; }

now_ms() { awk -v t="$(date +%s.%N)" 'BEGIN { printf "%.1f", t * 1000 }'; }

# since T0: milliseconds elapsed since T0 (from now_ms).
since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", b - a }'; }

# wait_text: polls the screen until it shows text (40 or more visible
# characters; at most 120 s).
wait_text() {
	i=0
	while [ $i -lt 12000 ]; do
		n=$(tm capture-pane -p 2>/dev/null | tr -d ' \n' | wc -c)
		[ "$n" -ge 40 ] && return 0
		i=$((i + 1))
		sleep 0.01
	done
	return 1
}

# stop: ends the tmux server and waits until it is gone.
stop() {
	tm kill-server 2>/dev/null || true
	i=0
	while tm list-sessions > /dev/null 2>&1 && [ $i -lt 100 ]; do sleep 0.02; i=$((i + 1)); done
	sleep 0.05
}

# start CMD: runs CMD in a fresh 160x50 session.
start() {
	stop
	tm new-session -d -x 160 -y 50 -e LC_ALL=C.UTF-8 -e TERM=tmux-256color "exec $1"
}
