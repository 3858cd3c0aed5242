// One poll loop for every line, in the order boards/abi.md asks of a host: tick (so input is
// stamped with the time), modem signals, received bytes (what the core refuses is kept and
// offered again), events after each line's input, tick for the deadline, the transmit rings
// written and committed only as far as the writes went, then sleep until the deadline, a
// byte, a writable line, a timer of the host's own, or a signal.

#define _GNU_SOURCE // ppoll, accept4

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "entropy.h"
#include "gateway.h"
#include "log.h"

/** How soon refused bytes are offered again when the core had no room (the Node host's RETRY_MS). */
#define RETRY_MS 10.0

double clock_ms(void) {
    static struct timespec origin;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    if (origin.tv_sec == 0 && origin.tv_nsec == 0) origin = ts;
    return (double)(ts.tv_sec - origin.tv_sec) * 1000.0 + (double)(ts.tv_nsec - origin.tv_nsec) / 1e6;
}

static double sooner(double a, double b) {
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

void loop_attach(struct gateway *g) {
    for (int i = 0; i < g->count; i++) {
        struct line *l = &g->lines[i];
        g->rx_window[l->tty] = (uint32_t)core_call(CORE_rxBuffer, l->tty);
        g->rx_window_size[l->tty] = (uint32_t)core_call(CORE_rxBufferSize, l->tty);
        l->reported = -1; // every line's signals are told once after init
        l->backlog_len = 0;
    }
}

// Offers the line's backlog through its receive window, one window a call with the events
// drained after each (a datagram's payload must find room in the event ring); 0 when the core
// kept some back.
static int push_backlog(struct gateway *g, struct line *l, double now) {
    uint32_t window = g->rx_window[l->tty], size = g->rx_window_size[l->tty];
    size_t off = 0;
    int all = 1;
    while (off < l->backlog_len) {
        uint32_t n = l->backlog_len - off < size ? (uint32_t)(l->backlog_len - off) : size;
        uint8_t *dst = core_mem(window, n);
        if (!dst || n == 0) break;
        memcpy(dst, l->backlog + off, n);
        int32_t taken = core_call(CORE_rxPush, l->tty, (int32_t)window, (int32_t)n);
        if (taken < 0 || (uint32_t)taken > n) taken = 0;
        events_drain(g, now);
        off += (size_t)taken;
        if ((uint32_t)taken < n) {
            all = 0;
            break;
        }
    }
    memmove(l->backlog, l->backlog + off, l->backlog_len - off);
    l->backlog_len -= off;
    return all;
}

// What the core has to send goes out as far as the device takes it; only that much is committed.
// A line with no call (no connection, an unplugged UART) loses its output, as a wire would.
void loop_drain_tx(struct line *l, double now) {
    if (line_holds_output(l) || l->write_blocked) return;
    for (;;) {
        int32_t n = core_call(CORE_txPeek, l->tty);
        if (n <= 0) return;
        uint32_t at = (uint32_t)core_call(CORE_txPtr, l->tty);
        const uint8_t *data = core_mem(at, (uint32_t)n);
        if (!data) return;
        long sent = l->fd >= 0 ? line_send(l, data, (size_t)n, now) : n;
        if (sent < 0) sent = n; // the call is gone: its output with it
        if (sent > 0) core_call(CORE_txCommit, l->tty, (int32_t)sent);
        if (sent < n) return; // the rest when the device can take it (POLLOUT)
    }
}

static void signals(struct gateway *g) {
    for (int i = 0; i < g->count; i++) {
        struct line *l = &g->lines[i];
        int mask = line_signal_mask(l);
        if (mask != l->reported) {
            l->reported = mask;
            core_call(CORE_lineSignals, l->tty, mask);
        }
    }
}

// One pass, as host/run/loop.ts pump(): returns the core's next deadline.
static double pump(struct gateway *g, double now, double *host_next) {
    core_tick(now);
    *host_next = -1;
    for (int i = 0; i < g->count; i++) *host_next = sooner(*host_next, line_timers(&g->lines[i], now));
    signals(g);
    int refused = 0;
    for (int i = 0; i < g->count; i++) {
        if (!push_backlog(g, &g->lines[i], now)) refused = 1;
    }
    double deadline = core_tick(now);
    events_drain(g, now);
    for (int i = 0; i < g->count; i++) loop_drain_tx(&g->lines[i], now);
    if (refused) {
        refused = 0;
        for (int i = 0; i < g->count; i++)
            if (!push_backlog(g, &g->lines[i], now)) refused = 1;
    }
    g->backlog_refused = refused;
    return deadline;
}

static int wait_ms(double now, double deadline, double host_next, int refused) {
    double wait = deadline < 0 ? -1 : deadline - now;
    if (host_next >= 0) wait = sooner(wait, host_next - now);
    if (refused) wait = sooner(wait, RETRY_MS);
    if (wait < 0 && (deadline >= 0 || host_next >= 0 || refused)) wait = 0;
    return wait < 0 ? -1 : wait > 60000 ? 60000 : (int)(wait + 0.999);
}

static void wait_and_read(struct gateway *g, int timeout_ms, sigset_t *unblocked) {
    struct pollfd fds[2 * GATEWAY_MAX_LINES];
    struct line *owner[2 * GATEWAY_MAX_LINES];
    int listening[2 * GATEWAY_MAX_LINES];
    int n = 0;
    for (int i = 0; i < g->count; i++) {
        struct line *l = &g->lines[i];
        if (l->listen_fd >= 0) fds[n] = (struct pollfd){.fd = l->listen_fd, .events = POLLIN}, owner[n] = l, listening[n++] = 1;
        if (l->fd < 0) continue;
        short events = (l->backlog_len < sizeof l->backlog ? POLLIN : 0) | (l->write_blocked ? POLLOUT : 0);
        fds[n] = (struct pollfd){.fd = l->fd, .events = events}, owner[n] = l, listening[n++] = 0;
    }
    struct timespec ts = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L};
    int ready = ppoll(fds, (nfds_t)n, timeout_ms < 0 ? NULL : &ts, unblocked);
    if (ready <= 0) return; // a timeout, or a signal (EINTR): the loop looks at its flags
    double now = clock_ms();
    for (int i = 0; i < n; i++) {
        struct line *l = owner[i];
        if (!fds[i].revents) continue;
        if (listening[i]) {
            line_accept(l);
            continue;
        }
        if (fds[i].revents & POLLOUT) l->write_blocked = 0;
        if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) line_receive(l, now);
    }
}

