#!/usr/bin/env bash
# mkdtb.sh OUT.dtb SMP MEM_MIB INITRD_START INITRD_END [BOOTARGS]
#
# Build the device tree tzvmm hands to the normal-world Linux. Start from the
# board's (plat/<board>/run.sh, board_dtb_base: QEMU's own tree on virt, the
# kernel package's on the i.MX boards), then make it describe what the normal
# world may use and how it boots:
#   - drop the secure-only nodes (the normal world would abort on them),
#   - add /psci (QEMU omits it when firmware runs; the secure world answers the SMCs),
#   - add the para-virtual devices the secure world serves (tzvmm,virtio-smc),
#   - fill /chosen (bootargs, initrd), optionally /reserved-memory.
# Addresses may be decimal or 0x-hex; INITRD_END = 0 leaves the initrd out.
# Environment:
#   TZVMM_CONSOLE=ttyAMA0|hvc   the console of the default BOOTARGS (default ttyAMA0,
#                               the board's serial port, BOARD_SERIAL): hvc adds
#                               console=hvc0 after it (below)
#   TZVMM_RESERVED="BASE SIZE"  reserve [BASE, BASE+SIZE) with no-map (shared page etc.)
#   TZVMM_ROOT="root=UUID=... ro"  the root file system's arguments, added to the
#                               default BOOTARGS (the Debian system's disk,
#                               scripts/prepare-linux.sh); then /init mounts it
#   KEEP_DTS=path               also write the final tree as dts, for inspection
# Needs the board's QEMU (plat/<board>/qemu) and device-tree-compiler (dtc, fdtget, fdtput).
set -euo pipefail

me=mkdtb.sh
die() { echo "$me: $*" >&2; exit 1; }
[ $# -eq 5 ] || [ $# -eq 6 ] || die "usage: $me OUT.dtb SMP MEM_MIB INITRD_START INITRD_END [BOOTARGS]"
out=$1 smp=$2 mem=$3 initrd_start=$4 initrd_end=$5
# panic=5: a kernel that panics resets after 5 s instead of hanging (the
# launcher ends the run at the panic itself, scripts/tzvmm-run).
root=$(cd "$(dirname "$0")/../.." && pwd)
qemu=$root/plat/${TZVMM_PLAT:-qemu_virt}/qemu   # the board's QEMU
[ -x "$qemu" ] || die "no board script $qemu"
. "$root/plat/${TZVMM_PLAT:-qemu_virt}/run.sh"
case "${TZVMM_CONSOLE:-ttyAMA0}" in
ttyAMA0) bootargs="console=$BOARD_SERIAL earlycon=$BOARD_EARLYCON rdinit=/init panic=5" ;;
# hvc0 is the virtio console (tzvmm_virtio.ko + virtio_console.ko, loaded by the
# initramfs's rcS). It exists only from then on, so ttyAMA0 stays a console: the
# kernel's messages before it and /dev/console for init go there. The last
# console= is the preferred one: once hvc0 registers, it is what
# /sys/class/tty/console/active names last, and the inittab's cttyhack opens it
# for the shell; without hvc0 (no module, a secure world without virtio) the
# shell stays on ttyAMA0. No earlycon: with ttyAMA0 not the preferred console,
# the pl011 boot console stays enabled beside it until hvc0 comes (for ever
# without hvc0), and the serial port shows every line twice.
hvc) bootargs="console=$BOARD_SERIAL console=hvc0 rdinit=/init panic=5" ;;
*) die "TZVMM_CONSOLE=$TZVMM_CONSOLE: expected ttyAMA0 or hvc" ;;
esac
[ -z "${TZVMM_ROOT:-}" ] || bootargs=${bootargs/ rdinit=/ $TZVMM_ROOT rdinit=}
bootargs=${6:-$bootargs}
for t in dtc fdtget fdtput; do
    command -v $t >/dev/null || die "$t not found (apt-get install device-tree-compiler)"
done
num() { [[ $1 =~ ^(0x[0-9a-fA-F]+|[0-9]+)$ ]] || die "not a number: $1"; echo $(($1)); }
smp=$(num "$smp") mem=$(num "$mem")
initrd_start=$(num "$initrd_start") initrd_end=$(num "$initrd_end")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dtb=$tmp/board.dtb

# 1-2. The board's tree as the normal world may see it (board_dtb_base in
#    plat/<board>/run.sh): its devices less the secure world's, its RAM.
board_dtb_base "$dtb" "$smp" "$mem"

# 3. PSCI through SMC to the secure world. The cpu nodes already say
#    enable-method = "psci". PSCI >= 0.2 uses the standard function ids, so no
#    cpu_on/cpu_off properties.
fdtput -r "$dtb" /psci 2>/dev/null || true
fdtput -c "$dtb" /psci
fdtput -ts "$dtb" /psci compatible arm,psci-1.0 arm,psci-0.2
fdtput -ts "$dtb" /psci method smc

