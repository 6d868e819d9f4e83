#!/usr/bin/env bash
# mkdtb.sh OUT.dtb SMP MEM_MIB INITRD_START INITRD_END [BOOTARGS]
#
# Build the device tree tzvmm hands to the normal-world Linux. Start from the one
# QEMU itself generates for `virt,secure=on` (so every device matches the machine),
# then make it describe what the normal world may use and how it boots:
#   - drop the secure-only nodes (the normal world would abort on them),
#   - add /psci (QEMU omits it when firmware runs; the secure world answers the SMCs),
#   - add the para-virtual devices the secure world serves (tzvmm,virtio-smc),
#   - fill /chosen (bootargs, initrd), optionally /reserved-memory.
# Addresses may be decimal or 0x-hex; INITRD_END = 0 leaves the initrd out.
# Environment:
#   TZVMM_CONSOLE=ttyAMA0|hvc   the console of the default BOOTARGS (default ttyAMA0):
#                               hvc adds console=hvc0 after console=ttyAMA0 (below)
#   TZVMM_RESERVED="BASE SIZE"  reserve [BASE, BASE+SIZE) with no-map (shared page etc.)
#   KEEP_DTS=path               also write the final tree as dts, for inspection
# Needs the board's QEMU (plat/<board>/qemu) and device-tree-compiler (dtc, fdtget, fdtput).
set -euo pipefail

me=mkdtb.sh
die() { echo "$me: $*" >&2; exit 1; }
[ $# -eq 5 ] || [ $# -eq 6 ] || die "usage: $me OUT.dtb SMP MEM_MIB INITRD_START INITRD_END [BOOTARGS]"
out=$1 smp=$2 mem=$3 initrd_start=$4 initrd_end=$5
# panic=5: a kernel that panics resets after 5 s instead of hanging (the
# launcher ends the run at the panic itself, scripts/tzvmm-run).
case "${TZVMM_CONSOLE:-ttyAMA0}" in
ttyAMA0) bootargs="console=ttyAMA0 earlycon=pl011,0x9000000 rdinit=/init panic=5" ;;
# hvc0 is the virtio console (tzvmm_virtio.ko + virtio_console.ko, loaded by the
# initramfs's rcS). It exists only from then on, so ttyAMA0 stays a console: the
# kernel's messages before it and /dev/console for init go there. The last
# console= is the preferred one: once hvc0 registers, it is what
# /sys/class/tty/console/active names last, and the inittab's cttyhack opens it
# for the shell; without hvc0 (no module, a secure world without virtio) the
# shell stays on ttyAMA0. No earlycon: with ttyAMA0 not the preferred console,
# the pl011 boot console stays enabled beside it until hvc0 comes (for ever
# without hvc0), and the serial port shows every line twice.
hvc) bootargs="console=ttyAMA0 console=hvc0 rdinit=/init panic=5" ;;
*) die "TZVMM_CONSOLE=$TZVMM_CONSOLE: expected ttyAMA0 or hvc" ;;
esac
bootargs=${6:-$bootargs}
root=$(cd "$(dirname "$0")/../.." && pwd)
qemu=$root/plat/${TZVMM_PLAT:-qemu_virt}/qemu   # the board's QEMU
[ -x "$qemu" ] || die "no board script $qemu"
for t in dtc fdtget fdtput; do
    command -v $t >/dev/null || die "$t not found (apt-get install device-tree-compiler)"
done
num() { [[ $1 =~ ^(0x[0-9a-fA-F]+|[0-9]+)$ ]] || die "not a number: $1"; echo $(($1)); }
smp=$(num "$smp") mem=$(num "$mem")
initrd_start=$(num "$initrd_start") initrd_end=$(num "$initrd_end")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dtb=$tmp/virt.dtb

# QEMU's own tree for this machine (padded to 1 MiB, so fdtput has room to grow it).
timeout 30 "$qemu" -machine "dumpdtb=$dtb" -smp "$smp" -m "$mem" -serial none \
    </dev/null >"$tmp/qemu.log" 2>&1 ||
    die "the board's QEMU could not dump its DTB: $(tail -n 1 "$tmp/qemu.log")"

