/* Tangled from chapters/18-descriptors-and-pipes.nw. Edit the chapter, not this file. */
#include "user.h"

int main(uint64_t argument)
{
    char buffer[64];
    uint64_t lines = 0, words = 0, bytes = 0;
    bool in_word = false;
    int64_t n;
    (void)argument;
    while ((n = read(buffer, sizeof buffer)) > 0) {
        bytes += (uint64_t)n;
        for (int64_t i = 0; i < n; i++) {
            bool space = buffer[i] == ' ' || buffer[i] == '\t' || buffer[i] == '\n';
            lines += buffer[i] == '\n';
            words += !space && !in_word;
            in_word = !space;
        }
    }
    printf("%llu lines, %llu words, %llu bytes\n", (unsigned long long)lines,
           (unsigned long long)words, (unsigned long long)bytes);
    return n == 0 ? 0 : 1;
}
