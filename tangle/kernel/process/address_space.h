/* Tangled from chapters/14-processes.nw. Edit the chapter, not this file. */
#ifndef ADDRESS_SPACE_H
#define ADDRESS_SPACE_H
#include <stdint.h>

#define USER_FIRST_SLOT 32      /* USER_START >> 39 */
#define USER_LAST_SLOT 63       /* (USER_END - 1) >> 39 */

void address_space_init(void);
uint64_t *address_space_create(void);
void address_space_destroy(uint64_t *pml4);
void address_space_switch(uint64_t *pml4);
extern uint64_t *kernel_pml4;
#endif