# 1. Secure-only nodes carry status = "disabled"; secure-status = "okay". QEMU 7.2
#    emits them at the root: secflash@0 (secure flash), secram@e000000 (secure RAM),
#    pl011@9040000 (secure UART), pl061@90b0000 (secure GPIO) and the gpio-poweroff /
#    gpio-restart nodes wired to it. Linux ignores disabled nodes, but the normal world
#    must not even learn they exist; /secure-chosen is the secure world's /chosen.
for node in $(fdtget -l "$dtb" /); do
    if [ "$(fdtget -ts "$dtb" "/$node" secure-status 2>/dev/null)" = okay ] &&
       [ "$(fdtget -ts "$dtb" "/$node" status 2>/dev/null)" = disabled ]; then
        fdtput -r "$dtb" "/$node"
    fi
done
fdtput -r "$dtb" /secure-chosen 2>/dev/null || true

# 2. QEMU puts fresh random kaslr-seed / rng-seed into /chosen on every run: a seed
#    frozen into a reusable file is not random (and 32-bit ARM has no KASLR), and it
#    would make this output differ every time. Drop both.
fdtput -d "$dtb" /chosen kaslr-seed 2>/dev/null || true
fdtput -d "$dtb" /chosen rng-seed 2>/dev/null || true

# 3. PSCI through SMC to the secure world. The cpu nodes already say
#    enable-method = "psci". PSCI >= 0.2 uses the standard function ids, so no
#    cpu_on/cpu_off properties.
fdtput -r "$dtb" /psci 2>/dev/null || true
fdtput -c "$dtb" /psci
fdtput -ts "$dtb" /psci compatible arm,psci-1.0 arm,psci-0.2
fdtput -ts "$dtb" /psci method smc

# 4. Para-virtual devices: virtio devices whose registers the secure world serves
#    through SMCs (docs/bindings/tzvmm-virtio.md; Linux driver
#    guest/linux/modules/tzvmm_virtio). The board reserves SPIs 240-243 for them;
#    edge-triggered. The root's interrupt-parent (the GIC) applies.
[ -n "$(fdtget "$dtb" / interrupt-parent 2>/dev/null)" ] ||
    die "QEMU's tree has no interrupt-parent at the root for the virtio-smc nodes"
virtio_smc() { # NAME DEVICE SPI
    fdtput -c "$dtb" "/$1"
    fdtput -ts "$dtb" "/$1" compatible tzvmm,virtio-smc
    fdtput -tu "$dtb" "/$1" tzvmm,device "$2"
    fdtput -tu "$dtb" "/$1" interrupts 0 "$3" 1      # GIC_SPI n IRQ_TYPE_EDGE_RISING
}
# One node per line of the VMM's device list, X(NAME, class) in
# include/tzvmm/virtio_smc.h: device i raises SPI 240 + i (INTID 272 + i,
# PLAT_SPI_TZVMM_FIRST), of the 4 the board reserves.
devices=$(sed -n 's/^[[:space:]]*X([A-Z0-9_]*, *\([a-z0-9_]*\)).*/\1/p' \
    "$root/include/tzvmm/virtio_smc.h")
[ -n "$devices" ] || die "no virtio device in include/tzvmm/virtio_smc.h's TZVMM_VIRTIO_DEVICES"
[ "$(echo "$devices" | wc -l)" -le 4 ] || die "more virtio devices than the 4 SPIs the board reserves"
i=$(($(echo "$devices" | wc -l) - 1))
# (fdtput -c puts a new node first: made last to first, the dts lists them
# in index order.)
for class in $(echo "$devices" | tac); do
    virtio_smc "virtio-smc-$class" "$i" $((240 + i))
    i=$((i - 1))
done

# 5. How Linux boots: command line, console, where the initrd was loaded.
fdtput -ts "$dtb" /chosen bootargs "$bootargs"
fdtput -ts "$dtb" /chosen stdout-path /pl011@9000000
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
