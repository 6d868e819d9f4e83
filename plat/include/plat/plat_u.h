/*
 * PLAT_U(x): a number of a board's description (plat/<board>/include/plat/
 * memmap.h), which C, assembly and the linker scripts (*.ld.S, preprocessed
 * with LINKER_SCRIPT defined) all include: unsigned in C, bare for the
 * others, which take no C integer suffix.
 */
#ifndef PLAT_PLAT_U_H
#define PLAT_PLAT_U_H

#if defined(__ASSEMBLER__) || defined(LINKER_SCRIPT)
#define PLAT_U(x) x
#else
#define PLAT_U(x) x##u
#endif

#endif
