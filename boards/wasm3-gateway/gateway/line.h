// One TTY line of the board: a UART (termios, modem lines by TIOCMGET/TIOCMSET) or a raw TCP
// port (a connection is carrier). What both share: received bytes kept until the core takes
// them, modem signals as the core's mask, DTR/RTS as the core sets them.
#ifndef DIALBACK_LINE_H
#define DIALBACK_LINE_H

#include <stddef.h>
#include <stdint.h>

#include "modem_text.h"

enum line_kind { LINE_SERIAL, LINE_TCP };

// The core's lineSignals mask and SignalsSet outputs (boards/abi.md, Lines).
#define SIGNAL_DCD 1
#define SIGNAL_RI 2
#define SIGNAL_DSR 4
#define SIGNAL_CTS 8
#define OUTPUT_DTR 1
#define OUTPUT_RTS 2

/** Received bytes held for the core (it may take fewer than offered). */
#define LINE_BACKLOG_BYTES 16384
/** How often the modem lines of a UART are read (the Node host polls DCD as often). */
#define MODEM_POLL_MS 100.0

struct line {
    int tty;
    enum line_kind kind;
    char name[300]; // "/dev/ttyS0@115200" or "tcp 127.0.0.1:4001", for log lines

    // UART
    char device[256];
    int speed;
    int rtscts;
    int text_only; // the board does not wire the modem lines: carrier from text, hang-up by +++ / ATH0
    int modem_readable; // TIOCMGET works: DCD, RI, DSR, CTS from the wires
    int dtr_settable;   // TIOCMSET works: a DTR drop reaches the modem
    double next_modem_poll;

    // TCP
    int port;
    int listen_fd;

    int fd; // the data: the UART, or the accepted connection (-1: none)

    // Modem inputs as the host sees them; `reported` is the last mask given to the core.
    int dcd, ri, dsr, cts;
    int reported;
    int text_carrier;
    double ring_until;
    struct modem_text text;
    enum modem_result heard; // a result read since the hang-up sequence last looked
    struct hangup hangup;

    // Outputs as the core last set them.
    int dtr, rts;

    uint8_t backlog[LINE_BACKLOG_BYTES];
    size_t backlog_len;
    int write_blocked; // the last write would block: wait for POLLOUT
    double last_tx;    // when a byte last left (the escape's guard time counts from it)
};

/** Parses `N=DEVICE[@SPEED][,noflow][,text]` or `N=tcp:PORT`; -1 with a message. */
int line_parse(const char *spec, struct line *l, char *err, size_t err_len);
/** Opens the device or listens on the port; -1 with a message. `speed`/`rtscts` fill in what the option left out. */
int line_open(struct line *l, double now, char *err, size_t err_len);
/** Drops DTR, closes every descriptor. */
void line_close(struct line *l);

/** The modem inputs as the core's mask (DCD, RI, DSR, CTS). */
int line_signal_mask(const struct line *l);
/** DTR/RTS from a SignalsSet event. */
void line_set_outputs(struct line *l, int mask, double now);
/** Whether the host holds the core's output back (the escape sequence owns the line). */
int line_holds_output(const struct line *l);

/** Reads what the descriptor has into the backlog (space allowing); 0, or -1 when the far end is gone. */
int line_receive(struct line *l, double now);
/** Writes up to `len` bytes; how many left (0 if it would block), or -1 when the line is gone. */
long line_send(struct line *l, const uint8_t *data, size_t len, double now);
/** Timed work (modem-line poll, ring hold, the escape sequence); returns the next time it needs, or -1. */
double line_timers(struct line *l, double now);
/** A TCP line's listening socket is readable: takes the call, or refuses a second one. */
void line_accept(struct line *l);

#endif
