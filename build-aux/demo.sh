#!/bin/sh
# make demo: shows the sample articles in qarin's reader. The reader needs
# a UTF-8 locale; where the current one is not (LANG unset or LC_ALL=C, as
# in many containers and ssh sessions) the demo runs under C.UTF-8, which
# every glibc system has, and says so.
# Usage: demo.sh QARIN
qarin=${1:?usage: demo.sh QARIN}

# charmap: the character set of the current locale ("" when unknown).
charmap() {
	if command -v locale > /dev/null 2>&1; then
		locale charmap 2> /dev/null
	else
		case ${LC_ALL:-${LC_CTYPE:-${LANG:-}}} in
		*[Uu][Tt][Ff]-8* | *[Uu][Tt][Ff]8*) echo UTF-8 ;;
		esac
	fi
}

set=$(charmap)
if [ "$set" != UTF-8 ]; then
	echo "make demo: the locale's character set is ${set:-unknown}, not UTF-8: showing the demo under LC_ALL=C.UTF-8" >&2
	echo "make demo: to read with qarin yourself, set a UTF-8 locale first (export LC_ALL=C.UTF-8)" >&2
	LC_ALL=C.UTF-8
	export LC_ALL
fi
exec "$qarin" --demo
