/* Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file. */
#include "fpu.h"
#include "console.h"
#include "lib.h"

#define CR0_MP (1ull << 1)
#define CR0_EM (1ull << 2)
#define CR0_TS (1ull << 3)
#define CR0_NE (1ull << 5)
#define CR4_OSFXSR (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)
#define CR4_OSXSAVE (1ull << 18)
#define CPUID_1_ECX_XSAVE (1u << 26)
#define XCR0_X87 (1ull << 0)
#define XCR0_SSE (1ull << 1)
#define XCR0_AVX (1ull << 2)

uint64_t fpu_components;
static struct fpu_state clean;

static void cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
    __asm__ volatile("cpuid" : "=a"(out[0]), "=b"(out[1]), "=c"(out[2]), "=d"(out[3])
                     : "a"(leaf), "c"(subleaf));
}

static void xcr0_write(uint64_t value)
{
    __asm__ volatile("xsetbv" : : "c"(0), "a"((uint32_t)value),
                     "d"((uint32_t)(value >> 32)));
}

static void choose_components(void)
{
    uint32_t r[4];
    cpuid(0xD, 0, r);                   /* EAX: what this processor can save */
    fpu_components = r[0] & (XCR0_X87 | XCR0_SSE | XCR0_AVX);
    xcr0_write(fpu_components);
    cpuid(0xD, 0, r);                   /* EBX: the size that needs */
    if (r[1] > FPU_STATE_SIZE) {
        fpu_components = XCR0_X87 | XCR0_SSE;
        xcr0_write(fpu_components);
    }
}

static void enable_vector_registers(void)
{
    uint64_t cr0, cr4;
    uint32_t r[4];
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    cr0 = (cr0 & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE;
    __asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    cr4 |= CR4_OSFXSR | CR4_OSXMMEXCPT;
    cpuid(1, 0, r);
    if (r[2] & CPUID_1_ECX_XSAVE)
        cr4 |= CR4_OSXSAVE;
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
    if (cr4 & CR4_OSXSAVE)
        choose_components();
}
static void make_clean_state(void)
{
    uint16_t fcw = 0x037F;
    uint32_t mxcsr = 0x1F80;
    uint64_t xstate_bv = XCR0_X87 | XCR0_SSE;
    memset(&clean, 0, sizeof clean);
    memcpy(&clean.bytes[0], &fcw, sizeof fcw);
    memcpy(&clean.bytes[24], &mxcsr, sizeof mxcsr);
    memcpy(&clean.bytes[512], &xstate_bv, sizeof xstate_bv);
}

void fpu_init(void)
{
    enable_vector_registers();
    make_clean_state();
    fpu_load_clean();
    kprintf("vector registers: x87, SSE%s, saved with %s\n",
            fpu_components & XCR0_AVX ? ", AVX" : "",
            fpu_components != 0 ? "XSAVE" : "FXSAVE");
}
void fpu_save(struct fpu_state *state)
{
    if (fpu_components != 0)
        __asm__ volatile("xsave64 %0" : "+m"(*state) : "a"(~0u), "d"(~0u));
    else
        __asm__ volatile("fxsave64 %0" : "=m"(*state));
}

void fpu_load(const struct fpu_state *state)
{
    if (fpu_components != 0)
        __asm__ volatile("xrstor64 %0" : : "m"(*state), "a"(~0u), "d"(~0u));
    else
        __asm__ volatile("fxrstor64 %0" : : "m"(*state));
}

void fpu_load_clean(void)
{
    fpu_load(&clean);
}

void fpu_state_init(struct fpu_state *state)
{
    *state = clean;
}
