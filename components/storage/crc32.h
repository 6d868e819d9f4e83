/* CRC-32 (IEEE 802.3, reflected, as zlib computes it): the checksum of
 * the storage component's superblock and journal records (crc32.c). */
#ifndef STORAGE_CRC32_H
#define STORAGE_CRC32_H

#include <stddef.h>
#include <stdint.h>

uint32_t crc32(const void *data, size_t len);

#endif
