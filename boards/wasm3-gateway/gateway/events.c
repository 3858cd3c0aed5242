// The core's events, as the Node host tells them (host/trace/describe.ts, login-log.ts): one
// syslog-style line each, tagged with the callback id. The host's own share is done here too:
// DTR/RTS, AAA questions (no server: refused), fresh entropy per call, echo replies.

#include <stdio.h>
#include <string.h>

#include "core.h"
#include "entropy.h"
#include "gateway.h"
#include "icmp_echo.h"
#include "log.h"

enum {
    EV_OVERFLOW = 1, EV_SIGNALS_SET = 2, EV_FRAME_RECEIVED = 3, EV_LOG = 4, EV_POOL_EXHAUSTED = 5,
    EV_PPP_PHASE = 16, EV_PPP_TRACE = 17, EV_AUTH_REQUEST = 19, EV_AUTH_SUCCEEDED = 20, EV_AUTH_FAILED = 21,
    EV_CALLBACK_AGREED = 22, EV_IPCP_UP = 23, EV_IPCP_DOWN = 24, EV_IP_DATAGRAM = 25, EV_LINK_DOWN = 26,
    EV_CHAT_RESULT = 48, EV_CHAT_TRACE = 49,
    EV_LINE_STATE = 64, EV_LOGIN_SUCCEEDED = 65, EV_LOGIN_FAILED = 66, EV_CARRIER_LOST = 67, EV_PPP_STARTED = 68,
    EV_ARAP_STARTED = 69, EV_EXEC_TIMEOUT = 70, EV_HANGUP_TIMEOUT = 71, EV_AAA_TIMEOUT = 72, EV_QUIET_ON = 73,
    EV_QUIET_OFF = 74, EV_LOGIN_BLOCKED = 75,
    EV_CB_REQUESTED = 80, EV_CB_WAITING = 81, EV_CB_DIALLING = 82, EV_CB_CONNECTED = 83, EV_CB_FINISHED = 84,
    EV_CB_RETRY = 85, EV_CB_REFUSED = 86, EV_CB_NUMBER_REFUSED = 87,
};

#define STATE_IDLE 0

static const char *const states[] = {"idle", "activation", "autoselect", "username", "password", "exec", "ppp",
                                     "arap", "hang-up", "dialling", "callback-number", "login-wait", "login-delay"};
static const char *const methods[] = {"-", "rfc1570", "cbcp", "initiate", "exec", "arap"};
static const char *const outcomes[] = {"pending", "ok", "busy", "no answer", "chat timeout", "chat abort", "no free line",
                                       "carrier lost", "caller held line", "not allowed", "no script", "no number", "cancelled",
                                       "session failed", "no dialtone", "no record", "rate limited", "bad number", "no runner",
                                       "no authentication", "wrong user", "glare"};
static const char *const sources[] = {"-", "config", "aaa", "cbcp", "rfc1570", "exec prompt", "caller"};
static const char *const link_down[] = {"-", "peer terminated", "local close", "negotiation failed", "authentication failed",
                                        "callback", "loopback", "callback failed", "LCP protocol-rejected", "keepalive timeout"};
static const char *const chat_results[] = {"none", "success", "abort", "timeout", "carrier lost", "bad script", "stopped"};

#define NAME_OF(table, i) ((i) >= 0 && (size_t)(i) < sizeof(table) / sizeof(table[0]) ? (table)[i] : "?")