# 4. Para-virtual devices: virtio devices whose registers the secure world serves
#    through SMCs (docs/bindings/tzvmm-virtio.md; Linux driver
#    guest/linux/modules/tzvmm_virtio). The board reserves 4 SPIs for them from
#    BOARD_PV_SPI_FIRST (PLAT_SPI_TZVMM_FIRST - 32); edge-triggered. Their
#    parent is the GIC itself (on the i.MX boards the root's parent is the GPC,
#    which stands in front of the GIC).
gic=$(for n in $(fdtget -l "$dtb" / ) $(fdtget -l "$dtb" /soc 2>/dev/null | sed 's|^|soc/|'); do
          case "$(fdtget -ts "$dtb" "/$n" compatible 2>/dev/null)" in
          *arm,cortex-a15-gic* | *arm,gic-400* | *arm,cortex-a9-gic*) echo "/$n"; break ;;
          esac
      done)
[ -n "$gic" ] || die "the board's tree has no GIC node for the virtio-smc nodes"
gic_phandle=$(fdtget -tu "$dtb" "$gic" phandle 2>/dev/null) ||
    die "the GIC node $gic has no phandle"
virtio_smc() { # NAME DEVICE SPI
    fdtput -c "$dtb" "/$1"
    fdtput -ts "$dtb" "/$1" compatible tzvmm,virtio-smc
    fdtput -tu "$dtb" "/$1" tzvmm,device "$2"
    fdtput -tu "$dtb" "/$1" interrupt-parent "$gic_phandle"
    fdtput -tu "$dtb" "/$1" interrupts 0 "$3" 1      # GIC_SPI n IRQ_TYPE_EDGE_RISING
}
# One node per line of the VMM's device list, X(NAME, class) in
# include/tzvmm/virtio_smc.h: device i raises SPI BOARD_PV_SPI_FIRST + i
# (PLAT_SPI_TZVMM_FIRST + i), of the 4 the board reserves.
devices=$(sed -n 's/^[[:space:]]*X([A-Z0-9_]*, *\([a-z0-9_]*\)).*/\1/p' \
    "$root/include/tzvmm/virtio_smc.h")
[ -n "$devices" ] || die "no virtio device in include/tzvmm/virtio_smc.h's TZVMM_VIRTIO_DEVICES"
[ "$(echo "$devices" | wc -l)" -le 4 ] || die "more virtio devices than the 4 SPIs the board reserves"
i=$(($(echo "$devices" | wc -l) - 1))
# (fdtput -c puts a new node first: made last to first, the dts lists them
# in index order.)
for class in $(echo "$devices" | tac); do
    virtio_smc "virtio-smc-$class" "$i" $((BOARD_PV_SPI_FIRST + i))
    i=$((i - 1))
done

# 5. How Linux boots: command line, console, where the initrd was loaded.
fdtput -ts "$dtb" /chosen bootargs "$bootargs"
if [ "$initrd_end" -ne 0 ]; then
    [ "$initrd_end" -gt "$initrd_start" ] || die "INITRD_END must be above INITRD_START"
    fdtput -tu "$dtb" /chosen linux,initrd-start "$initrd_start"
    fdtput -tu "$dtb" /chosen linux,initrd-end "$initrd_end"
fi

# 6. Optional reserved region (e.g. a page shared with the secure world). Linux only
#    accepts /reserved-memory whose #address-cells/#size-cells equal the root's (2/2
#    on virt) and which has an empty ranges; no-map keeps it out of the linear map,
#    so a driver may map it non-cacheable.
if [ -n "${TZVMM_RESERVED:-}" ]; then
    read -r rbase rsize extra <<<"$TZVMM_RESERVED"
    if [ -z "${rsize:-}" ] || [ -n "${extra:-}" ]; then
        die "TZVMM_RESERVED must be \"BASE SIZE\", got \"$TZVMM_RESERVED\""
    fi
    rbase=$(num "$rbase") rsize=$(num "$rsize")
    ac=$(fdtget -tu "$dtb" / '#address-cells') sc=$(fdtget -tu "$dtb" / '#size-cells')
    if [ "$ac" != 2 ] || [ "$sc" != 2 ]; then die "expected 2/2 root cells, QEMU gave $ac/$sc"; fi
    node=/reserved-memory/tzvmm@$(printf '%x' "$rbase")
    fdtput -c "$dtb" /reserved-memory
    fdtput -tu "$dtb" /reserved-memory '#address-cells' 2
    fdtput -tu "$dtb" /reserved-memory '#size-cells' 2
    fdtput "$dtb" /reserved-memory ranges                # no value: empty property
    fdtput -c "$dtb" "$node"
    fdtput -tu "$dtb" "$node" reg $((rbase >> 32)) $((rbase & 0xffffffff)) $((rsize >> 32)) $((rsize & 0xffffffff))
    fdtput "$dtb" "$node" no-map
fi

# Repack without QEMU's padding, then check that a dtb -> dts -> dtb round trip
# through dtc reproduces it exactly.
dtc -q -I dtb -O dtb -o "$tmp/final.dtb" "$dtb"
dtc -q -I dtb -O dts -o "$tmp/final.dts" "$tmp/final.dtb"
dtc -q -I dts -O dtb -o "$tmp/check.dtb" "$tmp/final.dts" || die "dtc rejected the edited tree"
cmp -s "$tmp/final.dtb" "$tmp/check.dtb" || die "dtb -> dts -> dtb round trip differs"
[ -z "${KEEP_DTS:-}" ] || cp "$tmp/final.dts" "$KEEP_DTS"
mv "$tmp/final.dtb" "$out"
