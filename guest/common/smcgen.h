/*
 * Random SMCs for the normal-world fuzzers (guest/test/fuzz.c, the quick
 * conformance case, and guest/fuzz, the large multi-CPU run): a
 * deterministic generator, so that a seed reproduces a run.
 */
#ifndef GUEST_SMCGEN_H
#define GUEST_SMCGEN_H

#include <stdbool.h>
#include <stdint.h>

/* xorshift32 state; never 0. */
struct smcgen {
	uint32_t x;
};

void smcgen_seed(struct smcgen *g, uint32_t seed);
uint32_t smcgen_rnd(struct smcgen *g);
/* A function id, biased towards the owners and numbers tzvmm serves, their
 * edges, and the SMC64, yielding and must-be-zero forms. */
uint32_t smcgen_id(struct smcgen *g);
/* An argument: random, or a boundary value (0, ~0, addresses in secure RAM,
 * device space and at the ends of normal RAM, lengths that wrap). */
uint32_t smcgen_arg(struct smcgen *g);
/* r0..r7 of one call; calls that would end the run or stop this CPU, or
 * leave state behind for others, are made harmless (see smcgen.c). */
void smcgen_call(struct smcgen *g, uint32_t call[8]);
/* An id no part of tzvmm may answer: SMC64, yielding, must-be-zero bits
 * set, or an owning entity without a service. */
bool smcgen_never_served(uint32_t id);

#endif
