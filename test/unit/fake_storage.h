/*
 * The data of a READ or WRITE as the storage component moves it
 * (include/tzvmm/storage.h), for the fakes of the VMM's tests
 * (test_virtio.c, fuzz_virtio.c): from or into the slot's buffer, or the
 * normal RAM its segments name, to or from disk_at.
 */
#ifndef TEST_UNIT_FAKE_STORAGE_H
#define TEST_UNIT_FAKE_STORAGE_H

#include <stdbool.h>
#include <string.h>
#include <tzvmm/storage.h>
#include <ulib/guest_mem.h>

/* False if a segment is not what the interface allows (nothing moved
 * then): a VMM that sends one has a bug. */
static inline bool fake_storage_move(struct storage_req *r, uint8_t *disk_at, bool to_disk)
{
	const struct storage_seg *s =
		(const struct storage_seg *)(const void *)((uint8_t *)r + STORAGE_SEGS_OFFSET);
	uint8_t *slot_data = (uint8_t *)r + STORAGE_DATA_OFFSET;
	uint32_t n = r->count * STORAGE_SECTOR, sum = 0;

	if (!r->nseg) {
		memmove(to_disk ? disk_at : slot_data, to_disk ? slot_data : disk_at, n);
		return true;
	}
	if (r->nseg > STORAGE_SEG_MAX)
		return false;
	for (uint32_t i = 0; i < r->nseg; i++) {
		if (((s[i].pa | s[i].len) & 3u) || !guest_mem_view(gpa(s[i].pa), s[i].len))
			return false;
		sum += s[i].len;
	}
	if (sum != n)
		return false;
	for (uint32_t i = 0; i < r->nseg; i++) {
		uint8_t *g = (uint8_t *)(uintptr_t)guest_mem_view(gpa(s[i].pa), s[i].len);

		memmove(to_disk ? disk_at : g, to_disk ? g : disk_at, s[i].len);
		disk_at += s[i].len;
	}
	return true;
}

#endif
