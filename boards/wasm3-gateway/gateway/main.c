// dialback-gateway: the access server on a board, under wasm3. It loads the firmware module
// and a configuration image, seeds the core, opens the lines and runs the host loop until
// SIGTERM or SIGINT, then hangs up every line and exits 0. SIGHUP hangs up every line and
// loads the image file again (the previous image stays when the core refuses the new one).
// Exit status: 0 clean stop, 1 refused input (image, module, device, port), 2 usage, 3 the core trapped.

#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "entropy.h"
#include "gateway.h"
#include "image.h"
#include "log.h"

#define DEFAULT_SPEED 115200
/** How long a stop waits for calls to end (an escape hang-up takes about 2.5 s). */
#define HANG_UP_LIMIT_MS 6000.0

static struct gateway gw;

static void usage(void) {
    fputs("usage: dialback-gateway --image IMAGE --line N=DEVICE[@SPEED][,noflow][,text] --line N=tcp:PORT ...\n"
          "                        [--module MODULE] [--hint 0|1] [--syslog] [--debug]\n"
          "IMAGE comes from `dialback config compile`; MODULE defaults to build/dialback.wasm (a build for the\n"
          "board: build/dialback-lN.wasm from `npm run build -- --lines N`). A DEVICE line is a UART with DTR,\n"
          "RTS, DCD, RI, DSR and CTS; `text` when the board does not wire them (carrier from the modem's text,\n"
          "hang-up by +++ / ATH0); `noflow` without RTS/CTS flow control. A tcp line listens on 127.0.0.1:PORT.\n",
          stderr);
    exit(2);
}

static void die(const char *fmt, const char *what) {
    fprintf(stderr, "dialback-gateway: ");
    fprintf(stderr, fmt, what);
    fputc('\n', stderr);
    exit(1);
}

static void on_signal(int sig) {
    if (sig == SIGHUP) gw.reload = 1;
    else gw.stop = 1;
}

// Peak heap in use (wasm3's runtime, compiled code, the module's memory) and peak resident size.
static void memory_report(uint64_t heap_peak) {
    long hwm_kb = -1;
    FILE *f = fopen("/proc/self/status", "r");
    char row[256];
    while (f && fgets(row, sizeof row, f))
        if (sscanf(row, "VmHWM: %ld kB", &hwm_kb) == 1) break;
    if (f) fclose(f);
    logf_(LOG_LEVEL_INFO, "memory: module memory %u bytes (%u pages), module file %u bytes, heap peak %llu bytes, peak resident %ld kB",
          core_memory_bytes(), core_memory_bytes() / 65536, core_module_bytes(), (unsigned long long)heap_peak, hwm_kb);
}

static uint64_t heap_in_use(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
    struct mallinfo2 m = mallinfo2();
    return (uint64_t)m.uordblks + (uint64_t)m.hblkhd;
#else
    return 0;
#endif
}

// The image into the core: a refusal is named with the build's own limits where they are the cause.
static int load(const struct image *img, const char *image_path, const char *module_path, int fatal) {
    int32_t status = image_load(img);
    if (status == 0) return 0;
    char msg[1024];
    int served = core_call(CORE_linesServed);
    if (status == -6 && img->line_count > served)
        snprintf(msg, sizeof msg, "%s: core refused the image: TooManyLines (the image has %d lines; %s serves %d: use a build for more lines, "
                 "npm run build -- --lines %d)", image_path, img->line_count, module_path, served, img->line_count);
    else
        snprintf(msg, sizeof msg, "%s: core refused the image: %s (%s)", image_path, core_status_name(status), core_status_meaning(status));
    if (fatal) die("%s", msg);
    logf_(LOG_LEVEL_ERR, "%s", msg);
    return -1;
}

// Every --line must be a line of the image (-1 and a message otherwise); a line of the image
// without a driver is named.
static int check_lines(const struct image *img, char *err, size_t err_len) {
    for (int i = 0; i < gw.count; i++) {
        if (!image_line(img, gw.lines[i].tty) && core_call(CORE_rxBuffer, gw.lines[i].tty) == 0) {
            snprintf(err, err_len, "--line %d: the image has no line %d", gw.lines[i].tty, gw.lines[i].tty);
            return -1;
        }
    }
    for (int i = 0; i < img->line_count; i++)
        if (!gw.by_tty[img->lines[i].tty])
            logf_(LOG_LEVEL_WARNING, "TTY%d is in the image but has no --line: calls and callbacks on it go nowhere", img->lines[i].tty);
    return 0;
}

