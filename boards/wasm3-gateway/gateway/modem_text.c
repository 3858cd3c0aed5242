// Modem result text and the hang-up without DTR. Hayes: the escape "+++" needs a guard time
// of silence before and after (S12); then the modem is in command state and "ATH0" hangs up.

#include "modem_text.h"

#include <ctype.h>
#include <string.h>

void modem_text_reset(struct modem_text *t) {
    t->len = 0;
}

// A result line as the Node host's ResultScanner reads it: trimmed, whole-line matches, and
// the numeric forms of verbose-off modems (2 RING, 1/CONNECT..., 3 NO CARRIER, 0 OK, 4 ERROR).
static enum modem_result classify(const char *s, size_t n) {
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    if ((n == 4 && memcmp(s, "RING", 4) == 0) || (n == 1 && s[0] == '2')) return RESULT_RING;
    if (n >= 7 && memcmp(s, "CONNECT", 7) == 0 && (n == 7 || !isalnum((unsigned char)s[7]))) return RESULT_CONNECT;
    if ((n == 10 && memcmp(s, "NO CARRIER", 10) == 0) || (n == 1 && s[0] == '3')) return RESULT_NO_CARRIER;
    if ((n == 2 && memcmp(s, "OK", 2) == 0) || (n == 1 && s[0] == '0')) return RESULT_OK;
    if ((n == 5 && memcmp(s, "ERROR", 5) == 0) || (n == 1 && s[0] == '4')) return RESULT_ERROR;
    return RESULT_NONE;
}

enum modem_result modem_text_byte(struct modem_text *t, uint8_t b) {
    if (b == '\r' || b == '\n') {
        enum modem_result r = classify(t->text, t->len);
        t->len = 0;
        return r;
    }
    if (t->len < sizeof t->text) t->text[t->len++] = (char)b;
    return RESULT_NONE;
}

const char *hangup_step(struct hangup *h, double now, double last_tx, enum modem_result heard, int *done, double *next) {
    *done = 0;
    *next = -1;
    switch (h->step) {
    case HANGUP_IDLE:
        return NULL;
    case HANGUP_QUIET_BEFORE:
        // Silence for the guard time before the escape characters.
        if (now - last_tx < ESCAPE_GUARD_MS) {
            *next = last_tx + ESCAPE_GUARD_MS;
            return NULL;
        }
        h->step = HANGUP_ESCAPE_SENT;
        h->at = now;
        *next = now + ESCAPE_GUARD_MS;
        return "+++";
    case HANGUP_ESCAPE_SENT:
        // Silence again for the guard time, then the modem says OK in command state.
        if (heard == RESULT_NO_CARRIER) break; // the far end hung up meanwhile
        if (now - h->at < ESCAPE_GUARD_MS && heard != RESULT_OK) {
            *next = h->at + ESCAPE_GUARD_MS;
            return NULL;
        }
        h->step = HANGUP_ATH_SENT;
        h->at = now;
        *next = now + HANGUP_ANSWER_MS;
        return "ATH0\r";
    case HANGUP_ATH_SENT:
        if (heard == RESULT_NONE && now - h->at < HANGUP_ANSWER_MS) {
            *next = h->at + HANGUP_ANSWER_MS;
            return NULL;
        }
        break;
    }
    h->step = HANGUP_IDLE;
    *done = 1;
    return NULL;
}