static void ipv4(char *out, size_t n, uint32_t a) {
    snprintf(out, n, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
}

// The login log (host/trace/login-log.ts): IOS's SEC_LOGIN lines; a user is named only when the core named one.
static int login_log(const struct core_event *e, const char *user) {
    const int32_t *a = e->arg;
    static const char *const reasons[] = {"Login Authentication Failed", "Login timeout", "Input too long"};
    switch (e->kind) {
    case EV_LOGIN_FAILED:
        logf_(LOG_LEVEL_WARNING, "%%SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: %s] [Source: TTY%u] [localport: %u] [Reason: %s]", user,
              e->line, e->line, a[1] ? "Not the user called back" : NAME_OF(reasons, a[2]));
        return 1;
    case EV_LOGIN_SUCCEEDED:
        if (a[1])
            logf_(LOG_LEVEL_NOTICE, "%%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: %s] [Source: TTY%u] [localport: %u]", user, e->line,
                  e->line);
        return 0; // the plain line follows as well
    case EV_QUIET_ON:
        logf_(LOG_LEVEL_ALERT, "%%SEC_LOGIN-1-QUIET_MODE_ON: Still timeleft for watching failures is %d secs, [user: %s] [Source: TTY%u] "
              "[localport: %u], logins refused for %d secs (%d failures within %d secs)", a[3], user, e->line, e->line, a[0], a[1], a[2]);
        return 1;
    case EV_QUIET_OFF:
        logf_(LOG_LEVEL_NOTICE, "%%SEC_LOGIN-5-QUIET_MODE_OFF: Quiet Mode is OFF, because block period timed out");
        return 1;
    case EV_LOGIN_BLOCKED:
        if (a[0] == 0) logf_(LOG_LEVEL_WARNING, "Login refused [Source: TTY%u] [localport: %u] [Reason: Quiet Mode, %d secs left]", e->line, e->line, a[1]);
        else logf_(LOG_LEVEL_WARNING, "Login refused [Source: TTY%u] [localport: %u] [Reason: Password required, but none set]", e->line, e->line);
        return 1;
    }
    return 0;
}

static void dial_problem(char *out, size_t n, int problem, int offset, const uint8_t *given, uint32_t len) {
    char ch[16] = "";
    if (offset >= 0 && (uint32_t)offset < len) {
        char one[8];
        snprintf(ch, sizeof ch, " (%s)", log_safe(one, sizeof one, given + offset, 1));
    }
    switch (problem) {
    case 1: snprintf(out, n, "nothing to dial"); break;
    case 2: snprintf(out, n, "longer than allowed from character %d", offset + 1); break;
    case 3: snprintf(out, n, "character %d%s is not a dial character", offset + 1, ch); break;
    case 4: snprintf(out, n, "dial modifier at character %d%s is not allowed", offset + 1, ch); break;
    default: snprintf(out, n, "problem %d at character %d", problem, offset + 1);
    }
}

static void describe(struct gateway *g, const struct core_event *e) {
    const int32_t *a = e->arg;
    char data[512], extra[256];
    log_safe(data, sizeof data, e->data, e->data_len);
    unsigned tty = e->line;
    int32_t id = tty < 64 ? g->session_of_line[tty] : 0;
    char ids[16];
    if (id > 0) snprintf(ids, sizeof ids, "%d", id);
    else strcpy(ids, "-");
    switch (e->kind) {
    case EV_OVERFLOW: logf_(LOG_LEVEL_WARNING, "core: %d event(s) lost (event ring full)", a[0]); break;
    case EV_POOL_EXHAUSTED: logf_(LOG_LEVEL_WARNING, "core: pool %d exhausted", a[0]); break;
    case EV_LOG: logf_(LOG_LEVEL_INFO, "TTY%u: %s", tty, data); break;
    case EV_SIGNALS_SET:
        logf_(LOG_LEVEL_DEBUG, "TTY%u: DTR %s, RTS %s", tty, a[0] & OUTPUT_DTR ? "up" : "down", a[0] & OUTPUT_RTS ? "up" : "down");
        break;
    case EV_PPP_TRACE:
    case EV_CHAT_TRACE: logf_(LOG_LEVEL_DEBUG, "TTY%u: [%s] %s", tty, ids, data); break;
    case EV_CHAT_RESULT:
        logf_(a[2] == 1 ? LOG_LEVEL_DEBUG : LOG_LEVEL_INFO, "TTY%u: [%s] chat script %s: %s", tty, ids, data, NAME_OF(chat_results, a[2]));
        break;
    case EV_AUTH_SUCCEEDED:
    case EV_AUTH_FAILED: {
        uint32_t n = (uint32_t)a[1];
        logf_(e->kind == EV_AUTH_SUCCEEDED ? LOG_LEVEL_INFO : LOG_LEVEL_WARNING, "TTY%u: [%s] PPP %s %s %s (%s)", tty, ids,
              a[0] == 0 ? "peer" : "we", e->kind == EV_AUTH_SUCCEEDED ? "authenticated as" : "failed to authenticate as", data,
              n == 0xc023 ? "PAP" : n == 0xc223 ? "CHAP" : "login");
        break;
    }
    case EV_CALLBACK_AGREED:
        logf_(LOG_LEVEL_INFO, "TTY%u: [%s] PPP callback agreed (%s), number \"%s\"", tty, ids, a[0] == 1 ? "rfc1570" : "cbcp", data);
        break;
    case EV_IPCP_UP: {
        char ours[20], peer[20];
        ipv4(ours, sizeof ours, (uint32_t)a[0]);
        ipv4(peer, sizeof peer, (uint32_t)a[1]);
        logf_(LOG_LEVEL_INFO, "TTY%u: [%s] IPCP up: %s <-> %s", tty, ids, ours, peer);
        break;
    }
    case EV_LINK_DOWN: logf_(LOG_LEVEL_INFO, "TTY%u: [%s] PPP link down: %s", tty, ids, NAME_OF(link_down, a[0])); break;
    case EV_LINE_STATE: logf_(LOG_LEVEL_INFO, "TTY%u: [%s] %s -> %s", tty, ids, NAME_OF(states, a[1]), NAME_OF(states, a[0])); break;
    case EV_LOGIN_SUCCEEDED:
        if (a[0] < 0) logf_(LOG_LEVEL_INFO, "TTY%u: login ok, line password", tty);
        else logf_(LOG_LEVEL_INFO, "TTY%u: login ok, user %s", tty, data);
        break;
    case EV_CARRIER_LOST: logf_(LOG_LEVEL_INFO, "TTY%u: carrier lost in %s", tty, NAME_OF(states, a[0])); break;
    case EV_PPP_STARTED: {
        static const char *const how[] = {"autoselect", "EXEC ppp command", "callback"};
        logf_(LOG_LEVEL_INFO, "TTY%u: [%s] PPP started (%s)", tty, ids, NAME_OF(how, a[0]));
        break;
    }
    case EV_ARAP_STARTED: logf_(LOG_LEVEL_INFO, "TTY%u: ARAP started", tty); break;
    case EV_EXEC_TIMEOUT: logf_(LOG_LEVEL_INFO, "TTY%u: exec-timeout expired", tty); break;
    case EV_HANGUP_TIMEOUT: logf_(LOG_LEVEL_WARNING, "TTY%u: carrier still up after DTR drop (caller holding the line?)", tty); break;
    case EV_AAA_TIMEOUT: logf_(LOG_LEVEL_WARNING, "TTY%u: no AAA answer for the login: refused", tty); break;
    case EV_CB_REQUESTED:
        logf_(LOG_LEVEL_INFO, "TTY%u: [%d] Callback process initiated, method %s, dialstring %s", tty, a[0], NAME_OF(methods, a[1]), data);
        break;
    case EV_CB_WAITING: logf_(LOG_LEVEL_INFO, "TTY%u: [%d] Callback forced wait = %.1f seconds", tty, a[0], a[1] / 1000.0); break;
    case EV_CB_DIALLING:
        logf_(LOG_LEVEL_INFO, "TTY%u: [%d] Callback dialling %s on TTY%d (attempt %d, call came in on TTY%d)", tty, a[0], data, a[1], a[2], a[3]);
        break;
    case EV_CB_CONNECTED: logf_(LOG_LEVEL_INFO, "TTY%u: [%d] Callback connected after %.1f s", tty, a[0], a[2] / 1000.0); break;
    case EV_CB_FINISHED:
        logf_(a[1] == 1 ? LOG_LEVEL_INFO : LOG_LEVEL_WARNING, "TTY%u: [%d] Callback finished: %s (%.1f s)", tty, a[0], NAME_OF(outcomes, a[1]),
              a[3] / 1000.0);
        break;
    case EV_CB_RETRY:
        logf_(LOG_LEVEL_INFO, "TTY%u: [%d] Callback %s, retry %d in %.1f s", tty, a[0], NAME_OF(outcomes, a[1]), a[2], a[3] / 1000.0);
        break;
    case EV_CB_REFUSED: logf_(LOG_LEVEL_WARNING, "TTY%u: Callback refused: %s", tty, NAME_OF(outcomes, a[0])); break;
    case EV_CB_NUMBER_REFUSED:
        dial_problem(extra, sizeof extra, a[2], a[3], e->data, e->data_len);
        logf_(LOG_LEVEL_WARNING, "TTY%u: [%d] Callback number from %s refused: %s: \"%s\"", tty, a[0], NAME_OF(sources, a[1]), extra, data);
        break;
    default:
        if (e->kind == EV_FRAME_RECEIVED || e->kind == EV_PPP_PHASE || e->kind == EV_IPCP_DOWN || e->kind == EV_IP_DATAGRAM)
            logf_(LOG_LEVEL_DEBUG, "TTY%u: event %u args %d %d %d %d, %u bytes", tty, e->kind, a[0], a[1], a[2], a[3], e->data_len);
    }
}

// boards/ppp-abi.md AuthRequest: this host has no AAA client, so every question is answered
// "no" at once (the caller is refused as when no server answers). The password is never logged.
static void no_server(const struct core_event *e) {
    char name[128];
    uint32_t n = (uint32_t)e->arg[1] <= e->data_len ? (uint32_t)e->arg[1] : 0;
    core_call(CORE_authResult, (int32_t)e->line, 0, e->arg[2]);
    logf_(LOG_LEVEL_WARNING, "TTY%u: AAA: no server for user \"%s\" (%s): refused", e->line, log_safe(name, sizeof name, e->data, n),
          e->arg[0] == 0xc023 ? "PAP" : e->arg[0] == 0xc223 ? "CHAP" : "login");
}

static void echo(struct gateway *g, const struct core_event *e, double now) {
    uint8_t reply[CORE_PARAM_BYTES];
    if (e->line >= 64 || e->data_len + 20 > sizeof reply) return;
    size_t n = icmp_echo_reply(e->data, e->data_len, g->our_address[e->line], reply);
    if (n == 0) return;
    uint32_t at = (uint32_t)core_call(CORE_pppParamBuffer);
    uint8_t *window = core_mem(at, (uint32_t)n);
    if (!window) return;
    memcpy(window, reply, n);
    // ipPush drops a datagram its transmit ring has no room for: each reply goes out at once.
    if (core_call(CORE_ipPush, (int32_t)e->line, (int32_t)at, (int32_t)n) == 1 && g->by_tty[e->line]) loop_drain_tx(g->by_tty[e->line], now);
}

void events_drain(struct gateway *g, double now) {
    struct core_event e;
    while (core_next_event(&e)) {
        struct line *l = e.line < 64 ? g->by_tty[e.line] : NULL;
        char user[128];
        switch (e.kind) {
        case EV_SIGNALS_SET:
            if (l) line_set_outputs(l, e.arg[0], now);
            break;
        case EV_AUTH_REQUEST:
            no_server(&e);
            continue;
        case EV_LINE_STATE:
            if (e.arg[2] > 0 && e.line < 64) g->session_of_line[e.line] = e.arg[2];
            // A call's first step: its Magic-Number and challenge follow fresh randomness.
            if (e.arg[1] == STATE_IDLE && e.arg[0] != STATE_IDLE && entropy_push() != 0) logf_(LOG_LEVEL_ERR, "getrandom failed: core not reseeded");
            break;
        case EV_CB_DIALLING:
            if (e.arg[1] > 0 && e.arg[1] < 64) g->session_of_line[e.arg[1]] = e.arg[0];
            break;
        case EV_IPCP_UP:
            if (e.line < 64) g->our_address[e.line] = (uint32_t)e.arg[0];
            break;
        case EV_IPCP_DOWN:
        case EV_LINK_DOWN:
            if (e.line < 64) g->our_address[e.line] = 0;
            break;
        case EV_IP_DATAGRAM:
            echo(g, &e, now);
            break;
        }
        if (login_log(&e, log_safe(user, sizeof user, e.data, e.data_len))) continue;
        describe(g, &e);
    }
}
