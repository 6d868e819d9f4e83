/*
 * The SD medium's port on the target (medium_sd.c, drivers/usdhc.c): the
 * uSDHC's registers, which the kernel maps as device memory at
 * COMPONENT_VA_STORAGE (`devices storage` on the i.MX boards: uSDHC1), and
 * the kernel's clock and one-shot timer for the bounds of the driver's
 * waits. The board's medium is then the SD card (port_medium).
 */
#include <drivers/usdhc.h>
#include <tzvmm/component_layout.h>
#include <tzvmm/signals.h>
#include <ulib/sys.h>
#include "medium.h"

static uint32_t sd_port_ticks(void)
{
	return sys_kinfo(KINFO_TICKS_LO);
}

static struct usdhc_port port;

static void sd_port_pause(void)
{
	/* Only the timer's bit: a request signalled meanwhile stays pending. */
	sys_timer(port.ticks_per_ms, STORAGE_SIG_TIMER);
	sys_wait(STORAGE_SIG_TIMER, SYS_NO_VCPU);
}

const struct medium *port_medium(void)
{
	port.ticks = sd_port_ticks;
	port.ticks_per_ms = sys_kinfo(KINFO_TIMER_HZ) / 1000u;
	port.pause = sd_port_pause;
	medium_sd_attach(COMPONENT_VA_STORAGE, &port);
	return &medium_sd;
}
