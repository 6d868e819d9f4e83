#!/usr/bin/python3
"""mkcorpus.py [DIR] — writes the seed corpora of the host fuzzers.

For each libFuzzer target of test/fuzz/ a few inputs that drive its
interface the way a correct caller would (a virtio driver initialising its
devices and making block and console requests, valid PSCI and SMCCC calls,
a zImage and a device tree, a fw_cfg directory, system calls with their
right arguments, a formatted flash), so that mutation starts from deep
states instead of having to discover every magic number and every step of
a protocol by itself. Each target's seeds go to DIR/<target>/ (default
test/fuzz/corpus/, the committed corpora that make fuzz reads), one file
per seed, named for what it does; files of earlier runs there are removed
first, so the directory is exactly this script's output.

The input formats are the harnesses' own (the comment at the top of each
test/fuzz/fuzz_*.c): a change to a harness's format needs the matching
change here, then a run of this script, and both committed together.
Register offsets, call numbers and such come from the C headers, read
below, so that seeds follow the code they exercise.
"""
import pathlib
import re
import struct
import sys
import zlib

ROOT = pathlib.Path(__file__).resolve().parents[2]


# ---- constants from the C headers ----------------------------------------
def evaluate(expr, known):
    """The value of a #define's body made of integer literals, earlier
    names, SMCCC_ID(owner, func) and C operators, or None."""
    expr = re.sub(r'SMCCC_ID\(\s*(\w+)\s*,\s*(\w+)\s*\)',
                  r'(0x80000000 | ((\1) << 24) | (\2))', expr)
    expr = re.sub(r'\b(0[xX][0-9a-fA-F]+|\d+)[uU]?[lL]*\b', r'\1', expr)
    for name in set(re.findall(r'\b[A-Za-z_]\w*\b', expr)):
        if re.fullmatch(r'0[xX][0-9a-fA-F]+', name):
            continue
        if name not in known:
            return None
        expr = re.sub(r'\b%s\b' % name, '(%d)' % known[name], expr)
    if not re.fullmatch(r'[0-9a-fA-FxX\s()|&^<>+\-*/~]*', expr):
        return None
    try:   # only digits and operators are left
        return int(eval(expr.replace('/', '//'), {'__builtins__': {}}))
    except (SyntaxError, TypeError, ZeroDivisionError):
        return None


def defines(*paths):
    known = {}
    for path in paths:
        for line in (ROOT / path).read_text().splitlines():
            # #define NAME value, or an enumerator with its value.
            m = re.match(r'\s*#\s*define\s+(\w+)\s+(.*?)\s*(/\*.*)?$', line) or \
                re.match(r'\s*([A-Z][A-Z0-9_]*)\s*=\s*([^,]*?),?\s*(/\*.*)?$', line)
            if m:
                value = evaluate(m.group(2), known)
                if value is not None:
                    known[m.group(1)] = value
    return known


C = defines('include/tzvmm/limits.h', 'include/tzvmm/smccc.h', 'include/tzvmm/test/hooks.h', 'components/storage/journal.h', 'include/tzvmm/virtio_smc.h', 'include/tzvmm/syscall.h',
            'include/tzvmm/storage.h', 'include/tzvmm/flash_layout.h',
            'components/vmm/virtio/virtio.h', 'components/vmm/virtio/virtio_blk.h',
            'components/storage/layout.h', 'kernel/kernel.h', 'kernel/fastpath.h',
            'lib/include/lib/fwcfg.h')


def u16(v):
    return struct.pack('<H', v & 0xffff)


def u32(v):
    return struct.pack('<I', v & 0xffffffff)


# ---- fuzz_virtio: an op stream (test/fuzz/fuzz_virtio.c) ---------------------
RAM_BASE = 0x40000000   # fuzz_virtio.c's normal RAM
# Device indices: the order of TZVMM_VIRTIO_DEVICES' X(NAME, class) lines.
DEVICES = re.findall(r'^\s*X\((\w+), *\w+\)', (ROOT / 'include/tzvmm/virtio_smc.h').read_text(),
                     re.M)
BLK, CONSOLE = DEVICES.index('BLK'), DEVICES.index('CONSOLE')
ACK, DRIVER = C['VIRTIO_STATUS_ACKNOWLEDGE'], C['VIRTIO_STATUS_DRIVER']
FEATURES_OK, DRIVER_OK = C['VIRTIO_STATUS_FEATURES_OK'], C['VIRTIO_STATUS_DRIVER_OK']
VERSION_1 = 1 << C['VIRTIO_F_VERSION_1']
# virtio-blk's features (virtio 1.x 5.2.3): SEG_MAX, BLK_SIZE, FLUSH.
BLK_FEATURES = VERSION_1 | 1 << 2 | 1 << 6 | 1 << 9
F_NEXT, F_WRITE = C['VIRTQ_DESC_F_NEXT'], C['VIRTQ_DESC_F_WRITE']
BLK_T_IN, BLK_T_OUT, BLK_T_FLUSH, BLK_T_GET_ID = 0, 1, 4, 8   # virtio 1.x 5.2.6
REG = {name[len('VIRTIO_MMIO_'):]: v for name, v in C.items()
       if name.startswith('VIRTIO_MMIO_') and v < 0x200}