int main(int argc, char **argv) {
    const char *image_path = NULL, *module_path = "build/dialback.wasm";
    int32_t hint = 1;
    int to_syslog = 0, debug = 0;
    static struct line lines[GATEWAY_MAX_LINES];
    char err[1024];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--image") == 0 && v) image_path = argv[++i];
        else if (strcmp(a, "--module") == 0 && v) module_path = argv[++i];
        else if (strcmp(a, "--hint") == 0 && v && (strcmp(v, "0") == 0 || strcmp(v, "1") == 0)) hint = atoi(argv[++i]);
        else if (strcmp(a, "--syslog") == 0) to_syslog = 1;
        else if (strcmp(a, "--debug") == 0) debug = 1;
        else if (strcmp(a, "--line") == 0 && v) {
            if (gw.count == GATEWAY_MAX_LINES) die("%s", "too many --line options");
            if (line_parse(argv[++i], &lines[gw.count], err, sizeof err) != 0) {
                fprintf(stderr, "dialback-gateway: %s\n", err);
                exit(2);
            }
            for (int k = 0; k < gw.count; k++)
                if (lines[k].tty == lines[gw.count].tty) {
                    fprintf(stderr, "dialback-gateway: --line %d: line given twice\n", lines[k].tty);
                    exit(2);
                }
            gw.count++;
        } else usage();
    }
    if (!image_path || gw.count == 0) usage();
    gw.lines = lines;
    for (int i = 0; i < gw.count; i++) gw.by_tty[lines[i].tty] = &lines[i];
    log_open(to_syslog, debug);
    signal(SIGPIPE, SIG_IGN);

    struct image img;
    if (image_read(image_path, &img, err, sizeof err) != 0) die("%s", err);
    if (core_load(module_path, hint, err, sizeof err) != 0) die("%s", err);
    load(&img, image_path, module_path, 1);
    if (entropy_seed(err, sizeof err) != 0) die("%s", err);
    if (check_lines(&img, err, sizeof err) != 0) die("%s", err);
    if (img.names_servers)
        logf_(LOG_LEVEL_WARNING, "the image names RADIUS or TACACS+ servers; this gateway has no AAA client: local users only, "
              "and any question the core asks is answered \"no server\"");

    double now = clock_ms();
    for (int i = 0; i < gw.count; i++) {
        struct line *l = &lines[i];
        const struct image_line *il = image_line(&img, l->tty);
        if (l->kind == LINE_SERIAL && l->speed == 0) l->speed = il && il->speed ? (int)il->speed : DEFAULT_SPEED;
        if (l->kind == LINE_SERIAL && l->rtscts < 0) l->rtscts = !(il && il->flow == 3); // `flowcontrol none` in the image
        if (line_open(l, now, err, sizeof err) != 0) {
            for (int k = 0; k < i; k++) line_close(&lines[k]);
            die("%s", err);
        }
        logf_(LOG_LEVEL_INFO, "line %d %s", l->tty, l->name);
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    loop_attach(&gw);
    gw.next_reseed = now + ENTROPY_RESEED_MS;
    uint64_t heap_peak = heap_in_use();
    logf_(LOG_LEVEL_INFO, "ready: %d line(s), module %s (%u pages, serves %d lines), engine hint %d", gw.count, module_path,
          core_memory_bytes() / 65536, core_call(CORE_linesServed), hint);

    while (loop_run(&gw) == 1) {
        gw.reload = 0;
        uint64_t h = heap_in_use();
        if (h > heap_peak) heap_peak = h;
        logf_(LOG_LEVEL_NOTICE, "SIGHUP: hanging up every line and loading %s again", image_path);
        loop_hang_up_all(&gw, HANG_UP_LIMIT_MS);
        struct image fresh;
        err[0] = '\0';
        if (image_read(image_path, &fresh, err, sizeof err) != 0) logf_(LOG_LEVEL_ERR, "%s: keeping the image loaded before", err);
        else if (load(&fresh, image_path, module_path, 0) != 0 || check_lines(&fresh, err, sizeof err) != 0) {
            if (fresh.line_count >= 0 && err[0]) logf_(LOG_LEVEL_ERR, "%s", err);
            image_free(&fresh);
            logf_(LOG_LEVEL_ERR, "keeping the image loaded before");
            load(&img, image_path, module_path, 1);
        } else {
            image_free(&img);
            img = fresh;
        }
        for (int i = 0; i < gw.count; i++) line_set_outputs(&lines[i], OUTPUT_DTR | OUTPUT_RTS, clock_ms());
        loop_attach(&gw);
    }
    uint64_t h = heap_in_use();
    if (h > heap_peak) heap_peak = h;
    logf_(LOG_LEVEL_NOTICE, "stopping: hanging up every line");
    loop_hang_up_all(&gw, HANG_UP_LIMIT_MS);
    for (int i = 0; i < gw.count; i++) line_close(&lines[i]);
    memory_report(heap_peak);
    image_free(&img);
    core_free();
    log_close();
    return 0;
}
