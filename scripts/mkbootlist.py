#!/usr/bin/python3
"""mkbootlist.py OUTDIR BINARY [--test] COMPONENT... — the boot list of one
secure image, from the components' declarations.

Each secure component is a folder components/<name>/ whose component.conf
declares, in one place, what it is and what it may use (docs/adding-a-
component.md). In the test image (--test) a component's
testhooks/component.conf, if present, adds to its declaration. From the
declarations of the image's components, in the order given, this writes:

  OUTDIR/boot_list.c         plat_boot_list[] for the kernel (kernel/component.h)
  OUTDIR/components.S        the component images embedded: BINARY with
                             {name} replaced by each component's name
  OUTDIR/<name>/component_caps.h
                             CAP_<NAME> for each capability the component
                             holds, at the slot the kernel will give it, and
                             COMPONENT_IRQ_<i> for its i-th interrupt

Capabilities and signal targets are named (component.thread), never given by
position: a name that does not resolve stops the build with one line naming
the file, the line and the problem.
"""
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def c_constants(*headers):
    """NAME -> value of every "#define NAME VALUE" of the headers whose VALUE
    is a number (u suffix allowed) or a name defined before it: the limits
    the C code is built with, read from where C reads them."""
    out = {}
    for h in headers:
        for m in re.finditer(r"^#define\s+(\w+)\s+(\w+)\b", (ROOT / h).read_text(), re.M):
            name, value = m.groups()
            if re.fullmatch(r"(0x[0-9a-fA-F]+|[0-9]+)u?", value):
                out[name] = int(value.rstrip("u"), 0)
            elif value in out:
                out[name] = out[value]
    return out


LIMITS = c_constants("include/tzvmm/limits.h", "include/tzvmm/component_layout.h")
# A component holding vCPUs has vCPU i in slot i, COMPONENT_MAX_VCPUS slots
# in all; named capabilities follow (include/tzvmm/component_layout.h).
COMPONENT_MAX_VCPUS = LIMITS["COMPONENT_MAX_VCPUS"]
COMPONENT_MAX_CAPS = LIMITS["COMPONENT_MAX_CAPS"]
COMPONENT_MAX_SIGNAL_CAPS = LIMITS["COMPONENT_MAX_SIGNAL_CAPS"]
COMPONENT_MAX_IRQS = LIMITS["COMPONENT_MAX_IRQS"]
COMPONENT_MAX_SHM = LIMITS["COMPONENT_MAX_SHM"]
COMPONENT_VA_SHM = LIMITS["COMPONENT_VA_SHM"]
COMPONENT_SHM_MAX = LIMITS["COMPONENT_SHM_MAX"]
MAX_CPUS = LIMITS["TZVMM_MAX_CPUS"]
MAX_COMPONENTS = LIMITS["TZVMM_MAX_COMPONENTS"]
MAX_THREADS = LIMITS["TZVMM_MAX_THREADS"]
MAX_IRQ_ROUTES = LIMITS["TZVMM_MAX_IRQ_ROUTES"]
PRIO_MAX = LIMITS["TZVMM_PRIO_MAX"]
BUDGET_PERIOD_MAX_MS = LIMITS["TZVMM_BUDGET_PERIOD_MAX_MS"]
PAGE = 4096

RIGHTS = {"power": "RIGHT_POWER", "kinfo": "RIGHT_KINFO", "vcpu-regs": "RIGHT_VCPU_REGS",
          "irq-inject": "RIGHT_IRQ_INJECT", "ns-cache": "RIGHT_NS_CACHE",
          "fastpath": "RIGHT_FASTPATH", "console": "RIGHT_CONSOLE"}
DEVICES = {"boot-files": "COMP_BOOT_FILES", "storage": "COMP_STORAGE"}
MEMORY = {"ns-ram": "COMP_NS_RAM"}
YES_NO = {"yes": True, "no": False}


class DeclError(Exception):
    pass


