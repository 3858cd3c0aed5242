// Randomness for the core (boards/ppp-abi.md, Randomness): 32 octets from getrandom() before
// any line comes up, again whenever a line leaves idle, and every 10 minutes.
#ifndef DIALBACK_ENTROPY_H
#define DIALBACK_ENTROPY_H

#define ENTROPY_SEED_BYTES 32
#define ENTROPY_RESEED_MS (10 * 60 * 1000.0)

/** Pushes 32 fresh octets; -1 when the kernel gives none. */
int entropy_push(void);
/** The first push, then checks entropySeeded(); -1 with a message. */
int entropy_seed(char *err, unsigned long err_len);

#endif
