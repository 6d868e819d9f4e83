# hvc0 is the virtio console the secure world serves: its bytes reach the
# terminal through the secure log's filter, which shows every escape
# sequence but colours and cursor moves within a row as text, so that the
# normal world cannot forge the secure log (tzvmm's docs/architecture.md,
# section 20). Bash's bracketed paste mode would put a visible "^[[?2004h"
# before every prompt there.
if [ -n "${BASH_VERSION-}" ] && [ "$(tty 2>/dev/null)" = /dev/hvc0 ]; then
	case $- in
	*i*) bind 'set enable-bracketed-paste off' ;;
	esac
fi
