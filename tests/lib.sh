# Shared helpers for the shell tests: TAP output, and where things are.
# Sourced by tests/*.test; QARIN, SRCDIR, FIXTURES and QARIN_CORPUS come from
# the test environment set in Makefile.am.
: "${QARIN:?QARIN must name the built program}"
: "${FIXTURES:=$SRCDIR/tests/fixtures}"
tap_n=0
tap_failed=0

# ok COND-STATUS NAME: records one result from the status of the last command.
ok() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

# is GOT WANT NAME: compares two strings and shows both when they differ.
is() {
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '%s\n' "$1" | sed 's/^/#      got: /'
		printf '%s\n' "$2" | sed 's/^/# expected: /'
	fi
}

# have_corpus: true when the shared corpus is present.
have_corpus() {
	[ -n "${QARIN_CORPUS:-}" ] && [ -f "$QARIN_CORPUS/ar-kaspersky-alwafd.txt" ]
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

TMPD=$(mktemp -d "${TMPDIR:-/tmp}/qarin-test.XXXXXX")
trap 'rm -rf "$TMPD"' EXIT