class Ops:
    """Builds fuzz_virtio's input, one op at a time."""

    def __init__(self):
        self.b = bytearray()

    def ram(self, off, data):
        for i in range(0, len(data), 255):
            chunk = data[i:i + 255]
            self.b += bytes([0]) + u16(off + i) + bytes([len(chunk)]) + chunk

    def write(self, dev, reg, val, width=4):
        self.b += bytes([1, dev]) + u16(REG[reg] if isinstance(reg, str) else reg) + u32(val) + \
            bytes([width])

    def read(self, dev, reg, width=4):
        self.b += bytes([2, dev]) + u16(REG[reg] if isinstance(reg, str) else reg) + bytes([width])

    def addr(self, dev, reg, off):
        self.b += bytes([3, dev]) + u16(REG[reg]) + u16(off)

    def desc(self, at, buf, length, flags, nxt):
        self.b += bytes([4]) + u16(at) + u16(buf) + u16(length) + bytes([flags, nxt])

    def input(self, data):
        self.b += bytes([5, len(data)]) + data

    def cpu(self, n):
        self.b += bytes([6, n])

    def storage(self, mode, status=0):
        self.b += bytes([7, mode | status << 2])


class Queue:
    """A split virtqueue as a driver keeps it: descriptors handed out in
    order, each chain published in the available ring, then a kick."""

    def __init__(self, ops, dev, index, num, desc, avail, used):
        self.ops, self.dev, self.index, self.num = ops, dev, index, num
        self.desc, self.avail, self.used = desc, avail, used
        self.next_desc = self.avail_idx = 0

    def setup(self):
        o, d = self.ops, self.dev
        o.write(d, 'QUEUE_SEL', self.index)
        o.read(d, 'QUEUE_NUM_MAX')
        o.read(d, 'QUEUE_READY')
        o.write(d, 'QUEUE_NUM', self.num)
        o.addr(d, 'QUEUE_DESC_LOW', self.desc)
        o.write(d, 'QUEUE_DESC_HIGH', 0)
        o.addr(d, 'QUEUE_AVAIL_LOW', self.avail)
        o.write(d, 'QUEUE_AVAIL_HIGH', 0)
        o.addr(d, 'QUEUE_USED_LOW', self.used)
        o.write(d, 'QUEUE_USED_HIGH', 0)
        o.write(d, 'QUEUE_READY', 1)
        o.read(d, 'QUEUE_READY')

    def submit(self, chain, kick=True):
        """chain: (RAM offset, length, device-writable) per buffer."""
        head = self.next_desc
        for i, (buf, length, writable) in enumerate(chain):
            idx = (head + i) % self.num
            last = i == len(chain) - 1
            self.ops.desc(self.desc + 16 * idx, buf, length,
                          (0 if last else F_NEXT) | (F_WRITE if writable else 0),
                          0 if last else (idx + 1) % self.num)
        self.next_desc = (head + len(chain)) % self.num
        self.ops.ram(self.avail + 4 + 2 * (self.avail_idx % self.num), u16(head))
        self.avail_idx += 1
        self.ops.ram(self.avail + 2, u16(self.avail_idx))
        if kick:
            self.kick()

    def kick(self):
        self.ops.write(self.dev, 'QUEUE_NOTIFY', self.index)
        self.ops.read(self.dev, 'INTERRUPT_STATUS')
        self.ops.write(self.dev, 'INTERRUPT_ACK', 3)


def init_device(o, dev, features, queues):
    """virtio 1.x 3.1.1: reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK,
    queue setup, DRIVER_OK."""
    o.write(dev, 'STATUS', 0)
    for reg in ('MAGIC_VALUE', 'VERSION', 'DEVICE_ID', 'VENDOR_ID'):
        o.read(dev, reg)
    o.write(dev, 'STATUS', ACK)
    o.write(dev, 'STATUS', ACK | DRIVER)
    for sel in (0, 1):
        o.write(dev, 'DEVICE_FEATURES_SEL', sel)
        o.read(dev, 'DEVICE_FEATURES')
    for sel in (0, 1):
        o.write(dev, 'DRIVER_FEATURES_SEL', sel)
        o.write(dev, 'DRIVER_FEATURES', features >> (32 * sel))
    o.write(dev, 'STATUS', ACK | DRIVER | FEATURES_OK)
    o.read(dev, 'STATUS')
    for q in queues:
        q.setup()
    o.write(dev, 'STATUS', ACK | DRIVER | FEATURES_OK | DRIVER_OK)
    o.read(dev, 'CONFIG_GENERATION')


