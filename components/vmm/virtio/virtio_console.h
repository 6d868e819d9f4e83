/* virtio-console on the secure console (virtio_console.c). */
#ifndef VMM_VIRTIO_CONSOLE_H
#define VMM_VIRTIO_CONSOLE_H

#include "virtio.h"

extern const struct virtio_ops virtio_console_ops;
/* The secure console received bytes (its interrupt, VMM thread 0): they
 * go to the driver's receive buffers, or wait in a small buffer of the
 * VMM's until the driver gives some. */
void virtio_console_input(struct virtio_dev *d);

#endif
