# Helpers for end-to-end tests that drive the real program in a real
# terminal: tmux on a private socket, a fixed size, keys sent, screens read.
# Sourced after tests/lib.sh.

TMUX_SOCK="qarin-test-$$"
tm() { tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }

# tm_start W H CMD...: starts CMD in a detached session of W x H cells and
# waits for it to draw (not when TM_NOWAIT is set).
tm_start() {
	w=$1 h=$2
	shift 2
	tm_stop
	tm new-session -d -x "$w" -y "$h" -e LC_ALL=C.UTF-8 -e TERM=tmux-256color \
		-e HOME="$TMPD/home" -e XDG_STATE_HOME="$TMPD/state" \
		-e XDG_CONFIG_HOME="$TMPD/config" -e QARIN_THEMES_DIR="$SRCDIR/themes" \
		-e QARIN_SAMPLES_DIR="$SRCDIR/data/samples" "$@"
	tm set-option -g remain-on-exit on
	[ -n "${TM_NOWAIT:-}" ] || tm_wait_screen
}

# tm_screen [-e]: what the terminal shows now.
tm_screen() { tm capture-pane -p "$@"; }

# tm_screen_full: the screen with each row padded with blanks to the pane's
# width, so that columns can be counted from the right: cells a program
# cleared to the end of a row are not captured. (One column a character:
# the tests' scripts have no double-width ones.)
tm_screen_full() {
	tsf_w=$(tm display-message -p '#{pane_width}')
	tm_screen -N | while IFS= read -r tsf_line; do
		tsf_n=$(printf '%s' "$tsf_line" | LC_ALL=C.UTF-8 wc -m)
		printf '%s%*s\n' "$tsf_line" $((tsf_w > tsf_n ? tsf_w - tsf_n : 0)) ''
	done
}

# tm_wait_screen: waits until the screen has stayed the same for 0.2 s
# (the program drew what it had to).
tm_wait_screen() {
	prev="" i=0 same=0
	while [ $i -lt 200 ]; do
		cur=$(tm_screen 2> /dev/null)
		if [ -n "$cur" ] && [ "$cur" = "$prev" ]; then
			same=$((same + 1))
			[ $same -ge 4 ] && return 0
		else
			same=0
		fi
		prev=$cur
		i=$((i + 1))
		sleep 0.05
	done
	return 1
}

# tm_keys KEY...: types keys, then waits for the screen to settle.
tm_keys() { tm send-keys "$@"; sleep 0.05; tm_wait_screen; }

# tm_row N: row N (0-based) of the screen.
tm_row() { tm_screen | sed -n "$(($1 + 1))p"; }

# tm_dead: true once the program has exited.
tm_dead() { [ "$(tm display-message -p '#{pane_dead}')" = 1 ]; }

# tm_wait_dead: waits up to 5 s for the program to exit.
tm_wait_dead() {
	i=0
	while [ $i -lt 100 ]; do
		tm_dead && return 0
		i=$((i + 1))
		sleep 0.05
	done
	return 1
}

# tm_poll SECONDS CMD...: runs CMD every 0.05 s until it succeeds, for at
# most SECONDS (an integer); false when it never did.
tm_poll() {
	n=$(($1 * 20)) i=0
	shift
	while ! "$@"; do
		i=$((i + 1))
		[ $i -ge $n ] && return 1
		sleep 0.05
	done
}

# tm_wait_file FILE: waits up to 5 s for FILE to be written (not empty).
tm_wait_file() { tm_poll 5 test -s "$1"; }

# tm_shows TEXT: the screen shows TEXT somewhere.
tm_shows() { tm_screen | grep -qF -- "$1"; }

# tm_wait_text TEXT [SECONDS]: waits (5 s by default) until the screen
# shows TEXT, then until it has settled.
tm_wait_text() { tm_poll "${2:-5}" tm_shows "$1" && tm_wait_screen; }

# tm_aligned: the status line (the last row) no longer says aligning.
tm_aligned() { ! tm_screen | tail -n 1 | grep -q aligning; }

# tm_wait_aligned [SECONDS]: waits (30 s by default: a sanitizer build
# aligns slowly) until a comparison begun at start-up is done, then until
# the screen has settled.
tm_wait_aligned() { tm_poll "${1:-30}" tm_aligned && tm_wait_screen; }

# tm_alt_is 0|1: the terminal is (1) or is not (0) on the alternate screen.
tm_alt_is() { [ "$(tm display-message -p '#{alternate_on}')" = "$1" ]; }

# tm_wait_alt 0|1: waits up to 5 s for the program to enter (1) or leave (0)
# the alternate screen, then for the screen to settle.
tm_wait_alt() { tm_poll 5 tm_alt_is "$1" && tm_wait_screen; }

# tm_children PID: the process ids whose parent is PID, read from /proc
# (the parent is the second field after the command name, which is in
# parentheses and may itself hold blanks and parentheses).
tm_children() {
	for stat in /proc/[0-9]*/stat; do
		IFS= read -r line 2> /dev/null < "$stat" || continue
		case " ${line##*) } " in
		" "?" $1 "*)
			pid=${stat#/proc/}
			echo "${pid%/stat}"
			;;
		esac
	done
}

# tm_child_pid: the process id of the program the pane's shell started (its
# first child), waiting up to 5 s for it to exist; empty when none did.
tm_child_pid() {
	tm_ppid=$(tm display-message -p '#{pane_pid}')
	tm_poll 5 tm_has_children "$tm_ppid" && tm_children "$tm_ppid" | head -n 1
}
tm_has_children() { [ -n "$(tm_children "$1")" ]; }

# tm_stop: ends the tmux server and waits until it is gone.
tm_stop() {
	tm kill-server 2> /dev/null
	i=0
	while tm list-sessions > /dev/null 2>&1 && [ $i -lt 50 ]; do
		sleep 0.02
		i=$((i + 1))
	done
	sleep 0.05
}

have_tmux() { command -v tmux > /dev/null 2>&1; }