# RAM layout of the seeds (offsets in fuzz_virtio's 64 KiB of normal RAM).
BLK_Q = dict(num=8, desc=0x0000, avail=0x0100, used=0x0200)
RX_Q = dict(num=4, desc=0x0400, avail=0x0500, used=0x0600)
TX_Q = dict(num=4, desc=0x0800, avail=0x0900, used=0x0a00)
HDR, STATUS_BYTE, DATA = 0x1000, 0x1800, 0x2000   # request headers, status bytes, data


def blk_device(o):
    q = Queue(o, BLK, 0, **BLK_Q)
    init_device(o, BLK, BLK_FEATURES, [q])
    for off, width in ((0, 4), (4, 4), (12, 4), (20, 4), (0, 2), (1, 1), (20, 1)):
        o.read(BLK, C['VIRTIO_MMIO_CONFIG'] + off, width)   # capacity, seg_max, blk_size
    return q


def blk_request(o, q, n, kind, sector=0, data=(), writable=False, fill=None):
    """Request n of a seed (its header and status byte have slot n): the
    header, data buffers [(RAM offset, length)], the status byte."""
    o.ram(HDR + 16 * n, u32(kind) + u32(0) + struct.pack('<Q', sector))
    for off, length in data:
        if fill is not None:
            o.ram(off, bytes([fill]) * min(length, 64))
    q.submit([(HDR + 16 * n, 16, False)] + [(off, length, writable) for off, length in data] +
             [(STATUS_BYTE + n, 1, True)])


def console_device(o):
    rx, tx = Queue(o, CONSOLE, 0, **RX_Q), Queue(o, CONSOLE, 1, **TX_Q)
    init_device(o, CONSOLE, VERSION_1, [rx, tx])
    return rx, tx


def virtio_seeds():
    seeds = {}

    def seed(name, build):
        o = Ops()
        build(o)
        seeds[name] = bytes(o.b)

    seed('blk-init', blk_device)
    seed('blk-read', lambda o: blk_request(o, blk_device(o), 0, BLK_T_IN, 1,
                                            [(DATA, 1024)], writable=True))
    seed('blk-write', lambda o: blk_request(o, blk_device(o), 0, BLK_T_OUT, 3,
                                             [(DATA, 1024)], fill=0x5a))
    seed('blk-flush', lambda o: blk_request(o, blk_device(o), 0, BLK_T_FLUSH))
    seed('blk-get-id', lambda o: blk_request(o, blk_device(o), 0, BLK_T_GET_ID,
                                              data=[(DATA, 20)], writable=True))

    def all_requests(o):
        q = blk_device(o)
        blk_request(o, q, 0, BLK_T_OUT, 2, [(DATA, 512), (DATA + 0x1000, 512)], fill=0xa5)
        blk_request(o, q, 1, BLK_T_IN, 2, [(DATA + 0x2000, 1024)], writable=True)
        blk_request(o, q, 2, BLK_T_FLUSH)
        blk_request(o, q, 3, BLK_T_GET_ID, data=[(DATA + 0x3000, 20)], writable=True)
    seed('blk-all', all_requests)

    def other_cpu(o):   # the VMM threads of CPUs 3 and 7: their own storage slots
        o.cpu(3)
        q = blk_device(o)
        blk_request(o, q, 0, BLK_T_OUT, 60, [(DATA, 2048)], fill=0x33)
        o.cpu(7)
        blk_request(o, q, 1, BLK_T_IN, 60, [(DATA, 2048)], writable=True)
    seed('blk-other-cpus', other_cpu)

    def whole_disk(o):   # every sector, in several descriptors
        q = blk_device(o)
        blk_request(o, q, 0, BLK_T_IN, 0, [(DATA, 0x4000), (DATA + 0x4000, 0x3e00),
                                            (DATA + 0x8000, 0x200)], writable=True)
        blk_request(o, q, 1, BLK_T_IN, 63, [(DATA, 512)], writable=True)
    seed('blk-whole-disk', whole_disk)

    def storage_errors(o):   # the storage fails, stays silent, refuses the signal
        q = blk_device(o)
        for n, (mode, status) in enumerate(((1, C['STORAGE_EIO']), (2, 0), (3, 0), (0, 0))):
            o.storage(mode, status)
            blk_request(o, q, n, BLK_T_IN, 4, [(DATA, 512)], writable=True)
    seed('blk-storage-errors', storage_errors)

    def refused(o):   # requests the device must fail: unknown type, partial sector, past the end
        q = blk_device(o)
        blk_request(o, q, 0, 0x1234)
        blk_request(o, q, 1, BLK_T_IN, 0, [(DATA, 100)], writable=True)
        blk_request(o, q, 2, BLK_T_OUT, 63, [(DATA, 1024)])
        blk_request(o, q, 3, BLK_T_IN, 0, [(DATA, 512)], writable=False)
    seed('blk-refused', refused)

    def reset(o):   # a live device reset, then set up again
        q = blk_device(o)
        blk_request(o, q, 0, BLK_T_IN, 1, [(DATA, 512)], writable=True)
        o.write(BLK, 'STATUS', 0)
        o.read(BLK, 'STATUS')
        q = blk_device(o)
        blk_request(o, q, 0, BLK_T_GET_ID, data=[(DATA, 20)], writable=True)
    seed('blk-reset', reset)

    def console_tx(o):
        rx, tx = console_device(o)
        o.ram(0x3000, b'hello, secure console\n')
        tx.submit([(0x3000, 22, False)])
        tx.submit([(0x3000, 7, False), (0x3007, 15, False)])
    seed('console-tx', console_tx)

    def console_rx(o):
        rx, tx = console_device(o)
        rx.submit([(0x3800, 64, True)])
        rx.submit([(0x3840, 8, True), (0x3848, 8, True)])
        o.input(b'ls -l\r')
        o.input(b'x' * 40)
        rx.kick()
    seed('console-rx', console_rx)

    def both(o):
        o.cpu(1)
        q = blk_device(o)
        rx, tx = console_device(o)
        blk_request(o, q, 0, BLK_T_OUT, 5, [(DATA, 512)], fill=0x11)
        o.ram(0x3000, b'ok\n')
        tx.submit([(0x3000, 3, False)])
        blk_request(o, q, 1, BLK_T_IN, 5, [(DATA + 0x1000, 512)], writable=True)
        rx.submit([(0x3800, 16, True)])
        o.input(b'y\n')
        blk_request(o, q, 2, BLK_T_FLUSH)
    seed('both-devices', both)
    return seeds


