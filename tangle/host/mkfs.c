/* Tangled from chapters/22-a-file-system.nw. Edit the chapter, not this file. */
#include "kernel_on_host.h"
#include <stdio.h>
#include <string.h>

static const char *add_file(uint32_t bin, const char *path)
{
    static uint8_t data[4 << 20];
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return "a file cannot be read";
    size_t n = fread(data, 1, sizeof data, f);
    bool whole = feof(f) && !ferror(f);
    fclose(f);
    const char *name = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
    uint32_t inode;
    if (!whole)
        return "a file is larger than 4 MiB";
    if (fs_create(bin, name, INODE_FILE, &inode) < 0)
        return "a file's name cannot be made in /bin";
    return fs_write(inode, 0, data, n) == (int64_t)n || n == 0 ? NULL
                                                               : "the disk is full";
}

int main(int argc, char **argv)
{
    uint32_t blocks = argc >= 3 ? (uint32_t)strtoul(argv[2], NULL, 10) : 0;
    if (argc < 3 || blocks < 64 || blocks > FS_BLOCKS_MAX) {
        fprintf(stderr, "usage: mkfs IMAGE BLOCKS [FILE...]  "
                "(64 to %d blocks of 1 KiB)\n", FS_BLOCKS_MAX);
        return 2;
    }
    uint8_t *image = calloc(blocks, BLOCK_SIZE);
    struct block_device d = memory_disk(image, blocks);
    const char *why = make_file_system(&d, image, blocks);
    uint32_t bin;
    if (why == NULL && argc > 3 && fs_create(FS_ROOT, "/bin", INODE_DIRECTORY, &bin) < 0)
        why = "/bin cannot be made";
    for (int k = 3; k < argc && why == NULL; k++)
        why = add_file(bin, argv[k]);
    FILE *out = why == NULL ? fopen(argv[1], "wb") : NULL;
    if (why == NULL && (out == NULL || fwrite(image, BLOCK_SIZE, blocks, out) != blocks))
        why = "the image cannot be written";
    if (out != NULL && fclose(out) != 0 && why == NULL)
        why = "the image cannot be written";
    if (why != NULL)
        fprintf(stderr, "mkfs: %s: %s\n", argv[1], why);
    return why == NULL ? 0 : 1;
}
