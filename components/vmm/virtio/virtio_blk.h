/* virtio-blk on the storage component (virtio_blk.c). */
#ifndef VMM_VIRTIO_BLK_H
#define VMM_VIRTIO_BLK_H

#include "virtio.h"

#define VIRTIO_BLK_CONFIG_LEN 24u   /* capacity .. blk_size (5.2.4) */

extern const struct virtio_ops virtio_blk_ops;
/* One request chain of n validated buffers, served through the storage
 * slot of cpu, on a disk of `sectors` sectors: the bytes written into it,
 * or -1 if its status cannot be written. Needs no lock: the chain and the
 * slot are the caller's own. */
int virtio_blk_request(unsigned cpu, const struct virtq_buf *bufs, unsigned n, uint64_t sectors);

#endif