# ---- fuzz_smc: CPU count, then r0-r7 per SMC (test/fuzz/fuzz_smc.c) ----------
def smc(r0, *args, salt=0, cpu=0):
    """r0, r1-r5, then r6 (varies the banked registers the fake reports)
    and r7 (the calling CPU, modulo the count)."""
    regs = list(args) + [0] * (5 - len(args))
    assert len(regs) == 5
    return b''.join(u32(v) for v in [r0] + regs + [salt, cpu])


def ram_write(off, *words):
    """fuzz_smc.c's record that writes r1-r5 into normal RAM at r0."""
    return smc(off, *words, cpu=0x80000000)


def smc_seeds():
    P = lambda n: C['PSCI_' + n]   # noqa: E731
    V = lambda n: C['TZVMM_SMC_' + n]   # noqa: E731
    entry = RAM_BASE + 0x8000
    psci_ids = [v for k, v in C.items() if k.startswith('PSCI_') and 0x84000000 <= v < 0x84000020]
    seeds = {
        'arch': bytes([1]) + b''.join([
            smc(C['SMCCC_VERSION']),
            smc(C['SMCCC_ARCH_FEATURES'], C['SMCCC_VERSION']),
            smc(C['SMCCC_ARCH_FEATURES'], C['SMCCC_ARCH_SOC_ID']),
            smc(C['SMCCC_ARCH_FEATURES'], 0x80008000),
            smc(C['SMCCC_ARCH_SOC_ID'], 0),
            smc(C['SMCCC_ARCH_SOC_ID'], 1),
            smc(C['SMCCC_ARCH_SOC_ID'], 2)]),
        'psci-queries': bytes([1]) + b''.join(
            [smc(P('VERSION')), smc(P('MIGRATE_INFO_TYPE')), smc(P('CPU_SUSPEND'), 0),
             smc(P('CPU_SUSPEND'), 0x10000), smc(P('FEATURES'), C['SMCCC_VERSION']),
             smc(P('FEATURES'), P('CPU_ON') | C['SMCCC_SMC64']), smc(P('FEATURES'), 0x8400001f),
             smc(P('FEATURES'), V('ECHO'))] +
            [smc(P('FEATURES'), i) for i in psci_ids]),
        'psci-cpus': bytes([3]) + b''.join([
            smc(P('AFFINITY_INFO'), 0, 0), smc(P('AFFINITY_INFO'), 1, 0),
            smc(P('AFFINITY_INFO'), 0, 1), smc(P('AFFINITY_INFO'), 9, 0),
            smc(P('CPU_ON'), 1, entry, 0x1234), smc(P('AFFINITY_INFO'), 1, 0),
            smc(P('CPU_ON'), 1, entry, 0), smc(P('CPU_OFF'), cpu=1),
            smc(P('AFFINITY_INFO'), 1, 0), smc(P('CPU_ON'), 1, entry | 1, 0),
            smc(P('CPU_ON'), 2, entry + 2, 0), smc(P('CPU_ON'), 0x100, entry, 0),
            smc(P('CPU_ON'), 7, entry, 0)] +
            [smc(P('CPU_ON'), 3, 0x10000000, 0, salt=s) for s in range(8)]),
        'psci-power': bytes([0]) + smc(P('SYSTEM_OFF')) + smc(P('SYSTEM_RESET')),
        'vendor': bytes([1]) + b''.join([
            smc(V('NULL')), smc(V('ECHO'), 1, 2, 3), smc(V('CALL_COUNT')), smc(V('UID')),
            smc(V('REVISION')), smc(V('VIRTIO_READ'), BLK, REG['MAGIC_VALUE'], 4),
            smc(V('VIRTIO_READ'), CONSOLE, REG['DEVICE_ID'], 4),
            smc(V('VIRTIO_WRITE'), BLK, REG['STATUS'], ACK, 4),
            smc(V('VIRTIO_READ'), BLK, REG['STATUS'], 4),
            smc(V('VIRTIO_READ'), 2, 0, 4), smc(V('VIRTIO_WRITE'), 2, 0, 0, 4)]),
        'testhooks': bytes([1]) + b''.join(
            [smc(V('TEST_KINFO'), 0), smc(V('TEST_KINFO'), 99), smc(V('TEST_TIMER'), 0),
             smc(V('TEST_TIMER'), 1000), smc(V('TEST_TIMER_COUNT')), smc(V('TEST_PROBE'), 1),
             smc(V('TEST_PROBE'), 1, cpu=1), smc(V('TEST_PROBE'), 0),
             smc(V('TEST_HOLD_CPU'), 1, 1), smc(P('CPU_ON'), 1, entry, 0),
             smc(P('AFFINITY_INFO'), 1, 0), smc(P('CPU_ON'), 1, entry, 0),
             smc(V('TEST_HOLD_CPU'), 1, 0), smc(V('TEST_HOLD_CPU'), 9, 0),
             smc(V('TEST_INJECT'), 272), smc(V('TEST_COPY'), 4096, RAM_BASE),
             smc(V('TEST_EXIT'), 0)] +
            [smc(V('TEST_DIAG'), RAM_BASE + 0x1000, salt=s) for s in range(8)]),
        # Page tables in normal RAM for the diagnosis' walk: with r6 = 0
        # the fake kernel reports the MMU on, TTBCR 0 and TTBR0 at RAM's
        # start; with 6, TTBR0 at RAM + 0x4000; with 4, TTBCR.N = 1 and
        # both TTBRs outside RAM (fake_vmm.c).
        'diag-tables': bytes([1]) + b''.join([
            ram_write(0x0, 0x40000002, 0x40040002 | 1 << 18, 0x40001001, 0x00000001, 0),
            ram_write(0x1000, 0, 0x40005002, 0x40010001, 0, 0),
            ram_write(0x4000, 0x40000c02, 0x40001001, 0, 0, 0)] +
            [smc(V('TEST_DIAG'), va, salt=salt) for salt in (0, 6, 4) for va in (
                0x00000123, 0x00100456, 0x00201789, 0x00202abc, 0x00203000, 0x00300000,
                0x00400000, 0x80000000)] +
            [smc(P('CPU_ON'), 1, 0x00201788, 0, salt=0)]),
        # Ids nobody serves: yielding, SMC64, must-be-zero bits, owners
        # without a service, holes in the served ranges, the benchmark
        # floor (answered in monitor mode, never by the VMM).
        'unknown': bytes([7]) + b''.join(smc(i, 1, 2, 3) for i in (
            0x04000000, P('VERSION') | C['SMCCC_SMC64'], P('VERSION') | 0x00010000,
            0x81000000, 0x82000000, 0x83000000, 0x85000000, 0xbf000000, 0x8400000b,
            0x84000020, 0x86000002, 0x86000100, 0x86001010, V('BENCH_FLOOR'), 0x8600ff02)),
    }
    return seeds


