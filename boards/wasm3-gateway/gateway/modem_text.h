// What a host reads from a modem's own words where the wires are missing (as the Node host's
// serial driver, host/lines/serial-driver.ts): RING for RI, CONNECT and NO CARRIER for DCD.
// And the hang-up where DTR does not reach the modem: guard time, "+++", guard time, "ATH0".
#ifndef DIALBACK_MODEM_TEXT_H
#define DIALBACK_MODEM_TEXT_H

#include <stddef.h>
#include <stdint.h>

enum modem_result { RESULT_NONE, RESULT_RING, RESULT_CONNECT, RESULT_NO_CARRIER, RESULT_OK, RESULT_ERROR };

/** How long a RING counts as RI on (the Node host's ringHoldMs). */
#define RING_HOLD_MS 2000.0
/** Hayes escape guard time (S12 = 50 × 20 ms), with a margin for the UART. */
#define ESCAPE_GUARD_MS 1200.0
/** How long to wait for the modem's answer to ATH0 before calling the line down anyway. */
#define HANGUP_ANSWER_MS 3000.0

struct modem_text {
    char text[80]; // the result line being read
    size_t len;
};

/** Feeds one received byte; the result a completed line names, else RESULT_NONE. */
enum modem_result modem_text_byte(struct modem_text *t, uint8_t b);
void modem_text_reset(struct modem_text *t);

enum hangup_step { HANGUP_IDLE, HANGUP_QUIET_BEFORE, HANGUP_ESCAPE_SENT, HANGUP_ATH_SENT };

struct hangup {
    enum hangup_step step;
    double at; // when the current step began (or, before the escape, the last byte sent)
};

/**
 * One step of the escape sequence at `now`; `last_tx` is when the line last sent a byte.
 * Returns the bytes to send now ("+++" or "ATH0\r"), or NULL; *done is set once the modem is
 * on hook (or did not answer in time). *next gets the time of the next step.
 */
const char *hangup_step(struct hangup *h, double now, double last_tx, enum modem_result heard, int *done, double *next);

#endif
