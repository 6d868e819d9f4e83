#!/usr/bin/env bash
# make bench: every performance figure as one "name value unit" line.
# Instruction counts come from -icount runs (exact, repeatable); times are
# medians from this run on this host, ratios from interleaved pairs. The
# lines, the raw samples and the traced run's log also go to BUILD/bench/,
# from which bench/report.py writes BUILD/bench/report.md and its plots (and,
# with --readme, the README's figures). BUILD/bench/load keeps the host's
# 1-minute load average at the start and the end: times depend on it.
set -euo pipefail

secure="" secure_test="" secure_trace="" bench_guest="" short_guest="" build=build
smp=${SMP:-2} mem=${MEM:-1024}
while [ $# -gt 0 ]; do
	case "$1" in
	--secure) secure=$2; shift ;;
	--secure-test) secure_test=$2; shift ;;
	--secure-trace) secure_trace=$2; shift ;;
	--bench-guest-short) short_guest=$2; shift ;;
	--bench-guest) bench_guest=$2; shift ;;
	--build) build=$2; shift ;;
	*) echo "bench.sh: unknown option '$1'" >&2; exit 2 ;;
	esac
	shift
done
here=$(cd "$(dirname "$0")/.." && pwd)
py=/usr/bin/python3
[ -x "$py" ] || py=python3

# Source size: non-blank lines that are not only a comment.
sloc() { cat "$@" | grep -v -E '^\s*$|^\s*(/?\*|//|@)' | wc -l; }

out=$build/bench
rm -rf "$out"
mkdir -p "$out"
export TZVMM_BENCH_DATA=$out
load0=$(cut -d' ' -f1 /proc/loadavg)
traced=()
[ -z "$secure_trace" ] || traced=("$secure_trace" "$short_guest")
{
"$py" "$here/bench/smc.py" "$here/scripts/tzvmm-run" "$secure" "$secure_test" "$bench_guest" \
	"${traced[@]}"
# Where the VMM round trip's instructions go, stage by stage (QEMU's
# per-instruction trace of a moment of the same guest).
"$py" "$here/bench/smc_stages.py" "$here/scripts/tzvmm-run" "$secure" "$bench_guest" \
	"$out/smc-stages.json"
echo "monitor_asm_lines $(sloc "$here/arch/armv7/monitor.S") lines"
echo "kernel_sloc $(sloc "$here"/kernel/*.[ch] "$here"/arch/armv7/*.[cS] "$here"/arch/armv7/include/arch/*.h "$here"/plat/*/*.[cS] "$here"/plat/*/include/plat/*.h) lines"
echo "vmm_sloc $(sloc "$here"/components/vmm/*.[ch]) lines"
echo "secure_image_bytes $(stat -c %s "$secure") bytes"
# Another board (make bench BOARD=...): its SMC costs and sizes above; the
# storage, flood, storm and Linux figures are measured on qemu_virt, whose
# devices and timing they were made for.
if [ "${TZVMM_PLAT:-qemu_virt}" = qemu_virt ]; then
	"$py" "$here/bench/flash.py" "$here/scripts/tzvmm-run" "$secure_test" "$build/guest-hello/hello.bin"
	"$py" "$here/bench/flood.py" "$here/scripts/tzvmm-run" "$secure_test" "$build/guest-drain/guest-drain.bin"
	"$py" "$here/bench/storm.py" "$here/scripts/tzvmm-run" "$secure" "$build/guest-storm/guest-storm.bin" "$smp"
	"$py" "$here/bench/linux_boot.py" "$here/scripts/tzvmm-run" "$secure" \
		"$here/scripts/prepare-linux.sh" "$build/linux" "$smp" "$mem"
	"$py" "$here/bench/pvdev.py" "$here/scripts/tzvmm-run" "$secure" \
		"$here/scripts/prepare-linux.sh" "$build/linux" "$smp" "$mem"
	"$py" "$here/bench/debian_boot.py" "$here/scripts/tzvmm-run" "$secure" \
		"$here/scripts/prepare-linux.sh" "$smp" "$mem"
fi
} | tee "$out/figures.txt"
echo "$load0 $(cut -d' ' -f1 /proc/loadavg)" > "$out/load"
[ "${TZVMM_PLAT:-qemu_virt}" = qemu_virt ] || exit 0   # the report is virt's
"$py" "$here/bench/report.py" "$out"
