/* malloc over the heap ZeroVM describes in the user manifest (heap_ptr,
   heap_size). Blocks are 16-byte aligned, with a 16-byte header holding the
   size class; freed blocks go to a free list per power-of-two class and are
   reused for requests of the same class. Simple and deterministic; it never
   returns memory to ZeroVM (there is nothing to return it to). */
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <zvm.h>

#define HEADER 16u
#define CLASSES 32

struct block { uint32_t size_class; struct block *next_free; uint32_t pad[2]; };

static uintptr_t heap_next, heap_end;
static struct block *free_lists[CLASSES];

void __nacl_heap_init(void) {
  const struct UserManifest *manifest = MANIFEST;
  heap_next = ((uintptr_t)manifest->heap_ptr + 15) & ~(uintptr_t)15;
  heap_end = (uintptr_t)manifest->heap_ptr + manifest->heap_size;
}

static unsigned class_of(size_t size) {
  unsigned c = 4; /* 16 bytes */
  while (((size_t)1 << c) < size) c++;
  return c;
}

void *malloc(size_t size) {
  if (size > 0x7fffffffu) return 0;
  unsigned c = class_of(size + HEADER);
  if (c >= CLASSES) return 0;
  struct block *b = free_lists[c];
  if (b) {
    free_lists[c] = b->next_free;
  } else {
    size_t bytes = (size_t)1 << c;
    if (heap_end - heap_next < bytes) return 0;
    b = (struct block *)heap_next;
    heap_next += bytes;
    b->size_class = c;
  }
  return (char *)b + HEADER;
}

void free(void *ptr) {
  if (!ptr) return;
  struct block *b = (struct block *)((char *)ptr - HEADER);
  b->next_free = free_lists[b->size_class];
  free_lists[b->size_class] = b;
}

void *calloc(size_t count, size_t size) {
  if (size != 0 && count > 0x7fffffffu / size) return 0;
  void *p = malloc(count * size);
  return p ? memset(p, 0, count * size) : 0;
}

void *realloc(void *ptr, size_t size) {
  if (!ptr) return malloc(size);
  struct block *b = (struct block *)((char *)ptr - HEADER);
  size_t capacity = ((size_t)1 << b->size_class) - HEADER;
  if (size <= capacity) return ptr;
  void *grown = malloc(size);
  if (!grown) return 0;
  memcpy(grown, ptr, capacity);
  free(ptr);
  return grown;
}