int loop_run(struct gateway *g) {
    sigset_t blocked, unblocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGHUP);
    // Signals arrive only while the loop sleeps: a pass over the core is never cut in half.
    sigprocmask(SIG_BLOCK, &blocked, &unblocked);
    while (!g->stop && !g->reload) {
        double now = clock_ms();
        if (now >= g->next_reseed) {
            if (entropy_push() != 0) logf_(LOG_LEVEL_ERR, "getrandom failed: core not reseeded");
            g->next_reseed = now + ENTROPY_RESEED_MS;
        }
        double host_next = -1;
        double deadline = pump(g, now, &host_next);
        host_next = sooner(host_next, g->next_reseed);
        wait_and_read(g, wait_ms(now, deadline, host_next, g->backlog_refused), &unblocked);
    }
    sigprocmask(SIG_SETMASK, &unblocked, NULL);
    return g->stop ? 0 : 1;
}

static int calls_up(const struct gateway *g) {
    for (int i = 0; i < g->count; i++) {
        const struct line *l = &g->lines[i];
        if ((line_signal_mask(l) & SIGNAL_DCD) || line_holds_output(l)) return 1;
    }
    return 0;
}

void loop_hang_up_all(struct gateway *g, double limit_ms) {
    double start = clock_ms(), now = start;
    for (int i = 0; i < g->count; i++) line_set_outputs(&g->lines[i], g->lines[i].rts ? OUTPUT_RTS : 0, now);
    // Lines that hang up by escape need a few seconds of the line timers; nothing new is pushed
    // to the core, so it cannot raise DTR again.
    while (calls_up(g) && (now = clock_ms()) - start < limit_ms) {
        double next = -1;
        for (int i = 0; i < g->count; i++) next = sooner(next, line_timers(&g->lines[i], now));
        for (int i = 0; i < g->count; i++) {
            struct line *l = &g->lines[i];
            if (l->fd >= 0 && l->backlog_len < sizeof l->backlog) line_receive(l, now);
            l->backlog_len = 0; // what the modem says while hanging up is for the host alone
        }
        struct timespec ts = {0, 20 * 1000000L};
        if (next < 0 || next - now > 20) nanosleep(&ts, NULL);
    }
}
