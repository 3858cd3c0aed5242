// What every line does whatever drives it: parse its option, keep received bytes until the
// core takes them, turn wires or modem text into the core's signal mask, carry out DTR/RTS.

#include "line.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "driver.h"
#include "log.h"

#define FORMS "N=DEVICE[@SPEED][,noflow][,text] or N=tcp:PORT"
/** After a UART fails (unplugged), how often the device is opened again. */
#define REOPEN_MS 5000.0

static int bad(char *err, size_t err_len, const char *spec, const char *why) {
    snprintf(err, err_len, "--line %s: %s (forms: %s)", spec, why, FORMS);
    return -1;
}

static int number(const char *s, long lo, long hi, long *out) {
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

int line_parse(const char *spec, struct line *l, char *err, size_t err_len) {
    memset(l, 0, sizeof *l);
    l->fd = l->listen_fd = -1;
    l->rtscts = -1;
    char text[512];
    if (strlen(spec) >= sizeof text) return bad(err, err_len, spec, "too long");
    strcpy(text, spec);
    char *eq = strchr(text, '=');
    if (!eq) return bad(err, err_len, spec, "missing '='");
    *eq = '\0';
    long tty;
    if (number(text, 1, 63, &tty) != 0) return bad(err, err_len, spec, "the line number must be 1..63");
    l->tty = (int)tty;
    char *rest = eq + 1;
    if (strncmp(rest, "tcp:", 4) == 0) {
        long port;
        if (number(rest + 4, 1, 65535, &port) != 0) return bad(err, err_len, spec, "tcp port 1-65535");
        l->kind = LINE_TCP;
        l->port = (int)port;
        snprintf(l->name, sizeof l->name, "tcp 127.0.0.1:%d", l->port);
        return 0;
    }
    if (strncmp(rest, "serial:", 7) == 0) rest += 7; // the Node host's form
    l->kind = LINE_SERIAL;
    for (char *opt = strchr(rest, ','); opt; opt = strchr(opt, ',')) {
        *opt++ = '\0';
        char *next = strchr(opt, ',');
        if (next) *next = '\0';
        if (strcmp(opt, "noflow") == 0) l->rtscts = 0;
        else if (strcmp(opt, "rtscts") == 0) l->rtscts = 1;
        else if (strcmp(opt, "text") == 0) l->text_only = 1;
        else return bad(err, err_len, spec, "unknown option (noflow, rtscts, text)");
        if (next) *next = ',';
    }
    char *at = strrchr(rest, '@');
    if (at) {
        long speed;
        *at = '\0';
        if (number(at + 1, 50, 4000000, &speed) != 0) return bad(err, err_len, spec, "the speed is not a number of bit/s");
        l->speed = (int)speed;
    }
    if (!*rest) return bad(err, err_len, spec, "no device");
    if (strlen(rest) >= sizeof l->device) return bad(err, err_len, spec, "device path too long");
    strcpy(l->device, rest);
    return 0;
}

int line_open(struct line *l, double now, char *err, size_t err_len) {
    l->dtr = l->rts = 1; // ready for a call until the core says otherwise
    l->last_tx = now - ESCAPE_GUARD_MS;
    if (l->kind == LINE_TCP) {
        l->dsr = l->cts = 1;
        return tcp_listen(l, err, err_len);
    }
    snprintf(l->name, sizeof l->name, "%s@%d%s%s", l->device, l->speed, l->rtscts ? "" : ",noflow", l->text_only ? ",text" : "");
    if (serial_open(l, err, err_len) != 0) return -1;
    l->modem_readable = !l->text_only && serial_read_modem(l) == 0;
    l->dtr_settable = !l->text_only && serial_set_modem(l, 1, 1) == 0;
    if (!l->modem_readable) l->dsr = l->cts = 1, l->dcd = l->ri = 0;
    if (!l->modem_readable || !l->dtr_settable) {
        logf_(LOG_LEVEL_NOTICE, "TTY%d: %s: %s%s", l->tty, l->device,
              l->modem_readable ? "" : "modem lines not readable: carrier from the modem's CONNECT / NO CARRIER, ringing from RING",
              l->dtr_settable ? "" : (l->modem_readable ? "DTR not settable: hang-up by +++ / ATH0" : "; hang-up by +++ / ATH0"));
    }
    l->next_modem_poll = now + MODEM_POLL_MS;
    return 0;
}

void line_close(struct line *l) {
    if (l->kind == LINE_SERIAL && l->fd >= 0 && l->dtr_settable) serial_set_modem(l, 0, 0);
    if (l->fd >= 0) close(l->fd);
    if (l->listen_fd >= 0) close(l->listen_fd);
    l->fd = l->listen_fd = -1;
}

static int carrier(const struct line *l) {
    if (l->kind == LINE_TCP) return l->fd >= 0;
    return l->modem_readable ? l->dcd : l->text_carrier;
}

int line_signal_mask(const struct line *l) {
    int dcd = carrier(l);
    // Ringing ends once the call is up; without an RI wire, a RING counts for RING_HOLD_MS.
    int ri = !dcd && (l->ri || l->ring_until > 0);
    return (dcd ? SIGNAL_DCD : 0) | (ri ? SIGNAL_RI : 0) | (l->dsr ? SIGNAL_DSR : 0) | (l->cts ? SIGNAL_CTS : 0);
}

int line_holds_output(const struct line *l) {
    return l->hangup.step != HANGUP_IDLE;
}

void line_set_outputs(struct line *l, int mask, double now) {
    int dtr = (mask & OUTPUT_DTR) != 0, rts = (mask & OUTPUT_RTS) != 0;
    int fell = l->dtr && !dtr;
    l->dtr = dtr;
    l->rts = rts;
    if (l->kind == LINE_TCP) {
        if (fell && l->fd >= 0) tcp_hang_up(l); // hang-up: carrier is gone at once
        return;
    }
    if (l->fd < 0) return;
    if (l->dtr_settable && serial_set_modem(l, dtr, rts) == 0) {
        // The modem hangs up on the DTR drop (&D2): a carrier read from text is gone with it.
        if (fell && !l->modem_readable) l->text_carrier = 0;
        return;
    }
    // DTR does not reach the modem: with a call up, the escape sequence hangs up instead.
    if (fell && carrier(l) && l->hangup.step == HANGUP_IDLE) {
        logf_(LOG_LEVEL_INFO, "TTY%d: hanging up by +++ / ATH0 (no DTR on %s)", l->tty, l->device);
        l->hangup.step = HANGUP_QUIET_BEFORE;
        l->hangup.at = now;
        l->heard = RESULT_NONE;
    }
}

static void result_heard(struct line *l, enum modem_result r, double now) {
    if (r == RESULT_NONE) return;
    if (l->hangup.step != HANGUP_IDLE) l->heard = r;
    if (r == RESULT_RING) l->ring_until = now + RING_HOLD_MS;
    if (l->modem_readable) return;
    if (r == RESULT_CONNECT) l->text_carrier = 1, l->ring_until = 0;
    if (r == RESULT_NO_CARRIER) l->text_carrier = 0;
}

// A UART that failed (unplugged, or a pty whose other side went away): the call is gone, and
// the device is opened again from time to time.
static void serial_lost(struct line *l, double now, const char *why) {
    logf_(LOG_LEVEL_ERR, "TTY%d: %s: %s; opening it again every %.0f s", l->tty, l->device, why, REOPEN_MS / 1000);
    close(l->fd);
    l->fd = -1;
    l->dcd = l->text_carrier = 0;
    l->hangup.step = HANGUP_IDLE;
    l->next_modem_poll = now + REOPEN_MS;
}

int line_receive(struct line *l, double now) {
    if (l->fd < 0) return -1;
    size_t room = sizeof l->backlog - l->backlog_len;
    if (room == 0) return 0;
    uint8_t *dst = l->backlog + l->backlog_len;
    ssize_t n = read(l->fd, dst, room);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return 0;
    if (n <= 0) {
        if (l->kind == LINE_TCP) tcp_hang_up(l);
        else if (n < 0) serial_lost(l, now, strerror(errno));
        else return 0; // a UART read of 0 is no data
        return -1;
    }
    l->backlog_len += (size_t)n;
    // Modem text is read only while no call is up, or when the text is all there is (a call's
    // data may hold anything).
    if (l->kind == LINE_SERIAL && (!carrier(l) || !l->modem_readable || l->hangup.step != HANGUP_IDLE)) {
        for (ssize_t i = 0; i < n; i++) result_heard(l, modem_text_byte(&l->text, dst[i]), now);
    }
    return 0;
}

long line_send(struct line *l, const uint8_t *data, size_t len, double now) {
    if (l->fd < 0) return -1;
    ssize_t n = l->kind == LINE_TCP ? send(l->fd, data, len, MSG_NOSIGNAL) : write(l->fd, data, len);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        l->write_blocked = 1;
        return 0;
    }
    if (n < 0) {
        if (l->kind == LINE_TCP) tcp_hang_up(l);
        else serial_lost(l, now, strerror(errno));
        return -1;
    }
    l->write_blocked = (size_t)n < len;
    if (n > 0) l->last_tx = now;
    return (long)n;
}

