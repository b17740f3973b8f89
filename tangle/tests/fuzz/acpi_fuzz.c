/* Tangled from chapters/17-acpi-and-the-apic.nw. Edit the chapter, not this file. */
#include "../../kernel/lib/format.c"
#include "../../kernel/acpi/acpi.c"
#include <stddef.h>

static const uint8_t *image;
static size_t image_size;

static const uint8_t *read_image(void *context, uint64_t address, uint32_t length)
{
    (void)context;
    if (address > image_size || length > image_size - address)
        return NULL;
    return image + address;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct acpi_info a;
    uint16_t flags;
    image = data;
    image_size = size;
    if (acpi_parse(data, size < 36 ? (uint32_t)size : 36, read_image, NULL, &a))
        for (uint8_t irq = 0; irq < 16; irq++)
            acpi_irq_to_gsi(&a, irq, &flags);
    return 0;
}