class Component:
    def __init__(self, name):
        self.name = name
        self.threads = None       # "per-cpu" or an int
        self.priority = None
        self.budget = None        # (us, period us): a budget per period, or none
        self.rights, self.devices, self.memory = [], [], []
        self.vcpu_exit = None     # signal bits (C expression) on each vCPU exit
        self.vcpu_observe = False  # vCPU caps for reading banked registers only
        self.restart = self.essential = False
        self.caps = []            # (name, target "comp.thread", bits)
        self.irqs = []            # (intid, bits, where)
        self.fault_notify = None  # (target, bits)
        self.shm = []             # (name, KiB, where)
        self.where = {}           # key -> "file:line", for messages

    def nthreads(self):
        return None if self.threads == "per-cpu" else self.threads


def words_of(value, allowed, key):
    if value == "none":
        return []
    out = []
    for w in value.split():
        if w not in allowed:
            raise DeclError(f"{key}: '{w}' is not one of {', '.join(sorted(allowed))}")
        out.append(w)
    return out


def parse(comp, path):
    for n, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        key, _, value = line.partition(" ")
        value = value.strip()
        where = f"{path}:{n}"
        try:
            if key == "name":
                if value != comp.name:
                    raise DeclError(f"name '{value}' differs from its folder '{comp.name}'")
            elif key == "threads":
                if value == "per-cpu":
                    comp.threads = value
                elif re.fullmatch(r"[1-9][0-9]*", value):
                    comp.threads = int(value)
                else:
                    raise DeclError(f"threads must be 'per-cpu' or a count, not '{value}'")
            elif key == "priority":
                if not re.fullmatch(r"[0-9]+", value) or not 1 <= int(value) <= PRIO_MAX:
                    raise DeclError(f"priority must be 1 to {PRIO_MAX}, not '{value}'")
                comp.priority = int(value)
            elif key == "budget":
                m = re.fullmatch(r"([0-9]+)\s+us\s+per\s+([0-9]+)\s+ms", value)
                if value == "none":
                    comp.budget = None
                elif not m or int(m.group(1)) == 0 or int(m.group(2)) == 0 or \
                        int(m.group(2)) > BUDGET_PERIOD_MAX_MS or \
                        int(m.group(1)) >= int(m.group(2)) * 1000:
                    raise DeclError(f"budget must be 'none' or 'US us per MS ms' with 0 < US < "
                                    f"MS * 1000 and MS at most {BUDGET_PERIOD_MAX_MS}, "
                                    f"not '{value}'")
                else:
                    comp.budget = (int(m.group(1)), int(m.group(2)) * 1000)
            elif key == "rights":
                comp.rights += words_of(value, RIGHTS, key)
            elif key == "devices":
                comp.devices += words_of(value, DEVICES, key)
            elif key == "memory":
                comp.memory += words_of(value, MEMORY, key)
            elif key == "interrupts":
                if value != "none":
                    raise DeclError("interrupts: 'none', or one 'interrupt NAME signal BITS' "
                                    "line per interrupt")
            elif key == "interrupt":
                m = re.fullmatch(r"([a-z][a-z0-9-]*)\s+signal\s+(\S+)", value)
                if not m:
                    raise DeclError("interrupt must be 'NAME signal BITS', NAME one the "
                                    "board gives (secure-uart, spare-sgi, ...)")
                intid = board_interrupt(m.group(1))
                if any(q[0] == intid for q in comp.irqs):
                    raise DeclError(f"interrupt {m.group(1)} granted twice")
                comp.irqs.append((intid, m.group(2), where))
            elif key == "shared-memory":
                m = re.fullmatch(r"([a-z][a-z0-9_]*)\s+([0-9]+)", value)
                if value == "none":
                    pass
                elif not m or int(m.group(2)) == 0 or int(m.group(2)) % 4:
                    raise DeclError("shared-memory must be 'none' or 'NAME KIB' (a multiple "
                                    "of 4 KiB)")
                elif any(s[0] == m.group(1) for s in comp.shm):
                    raise DeclError(f"shared memory '{m.group(1)}' declared twice")
                else:
                    comp.shm.append((m.group(1), int(m.group(2)), where))
            elif key == "vcpus":
                m = re.fullmatch(r"exit-signal\s+(\S+)", value)
                if value == "observe":
                    comp.vcpu_observe = True
                elif m:
                    comp.vcpu_exit = m.group(1)
                else:
                    raise DeclError("vcpus must be 'exit-signal BITS' or 'observe'")
                if comp.vcpu_exit and comp.vcpu_observe:
                    raise DeclError("vcpus: either 'exit-signal BITS' or 'observe', not both")
            elif key == "restart" and value == "image":
                comp.restart = "image"
            elif key in ("restart", "essential"):
                if value not in YES_NO:
                    also = " or image" if key == "restart" else ""
                    raise DeclError(f"{key} must be yes or no{also}, not '{value}'")
                setattr(comp, key, YES_NO[value])
            elif key == "cap":
                m = re.fullmatch(r"([a-z][a-z0-9_]*)\s+signal\s+(\S+)\s+(\S+)", value)
                if not m:
                    raise DeclError("cap must be 'NAME signal COMPONENT.THREAD BITS'")
                if any(c[0] == m.group(1) for c in comp.caps):
                    raise DeclError(f"capability '{m.group(1)}' declared twice")
                comp.caps.append((m.group(1), m.group(2), m.group(3), where))
            elif key == "fault-notify":
                m = re.fullmatch(r"(\S+)\s+(\S+)", value)
                if not m:
                    raise DeclError("fault-notify must be 'COMPONENT.THREAD BITS'")
                comp.fault_notify = (m.group(1), m.group(2), where)
            else:
                raise DeclError(f"unknown key '{key}'")
        except DeclError as e:
            raise DeclError(f"{where}: {e}") from None
        comp.where.setdefault(key, where)


def load(name, test):
    comp = Component(name)
    folder = Path("components") / name
    conf = folder / "component.conf"
    if not conf.is_file():
        raise DeclError(f"{conf}: no such file (a component is a folder with a component.conf)")
    parse(comp, conf)
    extra = folder / "testhooks" / "component.conf"
    if test and extra.is_file():
        parse(comp, extra)
    for key in ("threads", "priority"):
        if getattr(comp, key) is None:
            raise DeclError(f"{conf}: '{key}' is missing")
    if comp.vcpu_exit and comp.threads != "per-cpu":
        raise DeclError(f"{conf}: vcpus needs 'threads per-cpu' (thread i serves vCPU i)")
    if comp.restart and comp.essential:
        raise DeclError(f"{conf}: a component is either restarted or essential, not both")
    if len(comp.caps) > COMPONENT_MAX_SIGNAL_CAPS:
        raise DeclError(f"{conf}: at most {COMPONENT_MAX_SIGNAL_CAPS} capabilities")
    if len(comp.irqs) > COMPONENT_MAX_IRQS:
        raise DeclError(f"{conf}: at most {COMPONENT_MAX_IRQS} interrupts")
    if len(comp.shm) > COMPONENT_MAX_SHM:
        raise DeclError(f"{conf}: at most {COMPONENT_MAX_SHM} shared-memory regions")
    if sum(kib for _, kib, _ in comp.shm) * 1024 + PAGE * len(comp.shm) > COMPONENT_SHM_MAX:
        raise DeclError(f"{conf}: more than {COMPONENT_SHM_MAX >> 20} MiB of shared memory")
    return comp


SIGNAL_THIS_CPU = 0xffff   # kernel/component.h