void line_accept(struct line *l) {
    tcp_accept(l);
    if (l->fd >= 0 && l->backlog_len == 0) modem_text_reset(&l->text);
}

static double sooner(double a, double b) {
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

double line_timers(struct line *l, double now) {
    double next = -1;
    if (l->kind != LINE_SERIAL) return next;
    if (l->fd < 0) {
        if (now >= l->next_modem_poll) {
            char err[512];
            if (serial_open(l, err, sizeof err) == 0) {
                logf_(LOG_LEVEL_NOTICE, "TTY%d: %s is back", l->tty, l->device);
                if (l->dtr_settable) serial_set_modem(l, l->dtr, l->rts);
            }
            l->next_modem_poll = now + REOPEN_MS;
        }
        return l->next_modem_poll;
    }
    if (l->modem_readable && now >= l->next_modem_poll) {
        if (serial_read_modem(l) != 0) serial_lost(l, now, "the modem lines cannot be read any more");
        l->next_modem_poll = now + MODEM_POLL_MS;
    }
    if (l->modem_readable) next = l->next_modem_poll;
    if (l->ring_until > 0) {
        if (now >= l->ring_until) l->ring_until = 0;
        else next = sooner(next, l->ring_until);
    }
    if (l->hangup.step != HANGUP_IDLE && l->fd >= 0) {
        int done = 0;
        double step_at = -1;
        const char *say = hangup_step(&l->hangup, now, l->last_tx, l->heard, &done, &step_at);
        l->heard = RESULT_NONE;
        if (say) line_send(l, (const uint8_t *)say, strlen(say), now);
        if (done) {
            if (!l->modem_readable) l->text_carrier = 0;
            modem_text_reset(&l->text);
            logf_(LOG_LEVEL_DEBUG, "TTY%d: modem on hook", l->tty);
        }
        next = sooner(next, step_at);
    }
    return next;
}