# ---- fuzz_images: one buffer as zImage, DTB, number and guest_mem access -----
def fdt():
    """A minimal devicetree blob, version 17 (Devicetree specification 5)."""
    def be(*words):
        return b''.join(struct.pack('>I', w) for w in words)
    strings = b'compatible\0'
    structure = (be(1) + b'\0\0\0\0' +                         # FDT_BEGIN_NODE ""
                 be(3, 9, 0) + b'tzvmm\0\0\0' +                # FDT_PROP compatible
                 be(2, 9))                                     # FDT_END_NODE, FDT_END
    rsvmap = bytes(16)
    off_rsv = 40
    off_struct = off_rsv + len(rsvmap)
    off_strings = off_struct + len(structure)
    total = off_strings + len(strings)
    header = be(0xd00dfeed, total, off_struct, off_strings, off_rsv, 17, 16, 0,
                len(strings), len(structure))
    return header + rsvmap + structure + strings


def images_seeds():
    zimage = bytearray(b'\x00\x00\xa0\xe1' * 9)   # the zImage's nops up to 0x24
    zimage += u32(0x016f2818) + u32(0) + u32(256)  # magic, start, end
    zimage += bytes(256 - len(zimage))
    access = lambda base, size, pa, length, mode: (   # noqa: E731
        u32(base) + u32(size) + u32(pa) + u32(length) + bytes([mode]))
    return {
        'zimage': bytes(zimage),
        'zimage-short': bytes(zimage[:0x30]),
        'fdt': fdt(),
        'fdt-v16': fdt()[:20] + struct.pack('>II', 16, 16) + fdt()[28:],
        'number-decimal': b'1024\n',
        'number-hex': b'0x40000000 ',
        'number-max': b'4294967295',
        'number-over': b'0X100000000',
        'guest-mem-inside': access(0x40000000, 0x1000, 0x40000ff0, 16, 0),
        'guest-mem-near': access(0x40000000, 0x1000, 0x7ff0, 0x20, 1),
        'guest-mem-end': access(0xfffff000, 0x1000, 0xfffffffc, 4, 0),
    }