def resolve(target, comps, where, this_cpu=False):
    """'comp.thread' -> (index in the image's list, thread); with this_cpu,
    also 'comp.cpu': that per-CPU component's thread on the signaller's CPU."""
    m = re.fullmatch(r"([a-z][a-z0-9_]*)\.([0-9]+|cpu)", target)
    if not m or (m.group(2) == "cpu" and not this_cpu):
        raise DeclError(f"{where}: '{target}' is not COMPONENT.THREAD")
    names = [c.name for c in comps]
    if m.group(1) not in names:
        raise DeclError(f"{where}: no component '{m.group(1)}' in this image "
                        f"({', '.join(names)})")
    if m.group(2) == "cpu":
        idx = names.index(m.group(1))
        if comps[idx].threads != "per-cpu":
            raise DeclError(f"{where}: '{target}': component '{m.group(1)}' has no thread "
                            f"per CPU")
        return idx, SIGNAL_THIS_CPU
    idx, thread = names.index(m.group(1)), int(m.group(2))
    n = comps[idx].nthreads()
    if n is None and thread != 0:
        raise DeclError(f"{where}: component '{m.group(1)}' runs a thread per CPU; only thread 0 "
                        f"exists on every machine")
    if n is not None and thread >= n:
        raise DeclError(f"{where}: component '{m.group(1)}' has no thread {thread}")
    return idx, thread


def cap_base(comp):
    return COMPONENT_MAX_VCPUS if comp.vcpu_exit or comp.vcpu_observe else 0


def shm_regions(comps):
    """The image's shared-memory regions: {name: (index, bytes)}, each
    declared with one size by two or more components."""
    regions, users = {}, {}
    for c in comps:
        for name, kib, where in c.shm:
            if name in regions and regions[name][1] != kib * 1024:
                raise DeclError(f"{where}: shared memory '{name}' is {kib} KiB here but "
                                f"{regions[name][1] // 1024} KiB in "
                                f"{users[name][0]}")
            regions.setdefault(name, (len(regions), kib * 1024))
            users.setdefault(name, []).append(c.name)
    for c in comps:
        for name, _, where in c.shm:
            if len(users[name]) < 2:
                raise DeclError(f"{where}: shared memory '{name}' is shared with no other "
                                f"component in this image")
    return regions


def shm_layout(c, regions):
    """(name, region index, va, bytes) of c's regions: from COMPONENT_VA_SHM in
    declaration order, a guard page after each."""
    va, out = COMPONENT_VA_SHM, []
    for name, _, _ in c.shm:
        index, size = regions[name]
        out.append((name, index, va, size))
        va += size + PAGE
    return out


