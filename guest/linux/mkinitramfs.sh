#!/usr/bin/env bash
# mkinitramfs.sh [--init FILE] BUSYBOX OUT.cpio.gz [SRC=DEST ...] — build the normal-world guest's initramfs.
#
# A minimal busybox system: /init (guest/linux/init) mounts proc/sys/dev, installs
# the applet links and becomes busybox init; /etc/inittab runs /etc/init.d/rcS
# (loads the modules /etc/modules names, if there is one, then prints
# "tzvmm: normal-world Linux ready" and `uname -a`) and keeps a job-control shell on
# the console (prompt "\w \$ ", i.e. "~ # " in /root). poweroff/reboot work.
#
# The newc cpio archive is written by this script itself (its headers are plain
# ASCII), so neither the cpio tool nor root (for the /dev/console node) is needed,
# and the output is reproducible: sorted entries, owner 0:0, fixed mtimes
# (SOURCE_DATE_EPOCH, default 0), gzip -n.
#
# Each SRC=DEST adds the host file SRC as DEST inside the initramfs (a relative
# path such as lib/modules/tzvmm_tamper.ko; missing directories are made), mode
# 0755 if SRC is executable, else 0644. It may not replace a file of the system
# above. Without any, the archive is exactly the plain system's.
#
# Modules loaded at boot: SRC=lib/modules/NAME.ko for each, and a list of their
# NAMEs, one a line in load order (a module after those it depends on; # starts a
# comment), as SRC=etc/modules. rcS loads them with insmod; one that does not load
# gets one line ("tzvmm: module NAME not loaded: ...") and the boot goes on.
# scripts/prepare-linux.sh makes the default initramfs this way.
#
# --init FILE: FILE is /init instead of guest/linux/init (the Debian system's,
# guest/debian/init, which mounts the real root and hands it PID 1).
set -euo pipefail
export LC_ALL=C