# ---- fuzz_manifest: byte 0 even, a boot manifest; odd, a devicetree ---------
def chosen_fdt(args, deep=False):
    """/ { model; chosen { bootargs } } (or /soc/chosen with deep)."""
    def be(*words):
        return b''.join(struct.pack('>I', w) for w in words)
    def pad(b):
        return b + bytes(-len(b) % 4)
    strings = b'model\0bootargs\0'
    structure = be(1) + bytes(4) + be(3, 6, 0) + pad(b'tzvmm\0')
    if deep:
        structure += be(1) + pad(b'soc\0')
    structure += be(1) + pad(b'chosen\0') + be(3, len(args) + 1, 6) + pad(args + b'\0')
    structure += be(2) + (be(2) if deep else b'') + be(2, 9)
    off_struct = 56
    off_strings = off_struct + len(structure)
    total = off_strings + len(strings)
    return (be(0xd00dfeed, total, off_struct, off_strings, 40, 17, 16, 0, len(strings),
               len(structure)) + bytes(16) + structure + strings)


def manifest_seeds():
    """Manifests laid out as components/vmm/manifest.h says, each with a
    signature that does not verify (no seed can be signed by the fuzzer's
    key): mutation starts past the format checks, at the key and the
    signature."""
    key_a = bytes.fromhex('670350624c2c1259')
    def manifest(kind, sizes, load=0, key=key_a, version=1):
        body = b'TZBM' + u32(1) + u32(version) + u32(kind) + key + u32(load)
        body += b''.join(u32(s) for s in sizes) + bytes(20)
        body += b''.join(bytes([i + 1]) * 32 if s else bytes(32) for i, s in enumerate(sizes))
        return body + bytes(range(64))
    return {
        'manifest-linux': b'\0' + manifest(1, (5448192, 979112, 7779, 60)),
        'manifest-linux-no-initrd': b'\0' + manifest(1, (5448192, 0, 7779, 0)),
        'manifest-raw': b'\0' + manifest(2, (4096, 0, 0, 0), load=0x40000000),
        'manifest-other-key': b'\0' + manifest(1, (100, 0, 10, 0), key=bytes(8)),
        'manifest-short': b'\0' + manifest(1, (1, 0, 1, 0))[:100],
        'fdt-bootargs': b'\1' + chosen_fdt(b'console=ttyAMA0 rdinit=/init'),
        'fdt-deep-chosen': b'\1' + chosen_fdt(b'x', deep=True),
        'fdt-no-bootargs': b'\1' + fdt(),
    }


# ---- fuzz_fwcfg: a fw_cfg device whose key k reads the input from byte k ------
def fwcfg_seeds():
    def device(files, tail=b''):
        """files: (name, select key, contents). The directory is at key 0x19."""
        dev = bytearray(b'QEMU'.ljust(C['FWCFG_KEY_FILE_DIR'], b'\0'))
        dev += struct.pack('>I', len(files))
        for name, key, contents in files:
            dev += struct.pack('>IHH', len(contents), key, 0) + name.ljust(56, b'\0')
        for name, key, contents in files:
            dev = dev.ljust(key, b'\0')
            dev[key:key + len(contents)] = contents
        return bytes(dev) + tail
    guest = (b'opt/tzvmm/guest', 0x200, b'\x00\x00\xa0\xe1' * 4)
    return {
        'guest-and-ram': device([guest, (b'opt/tzvmm/ram-mib', 0x180, b'1024\n')]),
        'ram-hex': device([(b'etc/other', 0x100, b'x'), (b'opt/tzvmm/ram-mib', 0x180, b'0x4aB')]),
        'ram-overflow': device([(b'opt/tzvmm/ram-mib', 0x180, b'4294967296')]),
        'ram-bad': device([(b'opt/tzvmm/ram-mib', 0x180, b'12k')]),
        'ram-too-long': device([(b'opt/tzvmm/ram-mib', 0x180, b'1' * 30)]),
        'ram-empty': device([(b'opt/tzvmm/ram-mib', 0x180, b'')]),
        'guest-only': device([guest]),
        'long-name': device([(b'opt/tzvmm/guest' + b'x' * 41, 0x200, b'z')]),
        'no-signature': b'QEMV' + device([guest])[4:],
        # The boards' boot files blob, as the launcher packs it.
        'boot-files-blob': boot_files_blob(['opt/tzvmm/ram-mib=512',
                                            'opt/tzvmm/kernel=' + 'k' * 80]),
    }


def boot_files_blob(files):
    """The blob scripts/mkbootfiles.py writes for files (NAME=TEXT each)."""
    import subprocess
    import tempfile
    with tempfile.NamedTemporaryFile() as f:
        subprocess.run([sys.executable, str(ROOT / 'scripts' / 'mkbootfiles.py'), f.name, *files],
                       check=True)
        return pathlib.Path(f.name).read_bytes()