def boot_list_c(comps, sources, test=False):
    regions = shm_regions(comps)
    # The test image's declarations may name test-only bits
    # (include/tzvmm/test/); the production list cannot.
    tests = [f"#include <tzvmm/test/{h.name}>"
             for h in sorted((ROOT / "include" / "tzvmm" / "test").glob("*.h"))] if test else []
    out = [f"/* Generated by scripts/mkbootlist.py from {', '.join(sources)}: do not edit. */",
           "#include <tzvmm/signals.h>", *tests, '#include "component.h"', ""]
    for c in comps:
        out.append(f"extern const uint8_t {c.name}_image[], {c.name}_image_end[];")
    out += ["", "const struct component_desc plat_boot_list[] = {"]
    for c in comps:
        flags = []
        if c.threads == "per-cpu":
            flags.append("COMP_PER_CPU")
        if c.vcpu_exit:
            flags.append("COMP_VCPUS")
        if c.vcpu_observe:
            flags.append("COMP_VCPU_OBSERVE")
        flags += [DEVICES[d] for d in c.devices] + [MEMORY[m] for m in c.memory]
        if c.restart == "image":
            flags.append("COMP_RESTART_IMAGE")
        elif c.restart:
            flags.append("COMP_RESTART")
        if c.essential:
            flags.append("COMP_ESSENTIAL")
        out += ["\t{",
                f'\t\t.name = "{c.name}",',
                f"\t\t.image = {c.name}_image,",
                f"\t\t.image_end = {c.name}_image_end,",
                f"\t\t.nthreads = {c.nthreads() or 0},",
                f"\t\t.prio = {c.priority},",
                f"\t\t.budget_us = {c.budget[0] if c.budget else 0},",
                f"\t\t.period_us = {c.budget[1] if c.budget else 0},",
                f"\t\t.rights = {' | '.join(RIGHTS[r] for r in c.rights) or '0'},",
                f"\t\t.flags = {' | '.join(flags) or '0'},",
                f"\t\t.vcpu_exit_bits = {c.vcpu_exit or '0'},"]
        if c.caps:
            grants = []
            for _, target, bits, where in c.caps:
                idx, thread = resolve(target, comps, where, this_cpu=True)
                grants.append(f"{{ .component = {idx}, .thread = {thread}, .bits = {bits} }}")
            out += [f"\t\t.signals = {{ {', '.join(grants)} }},", f"\t\t.nsignals = {len(grants)},"]
        if c.irqs:
            grants = ", ".join(f"{{ .intid = {q}, .bits = {bits} }}" for q, bits, _ in c.irqs)
            out += [f"\t\t.irqs = {{ {grants} }},", f"\t\t.nirqs = {len(c.irqs)},"]
        if c.fault_notify:
            target, bits, where = c.fault_notify
            idx, thread = resolve(target, comps, where)
            out += [f"\t\t.fault_notify = {{ .component = {idx}, .thread = {thread}, "
                    f".bits = {bits} }},", "\t\t.has_fault_notify = true,"]
        if c.shm:
            grants = ", ".join(f"{{ .region = {i}, .va = 0x{va:08x} }}"
                               for _, i, va, _ in shm_layout(c, regions))
            out += [f"\t\t.shm = {{ {grants} }},", f"\t\t.nshm = {len(c.shm)},"]
        out.append("\t},")
    out += ["};", "const size_t plat_boot_list_len = sizeof(plat_boot_list) / "
            "sizeof(plat_boot_list[0]);", ""]
    out += static_asserts(comps) + [""]
    out.append("const struct shm_region plat_shm_regions[] = {")
    out += [f'\t{{ .name = "{n}", .size = {size} }},'
            for n, (_, size) in sorted(regions.items(), key=lambda r: r[1][0])]
    if not regions:
        out.append("\t{ .name = \"\", .size = 0 },   /* none: an array needs an element */")
    out += ["};", f"const size_t plat_shm_regions_len = {len(regions)};", ""]
    return "\n".join(out)


def components_s(comps, binary):
    out = ["/* Generated by scripts/mkbootlist.py: the component images. */",
           '\t.section .rodata.components, "a"']
    for c in comps:
        out += ["\t.balign 4096", f"\t.global {c.name}_image, {c.name}_image_end",
                f"{c.name}_image:", f'\t.incbin "{binary.format(name=c.name)}"', f"{c.name}_image_end:"]
    return "\n".join(out) + "\n"


def caps_h(c, regions):
    guard = f"COMPONENT_CAPS_{c.name.upper()}_H"
    out = [f"/* Generated by scripts/mkbootlist.py: the capabilities of '{c.name}' in this image. */",
           f"#ifndef {guard}", f"#define {guard}", ""]
    for i, (name, target, _, _) in enumerate(c.caps):
        out.append(f"#define CAP_{name.upper()} {cap_base(c) + i}u   /* signal {target} */")
    for i, (intid, bits, _) in enumerate(c.irqs):
        out.append(f"#define COMPONENT_IRQ_{i} {intid}u   /* signalled as {bits} */")
    for name, _, va, size in shm_layout(c, regions):
        out.append(f"#define SHM_{name.upper()}_VA 0x{va:08x}u   /* shared memory '{name}' */")
        out.append(f"#define SHM_{name.upper()}_SIZE {size}u")
    out += ["", "#endif", ""]
    return "\n".join(out)


def image_threads(comps):
    """Threads of the image with a thread per CPU on every CPU there can be."""
    return sum(MAX_CPUS if c.threads == "per-cpu" else c.threads for c in comps)