me=mkinitramfs.sh
die() { echo "$me: $*" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
init=$here/init
if [ "${1:-}" = --init ]; then
    [ $# -ge 2 ] || die "--init needs a FILE"
    init=$(realpath "$2" 2>/dev/null) || die "init script not found: $2"
    shift 2
fi
[ $# -ge 2 ] || die "usage: $me [--init FILE] BUSYBOX OUT.cpio.gz [SRC=DEST ...]"
busybox=$1 out=$2
shift 2
[ -f "$busybox" ] || die "busybox binary not found: $busybox (run guest/linux/fetch.sh)"
busybox=$(realpath "$busybox")      # the tree is built in another directory

# Extra files: absolute SRC paths and normalised DESTs, checked before any work.
srcs=() dests=()
for x in "$@"; do
    [[ "$x" == ?*=?* ]] || die "extra file '$x': expected SRC=DEST"
    src=${x%=*} dest=${x##*=}
    [ -f "$src" ] || die "extra file '$src' not found (or not a regular file)"
    dest=${dest#/}
    [[ "/$dest/" != *//* && "/$dest/" != */./* && "/$dest/" != */../* ]] ||
        die "extra file destination '${x##*=}': expected a plain path inside the initramfs such as lib/modules/x.ko"
    srcs+=("$(realpath "$src")") dests+=("$dest")
done
[ -f "$init" ] || die "init script not found: $init"
command -v gzip >/dev/null || die "gzip not found (apt-get install gzip)"
mtime=${SOURCE_DATE_EPOCH:-0}

umask 022
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/root"
cd "$tmp/root"

# --- tree -------------------------------------------------------------------
mkdir -p bin sbin usr/bin usr/sbin dev etc/init.d mnt proc root sys tmp
chmod 1777 tmp
chmod 0700 root
install -m 0755 "$busybox" bin/busybox
ln -s busybox bin/sh                    # for #!/bin/sh before --install runs
install -m 0755 "$init" init

cat >etc/inittab <<'EOF'
# busybox init: one-time setup, then a shell on the console, respawned if it exits.
# cttyhack opens the real console tty so the shell gets job control: the preferred
# (last) console= of the command line, ttyAMA0, or hvc0 once virtio_console has it.
::sysinit:/etc/init.d/rcS
::respawn:/bin/cttyhack /bin/sh -l
::ctrlaltdel:/sbin/reboot
::shutdown:/bin/sync
EOF

cat >etc/init.d/rcS <<'EOF'
#!/bin/sh
# Run once by busybox init (::sysinit), before the shell. Tests wait for the banner.

# The modules /etc/modules names (in load order), from /lib/modules/NAME.ko.
if [ -f /etc/modules ]; then
	while read -r m _; do
		case "$m" in '' | '#'*) continue ;; esac
		err=$(insmod "/lib/modules/$m.ko" 2>&1) ||
			echo "tzvmm: module $m not loaded: ${err#insmod: }"
	done </etc/modules
fi

# The banner goes where the shell will be: on the console cttyhack picks, the
# last one /sys/class/tty/console/active names. That is init's own console
# (ttyAMA0) unless another one came (hvc0, once virtio_console registered it with
# console=hvc0 last on the command line). A virtio console with several ports
# (VIRTIO_CONSOLE_F_MULTIPORT) adds them only later, from its control queue: wait
# for hvc0 then, for at most 5 s. The other console is opened in a subshell: rcS
# leads its session, and a tty it opened would become its controlling tty, hung
# up when it exits.
case " $(cat /proc/cmdline) " in
*" console=hvc0 "*)
	if grep -qx 0x0003 /sys/bus/virtio/devices/*/device 2>/dev/null; then
		n=0
		until grep -qw hvc0 /sys/class/tty/console/active || [ $n -ge 50 ]; do
			usleep 100000
			n=$((n + 1))
		done
	fi
	;;
esac
con=$(cat /sys/class/tty/console/active 2>/dev/null)
case "$con" in
*' '*) con=/dev/${con##* } ;;
*) con=/dev/console ;;
esac
[ -c "$con" ] || con=/dev/console
(
	[ "$con" = /dev/console ] || exec >"$con" 2>&1
	echo "tzvmm: normal-world Linux ready"
	uname -a
)
EOF
chmod 0755 etc/init.d/rcS

cat >etc/profile <<'EOF'
export HOME=/root PS1='\w \$ '
cd "$HOME"
EOF
echo 'root:x:0:0:root:/root:/bin/sh' >etc/passwd
echo 'root:x:0:' >etc/group

for i in "${!srcs[@]}"; do
    dest=${dests[$i]}
    if [ -e "$dest" ] || [ -L "$dest" ]; then
        die "extra file destination '$dest' is already in the initramfs"
    fi
    mode=0644
    if [ -x "${srcs[$i]}" ]; then mode=0755; fi
    install -D -m "$mode" "${srcs[$i]}" "$dest"
done

# --- newc cpio writer ---------------------------------------------------------
ino=0
pad() { head -c $(( (4 - $1 % 4) % 4 )) /dev/zero; }    # zero-fill to 4 bytes
# header NAME MODE(hex) SIZE NLINK RDEVMAJOR RDEVMINOR
header() {
    ino=$((ino + 1))
    printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%s\0' \
        "$ino" "0x$2" 0 0 "$4" "$mtime" "$3" 0 0 "$5" "$6" $(( ${#1} + 1 )) 0 "$1"
    pad $(( 110 + ${#1} + 1 ))
}
{
    find . -mindepth 1 | sed 's|^\./||' | sort | while read -r f; do
        read -r mode size < <(stat -c '%f %s' "$f")
        if [ -L "$f" ]; then                    # data = link target
            header "$f" "$mode" "$size" 1 0 0; printf '%s' "$(readlink "$f")"; pad "$size"
        elif [ -d "$f" ]; then
            header "$f" "$mode" 0 2 0 0
        else
            header "$f" "$mode" "$size" 1 0 0; cat "$f"; pad "$size"
        fi
    done
    header dev/console 2180 0 1 5 1             # char 5:1, mode 0600 (no mknod needed)
    header TRAILER!!! 0 0 1 0 0
} | gzip -n -9 >"$tmp/out.cpio.gz"
cd - >/dev/null
mv "$tmp/out.cpio.gz" "$out"
