#ifndef KERNEL_VERSION_H
#define KERNEL_VERSION_H
#define TZVMM_VERSION "0.1"
#endif