# ---- fuzz_syscall: rights, capabilities, then 20-byte calls -------------------
REGION = 0x2000   # fuzz_syscall.c's REGION_SIZE


def syscall_seeds():
    def call(nr, *args, pointer=False):
        """w0 picks the call (w0 % (SYS_COUNT + 2)); with bit 8 set, w1 is
        a pointer: region offset + REGION_SIZE / 2 (fuzz_syscall.c)."""
        w0 = nr
        while pointer and not w0 & 0x100:
            w0 += C['SYS_COUNT'] + 2
        args = list(args) + [0] * (4 - len(args))
        if pointer:
            args[0] += REGION // 2
        return b''.join(u32(v) for v in [w0] + args)
    def data(off, blob):
        """Records writing blob into the data region at off, 16 bytes each."""
        blob += bytes(-len(blob) % 16)
        return b''.join(u32(0x200 | (off + i) << 16) + blob[i:i + 16]
                        for i in range(0, len(blob), 16))

    def fastpath(*entries):
        """struct sys_fastpath_entry: id, flags, a1, r[4]."""
        return b''.join(u32(i) + u32(f) + u32(a1) + u32(0) + u32(1) + u32(2) + u32(3)
                        for i, f, a1 in entries)
    S = lambda n: C['SYS_' + n]   # noqa: E731
    RX, RW = 0x10, REGION + 0x10   # offsets into the text and data regions
    everything = bytes([0x7f, 0xff])   # every right, capability, vCPU entered
    match = C['SYS_FASTPATH_MATCH_A1']
    queries = fastpath((C['SMCCC_VERSION'], 0, 0), (C['PSCI_VERSION'], 0, 0),
                       (C['PSCI_FEATURES'], match, C['PSCI_CPU_ON']),
                       (C['PSCI_FEATURES'], match, C['PSCI_CPU_OFF']))
    bad = fastpath((C['PSCI_VERSION'], 0, 0), (C['PSCI_VERSION'], match, 1),   # twice
                   (C['PSCI_VERSION'] | C['SMCCC_SMC64'], 0, 0), (0x81000000, 0, 0),
                   (C['SMCCC_VERSION'], 2, 0), (0x04000000, 0, 0))
    return {
        'console-and-log': everything + b''.join([
            call(S('LOG'), RX, 16, pointer=True), call(S('LOG'), RX, 0, pointer=True),
            call(S('LOG'), RX, 300, pointer=True), call(S('CONSOLE_WRITE'), RX, 8, pointer=True),
            call(S('CONSOLE_READ'), RW, 8, pointer=True),
            call(S('CONSOLE_READ'), RX, 8, pointer=True),
            call(S('CONSOLE_WRITE'), REGION * 2 - 4, 8, pointer=True)]),
        'signals-and-timers': everything + b''.join([
            call(S('SIGNAL'), 4, 1), call(S('SIGNAL'), 5, 1), call(S('SIGNAL'), 4, 0x100),
            call(S('SIGNAL'), 9, 1), call(S('TIMER'), 1000, 1), call(S('TIMER'), 0, 1),
            call(S('WAIT'), 1, C['SYS_NO_VCPU']), call(S('WAIT'), 0, C['SYS_NO_VCPU'])]),
        'vcpus': everything + b''.join([
            call(S('VCPU_RUN'), 0), call(S('VCPU_RUN'), 2), call(S('WAIT'), 1, 1),
            call(S('VCPU_REG'), 0, C['SYS_NS_REG_TTBR0'], 0, 0),
            call(S('VCPU_REG'), 0, C['SYS_NS_REG_DFSR'], 1, 5),
            call(S('VCPU_REG'), 2, C['SYS_NS_REG_DFSR'], 1, 5),
            call(S('VCPU_REG'), 3, C['SYS_NS_REG_SCTLR'], 0, 0)]),
        'kernel': everything + b''.join([
            call(S('KINFO'), 0), call(S('KINFO'), 1), call(S('KINFO'), 1000),
            call(S('IRQ_INJECT'), 272), call(S('IRQ_INJECT'), 0), call(S('IRQ_ACK'), 272),
            call(S('NS_CACHE'), RAM_BASE, 0x1000), call(S('NS_CACHE'), RAM_BASE - 4, 8),
            call(S('FASTPATH'), RW, 1, pointer=True), call(S('FASTPATH'), RW, 0, pointer=True),
            call(S('FASTPATH'), RW, C['SYS_FASTPATH_MAX'] + 1, pointer=True),
            call(C['SYS_COUNT']), call(C['SYS_COUNT'] + 1)]),
        'fastpath-table': everything + data(0x10, queries) + b''.join([
            call(S('FASTPATH'), RW, 4, pointer=True), call(S('FASTPATH'), RW, 4, pointer=True)]),
        'fastpath-refused': everything + data(0x10, bad) + b''.join(
            [call(S('FASTPATH'), RW + 28 * i, 1 if i else 2, pointer=True) for i in range(6)] +
            [call(S('FASTPATH'), RW + 28 * 5, 2, pointer=True),
             call(S('FASTPATH'), REGION * 2 - 28, 2, pointer=True)]),
        'no-rights': bytes([0, 0]) + b''.join([
            call(S('KINFO'), 0), call(S('CONSOLE_WRITE'), RX, 8, pointer=True),
            call(S('VCPU_REG'), 0, 0, 0, 0), call(S('IRQ_INJECT'), 272),
            call(S('NS_CACHE'), RAM_BASE, 0x1000), call(S('SIGNAL'), 4, 1),
            call(S('VCPU_RUN'), 0)]),
    }


