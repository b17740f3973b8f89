/* Tangled from chapters/10-the-heap.nw. Edit the chapter, not this file. */
#include "heap_designs.h"
#include "lib.h"

/* realloc for any design: alloc, copy, free.  The design is passed as three
 * functions and its state. */
void *heap_realloc(void *state, void *p, size_t size,
                   void *(*alloc)(void *, size_t, size_t),
                   enum heap_error (*release)(void *, void *),
                   size_t (*usable)(void *, void *))
{
    if (p == NULL)
        return alloc(state, size, HEAP_MIN_ALIGN);
    size_t old = usable(state, p);
    if (size <= old && size >= old / 2)
        return p;                       /* fits, and not wastefully */
    void *q = alloc(state, size, HEAP_MIN_ALIGN);
    if (q == NULL)
        return NULL;                    /* the old block is untouched */
    memcpy(q, p, old < size ? old : size);
    release(state, p);
    return q;
}
