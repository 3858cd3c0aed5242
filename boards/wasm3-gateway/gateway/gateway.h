// The board host's state: its lines and what it remembers of the core's events.
#ifndef DIALBACK_GATEWAY_H
#define DIALBACK_GATEWAY_H

#include <signal.h>
#include <stdint.h>

#include "line.h"

#define GATEWAY_MAX_LINES 63

struct gateway {
    struct line *lines;
    int count;
    struct line *by_tty[64];
    uint32_t rx_window[64], rx_window_size[64]; // fixed from init on
    uint32_t our_address[64];                   // IPCP: the server's end of each PPP link (0 = none)
    int32_t session_of_line[64];                // the callback id a line's traces belong to
    double next_reseed;
    volatile sig_atomic_t stop;   // SIGTERM, SIGINT
    volatile sig_atomic_t reload; // SIGHUP
    int32_t backlog_refused;      // the core took fewer bytes than offered in the last pass
};

/** Takes every event the core has; acts on the host's share (outputs, AAA, entropy, pings), logs the rest. */
void events_drain(struct gateway *g, double now);

/** Runs until SIGTERM/SIGINT (returns 0) or SIGHUP (returns 1). */
int loop_run(struct gateway *g);
/** Monotonic milliseconds. */
double clock_ms(void);
/** Drops DTR on every line (TCP calls are closed) and runs the loop until every call is down or `limit_ms` passed. */
void loop_hang_up_all(struct gateway *g, double limit_ms);
/** Writes what the core has to send on the line, as far as the device takes it. */
void loop_drain_tx(struct line *l, double now);
/** After init: the receive windows, and the outputs and signals every line starts with. */
void loop_attach(struct gateway *g);

#endif
