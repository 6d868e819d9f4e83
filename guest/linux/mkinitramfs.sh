#!/usr/bin/env bash
# mkinitramfs.sh BUSYBOX OUT.cpio.gz — build the normal-world guest's initramfs.
#
# A minimal busybox system: /init (guest/linux/init) mounts proc/sys/dev, installs
# the applet links and becomes busybox init; /etc/inittab runs /etc/init.d/rcS
# (prints "tzvmm: normal-world Linux ready" and `uname -a`) and keeps a job-control
# shell on the console (prompt "\w \$ ", i.e. "~ # " in /root). poweroff/reboot work.
#
# The newc cpio archive is written by this script itself (its headers are plain
# ASCII), so neither the cpio tool nor root (for the /dev/console node) is needed,
# and the output is reproducible: sorted entries, owner 0:0, fixed mtimes
# (SOURCE_DATE_EPOCH, default 0), gzip -n.
set -euo pipefail
export LC_ALL=C

me=mkinitramfs.sh
die() { echo "$me: $*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: $me BUSYBOX OUT.cpio.gz"
busybox=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
[ -f "$busybox" ] || die "busybox binary not found: $busybox (run guest/linux/fetch.sh)"
[ -f "$here/init" ] || die "init script not found: $here/init"
command -v gzip >/dev/null || die "gzip not found (apt-get install gzip)"
mtime=${SOURCE_DATE_EPOCH:-0}

umask 022
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/root"
cd "$tmp/root"

# --- tree -------------------------------------------------------------------
mkdir -p bin sbin usr/bin usr/sbin dev etc/init.d proc root sys tmp
chmod 1777 tmp
chmod 0700 root
install -m 0755 "$busybox" bin/busybox
ln -s busybox bin/sh                    # for #!/bin/sh before --install runs
install -m 0755 "$here/init" init

cat >etc/inittab <<'EOF'
# busybox init: one-time setup, then a shell on the console, respawned if it exits.
# cttyhack opens the real console tty (ttyAMA0) so the shell gets job control.
::sysinit:/etc/init.d/rcS
::respawn:/bin/cttyhack /bin/sh -l
::ctrlaltdel:/sbin/reboot
::shutdown:/bin/sync
EOF

cat >etc/init.d/rcS <<'EOF'
#!/bin/sh
# Run once by busybox init (::sysinit). Tests wait for the banner line.
echo "tzvmm: normal-world Linux ready"
uname -a
EOF
chmod 0755 etc/init.d/rcS

cat >etc/profile <<'EOF'
export HOME=/root PS1='\w \$ '
cd "$HOME"
EOF
echo 'root:x:0:0:root:/root:/bin/sh' >etc/passwd
echo 'root:x:0:' >etc/group

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
