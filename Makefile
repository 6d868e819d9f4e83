# tzvmm — TrustZone VMM for ARMv7-A.
#
#   make run     build what is missing and boot the normal-world guest
#   make check   host unit tests + QEMU integration tests
#   make bench   benchmarks, one "name value unit" line per figure
#   make debug   make run halted for gdb (then make gdb in another terminal)
#
# Board: BOARD=mcimx6ul-evk or PLAT=mcimx6ul_evk (default qemu_virt; docs/porting.md).
# Run settings: SMP, MEM (MiB), GUEST, GUEST_ADDR, KERNEL, INITRD (see README.md).

# BOARD=mcimx6ul-evk (QEMU's machine name) is PLAT=mcimx6ul_evk.
BOARD       ?=
PLAT        ?= $(if $(BOARD),$(subst -,_,$(BOARD)),qemu_virt)
$(if $(wildcard plat/$(PLAT)/board.mk),,$(error no board '$(PLAT)': plat/$(PLAT)/board.mk is missing (boards: $(notdir $(patsubst %/board.mk,%,$(wildcard plat/*/board.mk))))))
# Scripts and tests start QEMU as plat/$(PLAT)/qemu.
export TZVMM_PLAT := $(PLAT)
# The board's drivers (BOARD_DRIVERS: drivers/<name>.c in the kernel).
include plat/$(PLAT)/board.mk
# Each board builds in its own folder: build/ for qemu_virt, build/<board>.
BUILD       ?= $(if $(filter qemu_virt,$(PLAT)),build,build/$(PLAT))
CROSS       ?= arm-none-eabi-
CC          := $(CROSS)gcc
OBJCOPY     := $(CROSS)objcopy
HOSTCC      ?= cc
Q           ?= @
# The host's CPUs: what make check builds with when not given -j, and
# what make lint runs at once.
JOBS        := $(shell nproc 2>/dev/null || echo 1)

# (A board with fewer CPUs says how many in its board.mk.)
SMP         ?= $(or $(BOARD_SMP_DEFAULT),2)
MEM         ?= $(or $(BOARD_MEM_DEFAULT),1024)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wundef -Wvla -Wimplicit-fallthrough -Wno-unused-parameter
ARCHFLAGS := -march=armv7-a -marm -mfloat-abi=soft -mgeneral-regs-only
CFLAGS := -std=c11 -ffreestanding -fno-common -fno-builtin -nostdlib -O2 -g \
          $(ARCHFLAGS) $(WARN) -fno-strict-aliasing -fno-pic
# Include paths per kind of program: secure user components and normal-world
# guests cannot include kernel, arch or board headers; the board only the
# board interface (plat/include) of the kernel's.
COMMON_INCLUDES := -Iinclude -Ilib/include
# Device drivers any board (drivers/*.c) or component may use.
DRIVER_INCLUDES := -Idrivers/include
KERNEL_INCLUDES := $(COMMON_INCLUDES) $(DRIVER_INCLUDES) -Iarch/armv7/include -Iplat/include \
                   -Iplat/$(PLAT)/include -Ikernel -I$(BUILD)/include $(BOARD_ARCH_FLAGS)
USER_INCLUDES   := $(COMMON_INCLUDES) $(DRIVER_INCLUDES) -Icomponents/ulib/include
GUEST_INCLUDES  := $(COMMON_INCLUDES) -Iplat/include -Iplat/$(PLAT)/include -I$(BUILD)/include
# Host unit tests, fuzzers and lint see every program's code at once.
INCLUDES := $(KERNEL_INCLUDES) -Icomponents/ulib/include
# Recursive (=) and referenced as $$(LIBGCC) below, so it is asked of the
# compiler when linking, after `deps` has installed it, not when make starts.
LIBGCC = $(shell $(CC) $(ARCHFLAGS) -print-libgcc-file-name)
LDFLAGS := -nostdlib -static -Wl,--gc-sections -Wl,--build-id=none -Wl,-z,noexecstack \
           -Wl,--no-warn-rwx-segments

LIB_SRC := lib/string.c lib/fmt.c lib/fwcfg.c lib/fwcfg_mmio.c lib/fwcfg_mem.c

# ---- verified boot: BearSSL and the boot key (docs/verified-boot.md) -------
# Downloads and keys are cached outside the tree, as the guest's are.
TZVMM_CACHE ?= $(HOME)/.cache/tzvmm
export TZVMM_CACHE
# BearSSL from Debian's source package (scripts/fetch-bearssl.sh), built for
# each kind of program with its own compiler and flags: the secure world's
# (as CFLAGS, without the warnings: it is not our code), the unit tests'
# and the fuzzers' (sanitizers, as their callers).
BEARSSL_INC := $(TZVMM_CACHE)/bearssl/src/inc
BEARSSL_LIB := $(BUILD)/bearssl/libbearssl.a
BEARSSL_HOST_LIB := $(BUILD)/bearssl/libbearssl-host.a
BEARSSL_FUZZ_LIB := $(BUILD)/bearssl/libbearssl-fuzz.a
BEARSSL_DEPS := scripts/compile-bearssl.sh scripts/fetch-bearssl.sh
$(BEARSSL_LIB): $(BEARSSL_DEPS)
	$(Q)scripts/compile-bearssl.sh $@ $(CC) $(CROSS)ar -std=c11 -ffreestanding -fno-common \
		-fno-builtin -O2 -g $(ARCHFLAGS) -fno-pic -ffunction-sections -fdata-sections
$(BEARSSL_HOST_LIB): $(BEARSSL_DEPS)
	$(Q)scripts/compile-bearssl.sh $@ $(HOSTCC) ar -std=c11 -g -O1 -fsanitize=address,undefined \
		-fno-omit-frame-pointer
$(BEARSSL_FUZZ_LIB): $(BEARSSL_DEPS)
	$(Q)scripts/compile-bearssl.sh $@ $(FUZZ_CC) ar -std=c11 -g -O1 \
		-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
# The key whose public half the secure images trust (BOOT_KEY=your.pem for
# your own; the development key is made on first use) and which make run
# signs with. Regenerated each time (one openssl call) so that another
# BOOT_KEY is never missed; rewritten only when it changes.
BOOT_KEY ?= $(TZVMM_CACHE)/keys/boot-dev.pem
export TZVMM_BOOT_KEY := $(BOOT_KEY)
BOOT_KEYS_C := $(BUILD)/gen/boot_keys.c
$(BOOT_KEYS_C): FORCE
	$(Q)mkdir -p $(dir $@)
	$(Q)[ -f "$(BOOT_KEY)" ] || scripts/tzvmm-sign key --key "$(BOOT_KEY)" >/dev/null
	$(Q)scripts/tzvmm-sign key-c --key "$(BOOT_KEY)" > $@.tmp
	$(Q)cmp -s $@.tmp $@ || mv $@.tmp $@; rm -f $@.tmp
.PHONY: FORCE
FORCE:
# The VMM checks signatures: it links BearSSL and the key.
COMPONENT_LIBS_vmm := $(BEARSSL_LIB)
COMPONENT_GEN_vmm := $(BOOT_KEYS_C)
COMPONENT_INCLUDES_vmm := -isystem $(BEARSSL_INC) -isystem scripts/bearssl-shim -Icomponents/vmm
# make run VERIFY=off: an image whose VMM checks nothing (and says so).
IMAGE_FLAGS_secure-noverify := -DVMM_VERIFY_OFF

# ---- generated assembly offsets ---------------------------------------------
# $(call gen-offsets,INCLUDES): compiles $< to assembly only and turns every
# "->NAME value" marker it emits into a #define.
define gen-offsets
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -fno-lto $(1) -S $< -o $@.s
	$(Q){ echo "/* Generated from $< — do not edit. */"; \
	      sed -n 's/.*->\([A-Za-z_0-9]*\) #\{0,1\}\(-\{0,1\}[0-9][0-9]*\).*/#define \1 \2/p' $@.s; } > $@
	$(Q)rm -f $@.s
endef

$(BUILD)/include/asm-offsets.h: arch/armv7/asm-offsets.c kernel/kernel.h kernel/fastpath.h kernel/cpu.h \
		include/tzvmm/vcpu_state.h arch/armv7/include/arch/asm_offsets_list.h
	$(call gen-offsets,$(KERNEL_INCLUDES))

# The test image's own values (the benchmark floor's id), apart from the
# production kernel's list.
$(BUILD)/include/asm-offsets-test.h: arch/armv7/testhooks/asm-offsets-test.c \
		include/tzvmm/test/hooks.h include/tzvmm/smccc.h
	$(call gen-offsets,$(KERNEL_INCLUDES))

$(BUILD)/include/regs-offsets.h: guest/test/regs-offsets.c guest/test/regs.h
	$(call gen-offsets,$(GUEST_INCLUDES))

GENERATED := $(BUILD)/include/asm-offsets.h $(BUILD)/include/asm-offsets-test.h \
             $(BUILD)/include/regs-offsets.h

# ---- linker scripts: preprocessed, so that every address comes from the
# header that defines it (plat/<board>/include/plat/memmap.h, tzvmm/component_layout.h)
$(BUILD)/ld/%.ld: %.ld.S
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) -E -P -x assembler-with-cpp -DLINKER_SCRIPT $(KERNEL_INCLUDES) -MMD -MP \
		-MT $@ -MF $@.d $< -o $@
-include $(wildcard $(BUILD)/ld/*/*.d $(BUILD)/ld/*/*/*.d $(BUILD)/ld/*/*/*/*.d)
COMPONENT_LD := $(BUILD)/ld/components/ulib/component.ld
SECURE_LD := $(BUILD)/ld/plat/common/secure.ld
GUEST_LD := $(BUILD)/ld/guest/common/guest.ld

# ---- one program: $(1) = name, $(2) = sources, $(3) = linker script,
#      $(4) = its include paths, $(5) = what its objects also need,
#      $(6) = archives it links ------------------------------------------------
define program
$(1)_OBJS := $$(patsubst %,$(BUILD)/$(1)/%.o,$(2))
$(BUILD)/$(1)/%.c.o: %.c $(GENERATED) $(5)
	$(Q)mkdir -p $$(dir $$@)
	$(Q)$(CC) $(CFLAGS) $(4) -MMD -MP -c $$< -o $$@
$(BUILD)/$(1)/%.S.o: %.S $(GENERATED) $(5)
	$(Q)mkdir -p $$(dir $$@)
	$(Q)$(CC) $(CFLAGS) $(4) -MMD -MP -c $$< -o $$@
$(BUILD)/$(1)/$(1).elf: $$($(1)_OBJS) $(3) $(6)
	@echo "  LD      $$@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -T $(3) $$($(1)_OBJS) $(6) $$(LIBGCC) -o $$@
$(BUILD)/$(1)/$(1).bin: $(BUILD)/$(1)/$(1).elf
	$(Q)$(OBJCOPY) -O binary $$< $$@
-include $$($(1)_OBJS:.o=.d)
endef

# ---- the secure images ----------------------------------------------------------
# Two images from one code base, chosen at link time. The production image
# (make run) is the kernel and COMPONENTS. The test image (make check, make
# bench) is the same plus every testhooks/ folder, whose definitions fill
# weak references (the benchmark-floor SMC, the kernel canary, the VMM's test
# SMCs and PSCI hold), and TEST_COMPONENTS. A secure component is a folder
# components/<name>/ with a component.conf, and a word in these lists
# (docs/adding-a-component.md); scripts/mkbootlist.py turns the declarations
# into the image's boot list. A third image, the traced one (make run
# TRACE=1), is the production image plus every tracehooks/ folder: the
# world-switch tracer (kernel/tracepoints.h), which the other two images
# link none of.
COMPONENTS      := vmm storage integrity
TEST_COMPONENTS := vmm storage integrity probe

KERNEL_SRC := arch/armv7/entry.S arch/armv7/vectors.S arch/armv7/monitor.S \
              arch/armv7/arch.c arch/armv7/mmu.c \
              $(wildcard kernel/*.c plat/common/*.c plat/$(PLAT)/*.c) \
              $(patsubst %,drivers/%.c,$(BOARD_DRIVERS)) \
              $(filter-out %.ld.S,$(wildcard plat/common/*.S plat/$(PLAT)/*.S)) $(LIB_SRC)
KERNEL_TESTHOOKS := $(wildcard arch/armv7/testhooks/*.S kernel/testhooks/*.c)
KERNEL_TRACEHOOKS := $(wildcard kernel/tracehooks/*.c)
# (Assembly: the images only, never the host programs.)
ARCH_TRACEHOOKS := $(wildcard arch/armv7/tracehooks/*.S)
ULIB_SRC := components/ulib/crt0.S components/ulib/ulog.c components/ulib/guest_mem.c \
            lib/args.c lib/sha256.c
# A component's sources: its folder and its subfolders (the VMM's virtio/),
# but not testhooks/ and tracehooks/, which only their images link.
component_src = $(ULIB_SRC) $(filter-out $(COMPONENT_SRC_OUT_$(1)),$(wildcard components/$(1)/*.c)) \
                $(COMPONENT_SRC_IN_$(1)) \
                $(filter-out components/$(1)/testhooks/% components/$(1)/tracehooks/% \
                             components/$(1)/test/%, $(wildcard components/$(1)/*/*.c)) \
                $(filter-out %.ld.S,$(wildcard components/$(1)/*.S)) $(LIB_SRC)
component_testhooks = $(wildcard components/$(1)/testhooks/*.c)
# The storage medium the board names (components/storage/medium.h): cfi,
# QEMU virt's CFI flash, or usdhc, an SD card behind the i.MX uSDHC. The
# component links that medium and its port only.
BOARD_STORAGE ?= cfi
$(if $(filter cfi usdhc,$(BOARD_STORAGE)),,$(error BOARD_STORAGE is cfi or usdhc, not '$(BOARD_STORAGE)'))
STORAGE_MEDIUM_cfi := components/storage/cfi.c components/storage/port.c
STORAGE_MEDIUM_usdhc := components/storage/medium_sd.c components/storage/sd_port.c drivers/usdhc.c
COMPONENT_SRC_OUT_storage := $(STORAGE_MEDIUM_cfi) $(STORAGE_MEDIUM_usdhc)
COMPONENT_SRC_IN_storage = $(STORAGE_MEDIUM_$(BOARD_STORAGE))
# The storage component's logic and both media, which the host tests and the
# fuzzer run against models (test/unit/fake_pflash.c, fake_usdhc.c) instead
# of the ports.
STORAGE_LOGIC := $(filter-out %/main.c %/port.c %/sd_port.c,$(wildcard components/storage/*.c))
component_tracehooks = $(wildcard components/$(1)/tracehooks/*.c)

# $(1) = image, $(2) = its components, $(3) = test hooks or not (test/empty),
# $(4) = trace hooks or not (trace/empty).
# Program $(1) is the kernel; $(1)-<component> each component, built with
# the capability numbers this image gives it (component_caps.h).
define image
$(1)_GEN := $(BUILD)/gen/$(1)
# (The Makefile too: it holds the image's list of components.)
$$($(1)_GEN)/stamp: scripts/mkbootlist.py Makefile plat/$(PLAT)/include/plat/memmap.h $(foreach c,$(2),components/$(c)/component.conf \
		$(if $(3),$(wildcard components/$(c)/testhooks/component.conf)))
	$(Q)scripts/mkbootlist.py $$(dir $$@) '$(BUILD)/$(1)-{name}/$(1)-{name}.bin' \
		$(if $(3),--test) $(2)
	$(Q)touch $$@
$(foreach c,$(2),$(eval $(call program,$(1)-$(c),$(call component_src,$(c)) \
	$(COMPONENT_GEN_$(c)) $(if $(3),$(call component_testhooks,$(c))) \
	$(if $(4),$(call component_tracehooks,$(c))),$(COMPONENT_LD), \
	$(USER_INCLUDES) -I$(BUILD)/gen/$(1)/$(c) $(COMPONENT_INCLUDES_$(c)) $(IMAGE_FLAGS_$(1)) \
	$(if $(4),-DTZVMM_TRACED), \
	$(BUILD)/gen/$(1)/stamp $(COMPONENT_LIBS_$(c)),$(COMPONENT_LIBS_$(c)))))
$(eval $(call program,$(1),$(KERNEL_SRC) $(if $(3),$(KERNEL_TESTHOOKS)) \
	$(if $(4),$(ARCH_TRACEHOOKS) $(KERNEL_TRACEHOOKS)) \
	$(BUILD)/gen/$(1)/boot_list.c $(BUILD)/gen/$(1)/components.S, \
	$(SECURE_LD),$(KERNEL_INCLUDES) $(if $(4),-DTZVMM_TRACED),$(BUILD)/gen/$(1)/stamp))
$(BUILD)/gen/$(1)/boot_list.c $(BUILD)/gen/$(1)/components.S: $(BUILD)/gen/$(1)/stamp
$(BUILD)/$(1)/$(BUILD)/gen/$(1)/components.S.o: \
	$(foreach c,$(2),$(BUILD)/$(1)-$(c)/$(1)-$(c).bin)
endef

$(eval $(call image,secure,$(COMPONENTS),))
$(eval $(call image,secure-test,$(TEST_COMPONENTS),test))
$(eval $(call image,secure-trace,$(COMPONENTS),,trace))
$(eval $(call image,secure-noverify,$(COMPONENTS),,))

GUEST_LIB  := guest/common/start.S guest/common/lib.c guest/common/uart.c guest/common/vblk.c \
              lib/fmt.c lib/string.c
TEST_SRC   := $(GUEST_LIB) guest/common/smcgen.c guest/test/main.c guest/test/regs.S guest/test/psci.c \
              guest/test/secondary.S guest/test/fuzz.c guest/test/diag.c guest/test/virtio.c
BENCH_SRC  := $(GUEST_LIB) guest/bench/main.c guest/bench/loops.S
FUZZ_GUEST_SRC := $(GUEST_LIB) guest/common/smcgen.c guest/fuzz/main.c guest/fuzz/call.S
$(eval $(call program,guest-test,$(TEST_SRC),$(GUEST_LD),$(GUEST_INCLUDES)))
$(eval $(call program,guest-bench,$(BENCH_SRC),$(GUEST_LD),$(GUEST_INCLUDES)))
$(eval $(call program,guest-fuzz,$(FUZZ_GUEST_SRC),$(GUEST_LD),$(GUEST_INCLUDES)))
# The restart guest (test image): 100 VMM faults in a row.
$(eval $(call program,guest-restart,$(GUEST_LIB) guest/restart/main.c guest/restart/spin.S,$(GUEST_LD),$(GUEST_INCLUDES)))
# The storm guest (guest/storm): a Linux-shaped kernel mapping for the
# integrity monitor, and virtio kicks and refills from every CPU; the idle
# variant maps the same and idles (make bench, test_integrity_budget.py).
STORM_SRC := $(GUEST_LIB) guest/storm/main.c guest/storm/spin.S
$(eval $(call program,guest-storm,$(STORM_SRC),$(GUEST_LD),$(GUEST_INCLUDES)))
$(eval $(call program,guest-storm-idle,$(STORM_SRC),$(GUEST_LD),$(GUEST_INCLUDES) -DSTORM=0))
# What a hostile normal world writes to hvc0 (test_securelog.py): forged
# secure lines and terminal sequences, then a reset; a flood of console
# output and refused CPU_ONs; a secure timer expiring during the log's drain.
FORGE_SRC := $(GUEST_LIB) guest/common/vcons.c guest/forge/main.c
$(eval $(call program,guest-forge,$(FORGE_SRC),$(GUEST_LD),$(GUEST_INCLUDES)))
$(eval $(call program,guest-flood,$(FORGE_SRC),$(GUEST_LD),$(GUEST_INCLUDES) -DFORGE_FLOOD))
$(eval $(call program,guest-drain,$(FORGE_SRC),$(GUEST_LD),$(GUEST_INCLUDES) -DFORGE_DRAIN))
# The same with a tenth of the calls, for the traced image (make bench's
# smc_vmm_trace_*), where each exit costs a line on the secure log.
$(eval $(call program,guest-bench-short,$(BENCH_SRC),$(GUEST_LD),$(GUEST_INCLUDES) -DBENCH_CALLS=1000u))

# A position-independent raw image, for `make run GUEST=` and its test.
HELLO_GUEST := $(BUILD)/guest-hello/hello.bin
$(BUILD)/guest-hello/hello.elf: guest/hello/hello.S
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -nostdlib -Wl,-Ttext=0 -Wl,--build-id=none -o $@ $<
$(HELLO_GUEST): $(BUILD)/guest-hello/hello.elf
	$(Q)$(OBJCOPY) -O binary $< $@

SECURE_BIN := $(BUILD)/secure/secure.bin
SECURE_TEST_BIN := $(BUILD)/secure-test/secure-test.bin
SECURE_TRACE_BIN := $(BUILD)/secure-trace/secure-trace.bin
SECURE_NOVERIFY_BIN := $(BUILD)/secure-noverify/secure-noverify.bin
TEST_GUEST := $(BUILD)/guest-test/guest-test.bin
BENCH_GUEST := $(BUILD)/guest-bench/guest-bench.bin
BENCH_SHORT_GUEST := $(BUILD)/guest-bench-short/guest-bench-short.bin
FUZZ_GUEST := $(BUILD)/guest-fuzz/guest-fuzz.bin
RESTART_GUEST := $(BUILD)/guest-restart/guest-restart.bin
STORM_GUEST := $(BUILD)/guest-storm/guest-storm.bin
STORM_IDLE_GUEST := $(BUILD)/guest-storm-idle/guest-storm-idle.bin
FORGE_GUEST := $(BUILD)/guest-forge/guest-forge.bin
FLOOD_GUEST := $(BUILD)/guest-flood/guest-flood.bin
DRAIN_GUEST := $(BUILD)/guest-drain/guest-drain.bin

.PHONY: all deps run run-test-guest debug gdb check unit lint fuzz fuzz-host fuzz-smc bench clean \
        mutants
all: $(SECURE_BIN) $(SECURE_TEST_BIN) $(SECURE_TRACE_BIN) $(SECURE_NOVERIFY_BIN) $(TEST_GUEST) $(BENCH_GUEST) \
     $(BENCH_SHORT_GUEST) $(HELLO_GUEST) $(FUZZ_GUEST) $(RESTART_GUEST) $(STORM_GUEST) \
     $(STORM_IDLE_GUEST) \
     $(FORGE_GUEST) $(FLOOD_GUEST) $(DRAIN_GUEST)

deps:
	$(Q)scripts/install-deps.sh

# make run: Debian's Linux (or KERNEL=/INITRD= of your own) in the normal
# world; GUEST=image boots a raw bare-metal image at GUEST_ADDR instead.
# The secure log goes to $(RUN_LOG).
GUEST ?=
# (Empty: the start of the board's normal RAM.)
GUEST_ADDR ?=
KERNEL ?=
INITRD ?=
RUN_LOG := $(BUILD)/run/secure.log
# The secure flash file (firmware + the storage component's data region),
# kept across runs: what the guest wrote to its disk is there next time.
RUN_FLASH := $(BUILD)/run/flash.img
# TRACE=1 boots the traced image instead, and copies its trace records (the
# secure log's "[trace] " lines) to $(TRACE_LOG) as they come, for
# tools/tzvmm-trace; the copy ends with the run (tail --pid: the recipe's
# shell becomes tzvmm-run by exec).
# INTEGRITY="period_ms=100 cpu_permille=15 detect_s=60 policy=log": the
# kernel integrity monitor's settings (docs/integrity.md); policy=off stops it.
# CONSOLE=hvc: Linux's shell on hvc0 (virtio-console), whose bytes pass only
# through the secure world: the terminal shows the secure UART (the secure
# log shares it, a line at a time); Linux's ttyAMA0 goes to build/run/console.log.
CONSOLE ?=
# ROOTFS=debian: Debian 12 with systemd instead of the busybox initramfs
# (docs/debian.md): built once into the cache, its disk $(RUN_DISK) (QEMU's
# own virtio-blk, the normal world's), kept across runs like the flash;
# the secure disk is mounted at /secure. NET=user gives it QEMU's user-mode
# network; PASSWORD=WORD sets root's password on the disk (none by default).
ROOTFS ?= busybox
NET ?=
PASSWORD ?=
RUN_DISK := $(BUILD)/run/debian-root.img
$(if $(filter busybox debian,$(ROOTFS)),,$(error ROOTFS is busybox or debian, not '$(ROOTFS)'))
$(if $(filter-out user,$(NET)),$(error NET is user or empty, not '$(NET)'))
$(if $(and $(NET),$(filter busybox,$(ROOTFS))),$(error NET=user needs ROOTFS=debian: the busybox system has no network drivers))
INTEGRITY ?=
RUN_ARGS = $(if $(INTEGRITY),--args 'integrity=$(INTEGRITY)') \
           $(if $(filter off,$(VERIFY)),--no-sign,--sign-version $(VERSION))
TRACE ?=
TRACE_LOG := $(BUILD)/run/trace.log
TRACING := $(filter-out 0 no,$(TRACE))
# VERIFY=off: the image that boots unsigned images (docs/verified-boot.md);
# otherwise the launcher signs what it boots with BOOT_KEY, as version
# VERSION (the rollback counter, kept in the secure flash, is raised to it).
VERIFY ?= on
VERSION ?= 1
$(if $(filter on off,$(VERIFY)),,$(error VERIFY is on or off, not '$(VERIFY)'))
RUN_IMAGE := $(if $(TRACING),secure-trace,$(if $(filter off,$(VERIFY)),secure-noverify,secure))
RUN_SECURE := $(BUILD)/$(RUN_IMAGE)/$(RUN_IMAGE).bin
TRACE_FOLLOW := $(if $(TRACING),: > $(RUN_LOG); { tail -n +1 -s 0.2 -F --pid=$$$$ $(RUN_LOG) \
	| grep -a --line-buffered '^\[trace\] ' > $(TRACE_LOG); } 2>/dev/null &)
run: deps all $(RUN_SECURE)
	$(Q)mkdir -p $(BUILD)/run
	$(Q)echo "tzvmm: secure log in $(RUN_LOG); quit QEMU with Ctrl-A X"
	$(Q)$(if $(TRACING),echo "tzvmm: traced image; trace records in $(TRACE_LOG) (tools/tzvmm-trace)")
	$(Q)$(TRACE_FOLLOW) if [ -n "$(GUEST)" ]; then \
		exec scripts/tzvmm-run --secure $(RUN_SECURE) --smp $(SMP) --mem $(MEM) \
			--guest "$(GUEST)" $(if $(GUEST_ADDR),--guest-addr $(GUEST_ADDR)) --log $(RUN_LOG) \
			--flash $(RUN_FLASH) $(RUN_ARGS) -- $(QEMU_EXTRA); \
	fi; \
	set -e; mkdir -p $(BUILD)/linux; \
	TZVMM_CONSOLE=$(CONSOLE) TZVMM_ROOTFS=$(ROOTFS) TZVMM_ROOT_DISK=$(RUN_DISK) \
		TZVMM_PASSWORD='$(subst ','\'',$(PASSWORD))' scripts/prepare-linux.sh \
		$(BUILD)/linux $(SMP) $(MEM) "$(KERNEL)" "$(INITRD)" > $(BUILD)/linux/images; \
	{ read -r kernel; read -r initrd; read -r dtb; read -r disk || :; } < $(BUILD)/linux/images; \
	exec scripts/tzvmm-run --secure $(RUN_SECURE) --smp $(SMP) --mem $(MEM) \
		--kernel "$$kernel" --initrd "$$initrd" --dtb "$$dtb" --log $(RUN_LOG) \
		--flash $(RUN_FLASH) $(RUN_ARGS) $(if $(filter hvc,$(CONSOLE)),--hvc) \
		$${disk:+--disk "$$disk"} $(if $(NET),--net $(NET)) -- $(QEMU_EXTRA)

# The bare-metal test guest, interactively, on the test image (its suite
# needs the test hooks).
run-test-guest: deps all
	$(Q)scripts/tzvmm-run --secure $(SECURE_TEST_BIN) --smp $(SMP) --mem $(MEM) \
		--guest $(TEST_GUEST) --log $(RUN_LOG) --flash $(RUN_FLASH) --sign-version $(VERSION)

# make debug: the same run as make run (same variables), with QEMU halted at
# the first instruction and its gdb stub on localhost:1234; then, in a
# second terminal, make gdb attaches with the symbols of the secure kernel,
# the VMM (of the traced image with TRACE=1), the bare-metal guests and, once
# made (docs/debugging.md), Linux's: one address space per world, the VMM's
# symbols at its own virtual addresses.
LINUX_SYMS := $(BUILD)/linux/linux-syms.elf
debug:
	$(Q)$(MAKE) -s run QEMU_EXTRA="-s -S"
gdb: deps all
	$(Q)scripts/install-deps.sh gdb-multiarch:gdb-multiarch
	$(Q)gdb-multiarch -q -ex "set confirm off" -ex "set architecture armv7" \
		-ex "symbol-file $(BUILD)/$(RUN_IMAGE)/$(RUN_IMAGE).elf" \
		-ex "add-symbol-file $(BUILD)/$(RUN_IMAGE)-vmm/$(RUN_IMAGE)-vmm.elf" \
		-ex "add-symbol-file $(BUILD)/guest-test/guest-test.elf" \
		$(if $(wildcard $(LINUX_SYMS)),-ex "add-symbol-file $(LINUX_SYMS)") \
		-ex "set confirm on" -ex "target remote localhost:1234"

# ---- tests ------------------------------------------------------------------
VMM_VIRTIO_SRC := $(wildcard components/vmm/virtio/*.c) components/vmm/storage_client.c
VMM_VERIFY_SRC := components/vmm/verify.c components/vmm/manifest.c components/vmm/fdt_chosen.c
UNIT_BIN := $(BUILD)/unit/tzvmm-unit
# A component with a test/ folder: its tests (which register themselves,
# UNIT_GROUP in test/unit/unit.h) and its sources but main.c, against the
# fakes (docs/adding-a-component.md).
COMPONENT_TEST_DIRS := $(wildcard components/*/test)
COMPONENT_UNIT_SRC := $(foreach d,$(COMPONENT_TEST_DIRS),$(wildcard $(d)/*.c) \
                        $(filter-out %/main.c,$(wildcard $(dir $(d))*.c)))
UNIT_SRC := $(wildcard test/unit/*.c) arch/armv7/mmu.c \
            components/vmm/smc.c components/vmm/smccc.c components/vmm/psci.c components/vmm/vendor.c components/vmm/loader.c \
            components/ulib/guest_mem.c components/vmm/diag.c components/vmm/ratelimit.c $(call component_testhooks,vmm) \
            $(VMM_VIRTIO_SRC) \
            kernel/testhooks/canary.c kernel/testhooks/latency.c \
            $(KERNEL_TRACEHOOKS) $(call component_tracehooks,vmm) \
            kernel/syscall.c kernel/aspace.c kernel/signal.c kernel/fault.c kernel/vcpu.c \
            kernel/irq_route.c kernel/fastpath.c components/vmm/vmm_fastpath.c \
            kernel/thread.c kernel/timer.c kernel/restart.c kernel/budget.c kernel/logstream.c \
            components/integrity/config.c components/integrity/kmap.c \
            components/integrity/watch.c components/integrity/sites.c \
            components/integrity/ftrace.c components/integrity/sleep.c \
            lib/args.c lib/sha256.c \
            $(STORAGE_LOGIC) \
            lib/fmt.c lib/fwcfg.c lib/fwcfg_mem.c $(COMPONENT_UNIT_SRC) \
            $(wildcard drivers/*.c drivers/test/*.c) $(VMM_VERIFY_SRC)
HOST_CFLAGS := -DTZVMM_HOST_MMIO -DTZVMM_TRACED -std=c11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
               -fsanitize=address,undefined -fno-omit-frame-pointer \
               -Itest/unit/include -Itest/unit $(INCLUDES) -I$(BUILD)/gen/secure-test/vmm \
               -isystem $(BEARSSL_INC)

ALL_HEADERS := $(shell find include lib components kernel arch plat drivers test/unit -name '*.h')
# The host programs compile the VMM's test hooks too, with the test image's
# capability numbers.
HOST_GEN := $(BUILD)/gen/secure-test/stamp
# One object per source (dependencies from -MMD), so that a change, or a
# mutant of make mutants, recompiles only what it touches.
UNIT_OBJS := $(patsubst %.c,$(BUILD)/unit/obj/%.o,$(UNIT_SRC))
$(BUILD)/unit/obj/%.o: %.c $(GENERATED) $(HOST_GEN) $(BEARSSL_HOST_LIB)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@
-include $(UNIT_OBJS:.o=.d)
$(UNIT_BIN): $(UNIT_OBJS)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(UNIT_OBJS) $(BEARSSL_HOST_LIB) -lcmocka -o $@

unit: deps $(UNIT_BIN)
	$(Q)$(UNIT_BIN)

# (deps first, then the build on every CPU unless make was given -j.)
check: deps
	$(Q)$(MAKE) --no-print-directory $(if $(filter -j%,$(MAKEFLAGS)),,-j$(JOBS)) all $(UNIT_BIN)
	$(Q)scripts/check.sh --unit $(UNIT_BIN) --build $(BUILD)

# Mutation testing of the secure world's checks: each mutation of
# test/mutants/mutants.txt applied alone to a scratch copy, run against the
# tiers that must catch it (docs/testing.md, "Mutants").
mutants: deps
	$(Q)scripts/mutants --build $(BUILD)

# Coverage-guided fuzzing (libFuzzer, with ASan and UBSan) of what parses
# normal-world or image input on the host (scripts/fuzz-host,
# docs/testing.md). Each target starts from its committed seed corpus,
# test/fuzz/corpus/<target>/ (written by test/fuzz/mkcorpus.py), and runs
# the number of inputs of its row in test/fuzz/floors, whose final
# coverage must reach that row's floor. The seed is fresh for each run and
# printed; make fuzz FUZZ_SEED=N repeats a run. make fuzz FUZZ_SECONDS=600
# searches longer, keeping a corpus in build/fuzz/<target>.corpus;
# FUZZ_TARGETS="fuzz_virtio" runs only those. Everything a run writes stays
# in build/fuzz: a crashing input is saved as build/fuzz/<target>.crash-<sha1>.
FUZZ_CC ?= clang
FUZZ_FLAGS := -DTZVMM_HOST_MMIO -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
              -Wall -Wextra -Werror -Wno-unused-parameter -Itest/unit/include $(INCLUDES) -I$(BUILD)/gen/secure-test/vmm \
              -isystem $(BEARSSL_INC)
FUZZ_VMM := components/vmm/smc.c components/vmm/smccc.c components/vmm/psci.c components/vmm/vendor.c components/vmm/loader.c \
            components/ulib/guest_mem.c components/vmm/diag.c components/vmm/ratelimit.c $(call component_testhooks,vmm) \
            $(VMM_VIRTIO_SRC) \
            lib/fwcfg.c lib/fwcfg_mem.c lib/fmt.c lib/args.c lib/sha256.c $(VMM_VERIFY_SRC) \
            test/fuzz/fake_vmm.c test/fuzz/no_fwcfg_dma.c test/fuzz/no_boot_keys.c $(BEARSSL_FUZZ_LIB)
FUZZERS := $(BUILD)/fuzz/fuzz_smc $(BUILD)/fuzz/fuzz_images $(BUILD)/fuzz/fuzz_fwcfg \
           $(BUILD)/fuzz/fuzz_virtio $(BUILD)/fuzz/fuzz_syscall
FUZZ_SEED ?=
FUZZ_SECONDS ?=
FUZZ_TARGETS ?= $(notdir $(FUZZERS))
$(BUILD)/fuzz/fuzz_smc: test/fuzz/fuzz_smc.c $(FUZZ_VMM) $(GENERATED) $(ALL_HEADERS) $(HOST_GEN)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) test/fuzz/fuzz_smc.c $(FUZZ_VMM) -o $@
$(BUILD)/fuzz/fuzz_virtio: test/fuzz/fuzz_virtio.c $(FUZZ_VMM) $(GENERATED) $(ALL_HEADERS) $(HOST_GEN)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) test/fuzz/fuzz_virtio.c $(FUZZ_VMM) -o $@
# The system calls, on the unit tests' fake kernel surroundings.
FUZZ_SYSCALL_SRC := $(filter-out test/unit/main.c test/unit/test_%.c drivers/test/%.c $(COMPONENT_UNIT_SRC),$(UNIT_SRC)) \
                    test/fuzz/no_boot_keys.c $(BEARSSL_FUZZ_LIB)
$(BUILD)/fuzz/fuzz_syscall: test/fuzz/fuzz_syscall.c $(FUZZ_SYSCALL_SRC) $(GENERATED) $(ALL_HEADERS) \
		$(HOST_GEN)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -Itest/unit/include test/fuzz/fuzz_syscall.c $(FUZZ_SYSCALL_SRC) \
		-lcmocka -o $@
$(BUILD)/fuzz/fuzz_images: test/fuzz/fuzz_images.c $(FUZZ_VMM) $(GENERATED) $(ALL_HEADERS) $(HOST_GEN)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) test/fuzz/fuzz_images.c $(FUZZ_VMM) -o $@
# Verified boot's manifest and device-tree parsers (docs/verified-boot.md).
FUZZERS += $(BUILD)/fuzz/fuzz_manifest
FUZZ_MANIFEST := test/fuzz/fuzz_manifest.c components/vmm/manifest.c components/vmm/fdt_chosen.c \
                 lib/sha256.c lib/fmt.c $(BEARSSL_FUZZ_LIB)
$(BUILD)/fuzz/fuzz_manifest: $(FUZZ_MANIFEST) $(ALL_HEADERS)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_MANIFEST) -o $@
$(BUILD)/fuzz/fuzz_fwcfg: test/fuzz/fuzz_fwcfg.c lib/fwcfg.c lib/fwcfg_mem.c $(ALL_HEADERS)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) test/fuzz/fuzz_fwcfg.c lib/fwcfg.c lib/fwcfg_mem.c -o $@
# The storage component's requests and journal against flash contents the
# fuzzer chooses (a model of QEMU's CFI flash).
FUZZERS += $(BUILD)/fuzz/fuzz_storage
# (The SD medium links too, its registers through the host's seam,
# test/unit/fake_mmio.c; the fuzzer drives the CFI medium only.)
FUZZ_STORAGE := test/fuzz/fuzz_storage.c test/unit/fake_pflash.c $(STORAGE_LOGIC) lib/fmt.c drivers/usdhc.c \
                components/ulib/guest_mem.c test/fuzz/no_fwcfg_dma.c \
                test/unit/fake_mmio.c
$(BUILD)/fuzz/fuzz_storage: $(FUZZ_STORAGE) $(ALL_HEADERS) Makefile
	$(Q)mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_STORAGE) -lcmocka -o $@
# SMC fuzzing from the normal world on every CPU at once (guest/fuzz), on the
# test image: make fuzz-smc SEED=7 COUNT=1000000 (calls per CPU). The seed
# is printed first; the same seed repeats the run. make check runs
# SEED=1 COUNT=500000 with SMP=2: a million calls.
SEED ?= 1
COUNT ?= 100000
fuzz-smc: deps all
	$(Q)scripts/fuzz-smc --secure $(SECURE_TEST_BIN) --guest $(FUZZ_GUEST) --seed $(SEED) \
		--count $(COUNT) --smp $(SMP) --log $(BUILD)/fuzz-smc/secure.log

# make fuzz-host is the same (issue wording; both names work).
fuzz-host: fuzz
fuzz: deps $(FUZZERS)
	$(Q)scripts/fuzz-host --build $(BUILD) $(if $(FUZZ_SEED),--seed $(FUZZ_SEED)) \
		$(if $(FUZZ_SECONDS),--seconds $(FUZZ_SECONDS)) $(FUZZ_TARGETS)

# Static analysis of all target C and its layout, zero findings: cppcheck,
# (not the Linux modules of guest/linux/modules/, which are Linux's code
# and style, built by Kbuild with the kernel's own warnings),
# clang-tidy (.clang-tidy says which checks and why), and scripts/check-format
# (tabs, no trailing space, 100 columns). Host unit tests run under ASan and
# UBSan instead.
LINT_FLAGS := --quiet --error-exitcode=1 --inline-suppr --enable=warning,portability \
              --std=c11 --platform=arm32-wchar_t4 --suppress=missingIncludeSystem \
              --suppress=constStatement:guest/common/lib.c
TIDY_FLAGS := --target=arm-none-eabi -march=armv7-a -mfloat-abi=soft -ffreestanding -std=c11
# Run once for the kernel and the guests, and once per component with its
# own generated component_caps.h.
# Four files to a clang-tidy, $(JOBS) at once, each writing its own log.
tidy = printf '%s\n' $(sort $(filter %.c,$(1))) | xargs -n 4 -P $(JOBS) sh -c \
	'clang-tidy --quiet "$$@" -- $(TIDY_FLAGS) $(INCLUDES) $(2) \
	>"$$(mktemp -p $(BUILD)/lint tidy.XXXXXX)" 2>&1' sh || rc=1;
lint: deps $(GENERATED) $(HOST_GEN) $(BUILD)/gen/secure/stamp $(BEARSSL_LIB)
	$(Q)cppcheck $(LINT_FLAGS) $(INCLUDES) -i guest/linux/modules -i drivers/test kernel arch plat drivers components lib guest
	$(Q)mkdir -p $(BUILD)/lint; rm -f $(BUILD)/lint/tidy.*; rc=0; \
	$(call tidy,$(KERNEL_SRC) $(KERNEL_TESTHOOKS) $(KERNEL_TRACEHOOKS) $(TEST_SRC) \
		$(wildcard drivers/*.c) \
		$(BENCH_SRC) $(FUZZ_GUEST_SRC) $(FORGE_SRC)) \
	$(foreach c,$(sort $(COMPONENTS) $(TEST_COMPONENTS)),$(call tidy,$(call component_src,$(c)) \
		$(call component_testhooks,$(c)) $(call component_tracehooks,$(c)), \
		-I$(BUILD)/gen/$(if $(filter $(c),$(TEST_COMPONENTS)),secure-test,secure)/$(c) \
		$(COMPONENT_INCLUDES_$(c)))) \
	cat $(BUILD)/lint/tidy.* >$(BUILD)/lint/clang-tidy.log; rm -f $(BUILD)/lint/tidy.*; \
	grep -v ' warnings\{0,1\} generated\.$$' $(BUILD)/lint/clang-tidy.log; exit $$rc
	$(Q)scripts/check-format >/dev/null || scripts/check-format

# The figures, and build/bench/report.md with plots (gnuplot).
bench: deps all
	$(Q)scripts/install-deps.sh gnuplot:gnuplot-nox
	$(Q)scripts/bench.sh --secure $(SECURE_BIN) --secure-test $(SECURE_TEST_BIN) --bench-guest $(BENCH_GUEST) \
		--secure-trace $(SECURE_TRACE_BIN) --bench-guest-short $(BENCH_SHORT_GUEST) --build $(BUILD)

clean:
	rm -rf $(BUILD)