# ---- fuzz_storage: flags, flash contents, requests (big-endian fields) ----------
def storage_seeds():
    def request(op, sector, count, byte=0x5a, wide_count=False, wide_sector=False):
        """One of fuzz_storage.c's requests: op % 6, count (below 0x80:
        count % 40; else the 2 bytes after the data byte, % 520), a 2-byte
        sector (or with the flag 0x80 a 4-byte one), the data's byte."""
        r = bytes([op, 0x80 if wide_count else count])
        if wide_sector:
            r += b'\x80' + struct.pack('>I', sector)
        else:
            r += b'\0' + struct.pack('>H', sector)
        r += bytes([byte])
        return r + struct.pack('>H', count) if wide_count else r
    READ, WRITE, FLUSH, INFO = (C['STORAGE_OP_' + n] for n in ('READ', 'WRITE', 'FLUSH', 'INFO'))
    rw = (request(INFO, 0, 0) + request(WRITE, 3, 2) + request(READ, 3, 2) +
          request(WRITE, 700, 9, 0x11) + request(READ, 700, 9) + request(FLUSH, 0, 0))
    # A journal record: its slot, sequence number, and for each pool block
    # but the first the index it swaps with (all 0: a rotation of the pool).
    record = bytes([1]) + struct.pack('>I', 7) + bytes(C['LAYOUT_POOL_MAX'] - 1)
    max_count = C['STORAGE_DATA_MAX'] // C['STORAGE_SECTOR']

    def superblock(version=C['LAYOUT_VERSION'], npool=C['LAYOUT_POOL_MAX'], crc_ok=True):
        """components/storage/layout.c's superblock, raw (flags bit 0 clear)."""
        sb = struct.pack('<10I', C['LAYOUT_MAGIC'], version, C['FLASH_SIZE'],
                         C['FLASH_BLOCK_SIZE'], C['FLASH_DATA_OFFSET'],
                         C['LAYOUT_JOURNAL_BLOCKS'], npool, C['LAYOUT_LOGICAL_MAX'],
                         C['JOURNAL_RECORD_SIZE'], C['LAYOUT_FLAG_INVERTED']) + bytes(20)
        return sb + u32(zlib.crc32(sb) ^ (0 if crc_ok else 1))
    return {
        'formatted-rw': bytes([1]) + rw,
        'formatted-rw-reboot': bytes([1 | 32]) + rw,
        'journal-record-reboot': bytes([1 | 4 | 32]) + record + rw,
        'journal-raw': bytes([1 | 2, 8]) + bytes(range(64)) + rw,
        'flash-errors': bytes([1 | 8 | 16]) + rw,
        'foreign-superblock': bytes([0]) + b'TZST' + bytes(range(1, 61)) + rw,
        'superblock-raw': bytes([0 | 32]) + superblock() + rw,
        'superblock-other-version': bytes([0]) + superblock(version=2) + rw,
        'superblock-other-geometry': bytes([0]) + superblock(npool=100) + rw,
        'large-requests': bytes([1 | 32]) + request(WRITE, 8, max_count, wide_count=True) +
        request(READ, 8, max_count, wide_count=True) + request(FLUSH, 0, 0),
        'refused': bytes([1]) + request(WRITE, 0, 0) + request(READ, 0, max_count + 1,
                                                               wide_count=True) +
        request(4, 0, 1) + request(READ, 0xffffffff, 1, wide_sector=True),
    }


TARGETS = {
    'fuzz_virtio': virtio_seeds,
    'fuzz_smc': smc_seeds,
    'fuzz_images': images_seeds,
    'fuzz_fwcfg': fwcfg_seeds,
    'fuzz_syscall': syscall_seeds,
    'fuzz_storage': storage_seeds,
    'fuzz_manifest': manifest_seeds,
}


def main():
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / 'test/fuzz/corpus'
    for target, make in TARGETS.items():
        d = out / target
        d.mkdir(parents=True, exist_ok=True)
        for old in d.iterdir():
            old.unlink()
        seeds = make()
        for name, data in seeds.items():
            (d / name).write_bytes(data)
        print('mkcorpus: %s: %d seeds, %d bytes' % (target, len(seeds),
                                                     sum(len(s) for s in seeds.values())))


if __name__ == '__main__':
    main()