def check_image(comps):
    """What the kernel's tables hold (include/tzvmm/limits.h), checked for
    the whole image at build time: the kernel would stop at boot."""
    if len(comps) > MAX_COMPONENTS:
        raise DeclError(f"{len(comps)} components, but an image holds at most {MAX_COMPONENTS} "
                        "(TZVMM_MAX_COMPONENTS, include/tzvmm/limits.h)")
    if image_threads(comps) > MAX_THREADS:
        raise DeclError(f"{image_threads(comps)} threads on {MAX_CPUS} CPUs, but an image holds "
                        f"at most {MAX_THREADS} (TZVMM_MAX_THREADS, include/tzvmm/limits.h)")
    if sum(len(c.irqs) for c in comps) > MAX_IRQ_ROUTES:
        raise DeclError(f"the image's components take more than {MAX_IRQ_ROUTES} interrupts "
                        "(TZVMM_MAX_IRQ_ROUTES, include/tzvmm/limits.h)")
    for c in comps:
        if cap_base(c) + len(c.caps) > COMPONENT_MAX_CAPS:
            raise DeclError(f"{c.where.get('name', c.name)}: '{c.name}' needs "
                            f"{cap_base(c) + len(c.caps)} capability slots, at most "
                            f"{COMPONENT_MAX_CAPS} (COMPONENT_MAX_CAPS)")


def static_asserts(comps):
    """The same limits, asserted by the C compiler on the boot list it
    builds, in the C headers' own names."""
    threads = " + ".join("TZVMM_MAX_CPUS" if c.threads == "per-cpu" else str(c.threads)
                         for c in comps)
    out = ["_Static_assert(sizeof(plat_boot_list) / sizeof(plat_boot_list[0]) <= "
           "TZVMM_MAX_COMPONENTS, \"too many components (include/tzvmm/limits.h)\");",
           f"_Static_assert({threads} <= TZVMM_MAX_THREADS, "
           "\"too many threads (include/tzvmm/limits.h)\");",
           f"_Static_assert({sum(len(c.irqs) for c in comps)} <= TZVMM_MAX_IRQ_ROUTES, "
           "\"too many interrupts (include/tzvmm/limits.h)\");"]
    for c in comps:
        base = "COMPONENT_MAX_VCPUS + " if cap_base(c) else ""
        out.append(f"_Static_assert({base}{len(c.caps)} <= COMPONENT_MAX_CAPS, "
                   f"\"{c.name}: too many capabilities\");")
    return out


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text:   # keep make's timestamps
        path.write_text(text)


def board_interrupt(name):
    """INTID of the board's interrupt NAME: PLAT_IRQ_<NAME> in the memory map of
    the board being built (TZVMM_PLAT, set by the Makefile from PLAT)."""
    board = os.environ.get("TZVMM_PLAT", "qemu_virt")
    path = os.path.join(ROOT, "plat", board, "include", "plat", "memmap.h")
    macro = "PLAT_IRQ_" + name.upper().replace("-", "_")
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        raise DeclError(f"interrupt {name}: no board memory map {path} (TZVMM_PLAT={board})")
    m = re.search(rf"^#define\s+{macro}\s+PLAT_U\(([0-9]+|0x[0-9a-fA-F]+)\)", text, re.M)
    if not m:
        raise DeclError(f"interrupt {name}: board {board} has no {macro} "
                        f"(plat/{board}/include/plat/memmap.h)")
    return int(m.group(1), 0)


def main(argv):
    args = [a for a in argv if a != "--test"]
    test = len(args) != len(argv)
    if len(args) < 3:
        sys.exit("usage: mkbootlist.py OUTDIR BINARY [--test] COMPONENT...")
    outdir, binary, names = Path(args[0]), args[1], args[2:]
    try:
        if len(set(names)) != len(names):
            raise DeclError(f"a component is listed twice: {' '.join(names)}")
        comps = [load(n, test) for n in names]
        check_image(comps)
        sources = [f"components/{n}/component.conf" for n in names]
        write(outdir / "boot_list.c", boot_list_c(comps, sources, test))
        write(outdir / "components.S", components_s(comps, binary))
        regions = shm_regions(comps)
        for c in comps:
            write(outdir / c.name / "component_caps.h", caps_h(c, regions))
    except DeclError as e:
        sys.exit(f"mkbootlist: {e}")


if __name__ == "__main__":
    main(sys.argv[1:])
