/* The component images, linked separately, embedded in the secure image. */
	.section .rodata.components, "a"
	.balign 4096
	.global vmm_image, vmm_image_end
vmm_image:
	.incbin "vmm.bin"
vmm_image_end:
	.balign 4096
	.global probe_image, probe_image_end
probe_image:
	.incbin "probe.bin"
probe_image_end:
