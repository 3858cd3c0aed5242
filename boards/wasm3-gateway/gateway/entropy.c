// The kernel's CSPRNG into the core's generator. The octets pass through the parameter window
// and are wiped from it and from this stack at once.

#include "entropy.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "core.h"

int entropy_push(void) {
    uint8_t seed[ENTROPY_SEED_BYTES];
    size_t got = 0;
    while (got < sizeof seed) {
        ssize_t n = getrandom(seed + got, sizeof seed - got, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        got += (size_t)n;
    }
    uint32_t at = (uint32_t)core_call(CORE_pppParamBuffer);
    uint8_t *window = core_mem(at, sizeof seed);
    if (!window) return -1;
    memcpy(window, seed, sizeof seed);
    core_call(CORE_entropyPush, (int32_t)at, (int32_t)sizeof seed);
    memset(window, 0, sizeof seed);
    explicit_bzero(seed, sizeof seed);
    return 0;
}

int entropy_seed(char *err, unsigned long err_len) {
    if (entropy_push() != 0) {
        snprintf(err, err_len, "getrandom: %s", strerror(errno));
        return -1;
    }
    if (core_call(CORE_entropySeeded) != 1) {
        snprintf(err, err_len, "the core did not take the random seed");
        return -1;
    }
    return 0;
}
