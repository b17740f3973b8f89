/* Tangled from chapters/13-user-mode.nw. Edit the chapter, not this file. */
#ifndef FPU_H
#define FPU_H
#include <stdint.h>

/* x87, SSE and AVX in XSAVE's standard layout take 832 bytes. */
#define FPU_STATE_SIZE 1024

struct fpu_state {
    uint8_t bytes[FPU_STATE_SIZE];
} __attribute__((aligned(64)));         /* XSAVE's rule; FXSAVE's is 16 */

void fpu_init(void);
void fpu_save(struct fpu_state *state);
void fpu_load(const struct fpu_state *state);
void fpu_load_clean(void);
void fpu_state_init(struct fpu_state *state);
extern uint64_t fpu_components;         /* XCR0; 0 without XSAVE */
#endif
