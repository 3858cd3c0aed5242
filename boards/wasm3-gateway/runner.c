// dialback-wasm3: runs the firmware module under the wasm3 interpreter through the board ABI
// (boards/abi.md). Stream mode feeds a byte stream to one line and prints what the core
// reports; --bench times the diagnostic codec exports. Output format: host/core/transcript.ts.

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "wasm3.h"

#define ABI_VERSION 1
#define EVENT_FRAME_RECEIVED 3
#define GLOBAL_LINE 0xffff
#define STACK_BYTES (64 * 1024)
#define BENCH_INPUT_BYTES (32 * 1024)
#define SEED_BYTES 32

static const char *const line_counter_names[] = {
    "rxBytes", "txBytes", "rxRefused", "txDropped", "framesGood", "badFcs",
    "runts", "oversize", "aborts", "outsideBytes", "deletedControls", "framesSent",
};
static const char *const global_counter_names[] = {"poolExhausted", "eventsDropped", "imageRejected", "badCalls"};

struct options {
    const char *module;
    const char *image;
    const char *stream;
    int line;
    size_t chunk;
    int bench;
    int frame;
    uint32_t accm;
    int fcs;
    int reps;
    int min_ms;
    const char *op; // encode, decode or NULL for both (one at a time is what a profiler wants)
    uint32_t seed;
};

static IM3Runtime runtime;
// EngineKind told to the core (assembly/abi/engine.ts): 1 = interpreter.
static int32_t engine_hint = 1;

static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("dialback-wasm3: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static IM3Function export_fn(const char *name) {
    IM3Function f = NULL;
    M3Result r = m3_FindFunction(&f, runtime, name);
    if (r) die("module export %s: %s", name, r);
    return f;
}

// Calls an export with i32 arguments; returns its i32 result (0 for a void export).
static int32_t call(IM3Function f, ...) {
    va_list ap;
    va_start(ap, f);
    M3Result r = m3_CallVL(f, ap);
    va_end(ap);
    if (r) {
        M3ErrorInfo info;
        m3_GetErrorInfo(runtime, &info);
        die("%s: %s%s%s", m3_GetFunctionName(f), r, info.message ? ": " : "", info.message ? info.message : "");
    }
    int32_t out = 0;
    if (m3_GetRetCount(f) == 1 && (r = m3_GetResultsV(f, &out)) != NULL) die("%s: %s", m3_GetFunctionName(f), r);
    return out;
}

// A view of `len` bytes of linear memory at `ptr`, checked against the memory size.
static uint8_t *memory_at(uint32_t ptr, uint32_t len) {
    uint32_t size = 0;
    uint8_t *mem = m3_GetMemory(runtime, &size, 0);
    if (!mem || (uint64_t)ptr + len > size) die("core pointer %u+%u is outside its %u-byte memory", ptr, len, size);
    return mem + ptr;
}

static uint8_t *read_file(const char *path, size_t *len) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) die("%s: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (!buf) die("%s: out of memory", path);
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) break;
        cap *= 2;
        buf = realloc(buf, cap);
    }
    if (ferror(f)) die("%s: read error", path);
    if (f != stdin) fclose(f);
    *len = n;
    return buf;
}

static void load_module(const char *path, IM3Environment *env) {
    size_t len = 0;
    uint8_t *wasm = read_file(path, &len); // wasm3 keeps pointing into these bytes: never freed
    IM3Module module = NULL;
    *env = m3_NewEnvironment();
    if (!*env) die("wasm3: no environment");
    runtime = m3_NewRuntime(*env, STACK_BYTES, NULL);
    if (!runtime) die("wasm3: no runtime");
    M3Result r = m3_ParseModule(*env, &module, wasm, (uint32_t)len);
    if (r) die("%s: %s", path, r);
    if ((r = m3_LoadModule(runtime, module)) != NULL) die("%s: %s", path, r);
    // The module imports nothing, so nothing is linked.
    int32_t version = call(export_fn("abiVersion"));
    if (version != ABI_VERSION) die("%s: core ABI %d, runner speaks %d", path, version, ABI_VERSION);
    if (call(export_fn("engineHint"), engine_hint) != 0) die("the core does not know engine kind %d", engine_hint);
}

// Image in, init(); a refusal ends the run.
static void init_core(const char *path) {
    size_t image_len = 0;
    uint8_t *image = read_file(path, &image_len);
    uint32_t image_at = (uint32_t)call(export_fn("imageBuffer"), (int32_t)image_len);
    if (image_at == 0) die("%s: %zu bytes is larger than the core's image buffer", path, image_len);
    memcpy(memory_at(image_at, (uint32_t)image_len), image, image_len);
    int32_t status = call(export_fn("init"), (int32_t)image_at, (int32_t)image_len);
    if (status != 0) die("%s: core refused the image: status %d", path, status);
    free(image);
}

// boards/ppp-abi.md: 32 octets from the kernel's CSPRNG before any line is fed, so Magic-Numbers
// and CHAP challenges differ on every start.
static void seed_core(void) {
    uint8_t seed[SEED_BYTES];
    size_t got = 0;
    while (got < sizeof seed) {
        ssize_t n = getrandom(seed + got, sizeof seed - got, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) die("getrandom: %s", strerror(errno));
        got += (size_t)n;
    }
    uint32_t at = (uint32_t)call(export_fn("pppParamBuffer"));
    memcpy(memory_at(at, sizeof seed), seed, sizeof seed);
    call(export_fn("entropyPush"), (int32_t)at, (int32_t)sizeof seed);
    memset(memory_at(at, sizeof seed), 0, sizeof seed);
    memset(seed, 0, sizeof seed);
    if (call(export_fn("entropySeeded")) != 1) die("the core did not take the random seed");
}

static void print_event(int32_t kind, uint32_t at) {
    const uint8_t *rec = memory_at(at, 32); // EventRecord layout: assembly/mem/events.ts
    uint32_t line, data_ptr, data_len;
    int32_t arg[4];
    line = (uint32_t)rec[4] | (uint32_t)rec[5] << 8;
    memcpy(arg, rec + 8, sizeof arg); // little-endian host assumed (x86, ARM)
    memcpy(&data_ptr, rec + 24, 4);
    memcpy(&data_len, rec + 28, 4);
    const uint8_t *data = memory_at(data_ptr, data_len);
    if (kind == EVENT_FRAME_RECEIVED) {
        if (arg[0] < 0) printf("frame line=%u proto=none len=%u hex=", line, data_len);
        else printf("frame line=%u proto=%04x len=%u hex=", line, (unsigned)arg[0], data_len);
        for (uint32_t i = 0; i < data_len; i++) printf("%02x", data[i]);
        putchar('\n');
    } else {
        printf("event line=%u kind=%d args=%d,%d,%d,%d len=%u\n", line, kind, arg[0], arg[1], arg[2], arg[3], data_len);
    }
}

static int drain_events(IM3Function next, IM3Function ptr) {
    int n = 0;
    for (int32_t kind; (kind = call(next)) != 0; n++) print_event(kind, (uint32_t)call(ptr));
    return n;
}

static int run_stream(const struct options *o) {
    IM3Environment env;
    load_module(o->module, &env);
    IM3Function event_next = export_fn("eventNext"), event_ptr = export_fn("eventPtr");
    IM3Function rx_push = export_fn("rxPush"), counter_get = export_fn("counterGet");

    init_core(o->image);
    seed_core();

    uint32_t window = (uint32_t)call(export_fn("rxBuffer"), o->line);
    uint32_t window_size = (uint32_t)call(export_fn("rxBufferSize"), o->line);
    if (window == 0 || window_size == 0) die("line %d is not in the image", o->line);

    FILE *in = strcmp(o->stream, "-") == 0 ? stdin : fopen(o->stream, "rb");
    if (!in) die("%s: %s", o->stream, strerror(errno));
    uint8_t *chunk = malloc(o->chunk);
    if (!chunk) die("out of memory");
    size_t got;
    // Each chunk is offered through the receive window; what the core refuses (event ring
    // full) is offered again after the events are drained, exactly as host/core/transcript.ts does.
    while ((got = fread(chunk, 1, o->chunk, in)) > 0) {
        size_t off = 0;
        int stalls = 0;
        while (off < got) {
            uint32_t n = got - off < window_size ? (uint32_t)(got - off) : window_size;
            memcpy(memory_at(window, n), chunk + off, n);
            int32_t taken = call(rx_push, o->line, (int32_t)window, (int32_t)n);
            int drained = drain_events(event_next, event_ptr);
            if (taken < 0 || (uint32_t)taken > n) die("rxPush returned %d for %u bytes", taken, n);
            stalls = taken == 0 && drained == 0 ? stalls + 1 : 0;
            if (stalls > 1) die("the core takes no more input on line %d", o->line);
            off += (size_t)taken;
        }
    }
    if (ferror(in)) die("%s: read error", o->stream);
    drain_events(event_next, event_ptr);

    printf("counters line=%d", o->line);
    for (int id = 0; id < 12; id++) printf(" %s=%u", line_counter_names[id], (uint32_t)call(counter_get, o->line, id));
    printf("\nglobals");
    for (int id = 0; id < 4; id++) printf(" %s=%u", global_counter_names[id], (uint32_t)call(counter_get, GLOBAL_LINE, id));
    putchar('\n');
    m3_FreeRuntime(runtime);
    m3_FreeEnvironment(env);
    return 0;
}

// CPU time of this process: other work on a shared machine does not count against us.
static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

// Fixed-seed payload: the same xorshift32 sequence as bench/payload.ts and bench/c/hdlc_ref.c.
static void fill_payload(uint8_t *dst, size_t len, uint32_t seed) {
    uint32_t x = seed ? seed : 1;
    for (size_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        dst[i] = (uint8_t)x;
    }
}

// One line per repetition, in the format bench/run.ts reads (same as bench/c/hdlc_ref.c).
static void report(const char *op, const struct options *o, double bytes, double seconds, int32_t wire) {
    printf("bench op=%s frame=%d accm=0x%08x fcs=%d wire=%d bytes=%.0f seconds=%.6f mbps=%.3f\n",
           op, o->frame, o->accm, o->fcs, wire, bytes, seconds, bytes / seconds / 1e6);
}

static int run_bench(const struct options *o) {
    IM3Environment env;
    load_module(o->module, &env);
    if (o->image) init_core(o->image); // the engine hint takes effect at init
    IM3Function encode = export_fn("codecEncode"), reset = export_fn("codecDecoderReset"), decode = export_fn("codecDecode");
    int32_t total = BENCH_INPUT_BYTES / o->frame * o->frame;
    int32_t frames = total / o->frame;
    fill_payload(memory_at((uint32_t)call(export_fn("codecInPtr")), (uint32_t)total), (size_t)total, o->seed);
    int32_t wire = call(encode, total, o->frame, (int32_t)o->accm, o->fcs);
    if (wire <= 0) die("codecEncode refused %d bytes of %d-byte frames", total, o->frame);
    call(reset, (int32_t)o->accm, o->fcs);
    if (call(decode, wire) != frames) die("codecDecode did not return the %d frames encoded", frames);

    int encodes = !o->op || strcmp(o->op, "encode") == 0, decodes = !o->op || strcmp(o->op, "decode") == 0;
    for (int rep = 0; rep < o->reps; rep++) {
        double start = now_seconds(), elapsed;
        long calls = 0;
        if (encodes) do {
            if (call(encode, total, o->frame, (int32_t)o->accm, o->fcs) != wire) die("codecEncode length changed");
            calls++;
        } while ((elapsed = now_seconds() - start) * 1000 < o->min_ms);
        if (encodes) report("encode", o, (double)total * calls, elapsed, wire);
        start = now_seconds();
        calls = 0;
        if (decodes) do {
            call(reset, (int32_t)o->accm, o->fcs);
            if (call(decode, wire) != frames) die("codecDecode lost frames");
            calls++;
        } while ((elapsed = now_seconds() - start) * 1000 < o->min_ms);
        if (decodes) report("decode", o, (double)wire * calls, elapsed, wire);
    }
    m3_FreeRuntime(runtime);
    m3_FreeEnvironment(env);
    return 0;
}

static void usage(void) {
    fputs("usage: dialback-wasm3 [--module M] [--hint K] [--line N] [--chunk N] IMAGE [STREAM|-]\n"
          "       dialback-wasm3 [--module M] [--hint K] --bench [--image IMAGE] [--frame N] [--accm HEX] [--fcs 2|4]\n"
          "                      [--reps N] [--min-ms N] [--seed N] [--op encode|decode]\n"
          "M defaults to build/dialback.wasm; STREAM defaults to standard input; K is the engine kind\n"
          "told to the core (1 interpreter, the default; 0 compiler).\n",
          stderr);
    exit(2);
}

static long long number(const char *flag, const char *text, long long lo, long long hi, int base) {
    char *end = NULL;
    errno = 0;
    long long v = text ? strtoll(text, &end, base) : 0;
    if (!text || *text == '\0' || *end != '\0' || errno || v < lo || v > hi) die("%s wants a number in %lld..%lld", flag, lo, hi);
    return v;
}

int main(int argc, char **argv) {
    struct options o = {"build/dialback.wasm", NULL, "-", 1, 4096, 0, 1500, 0, 2, 7, 50, NULL, 0x2545f491u};
    int positional = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--bench") == 0) o.bench = 1;
        else if (strcmp(a, "--module") == 0 && v) o.module = argv[++i];
        else if (strcmp(a, "--hint") == 0) engine_hint = (int32_t)number(a, argv[++i], 0, 1, 10);
        else if (strcmp(a, "--line") == 0) o.line = (int)number(a, argv[++i], 0, 0xfffe, 10);
        else if (strcmp(a, "--chunk") == 0) o.chunk = (size_t)number(a, argv[++i], 1, 1 << 24, 10);
        else if (strcmp(a, "--frame") == 0) o.frame = (int)number(a, argv[++i], 1, 2040, 10);
        else if (strcmp(a, "--accm") == 0) o.accm = (uint32_t)number(a, argv[++i], 0, 0xffffffffLL, 16);
        else if (strcmp(a, "--fcs") == 0) o.fcs = (int)number(a, argv[++i], 2, 4, 10);
        else if (strcmp(a, "--reps") == 0) o.reps = (int)number(a, argv[++i], 1, 1000, 10);
        else if (strcmp(a, "--min-ms") == 0) o.min_ms = (int)number(a, argv[++i], 0, 60000, 10);
        else if (strcmp(a, "--seed") == 0) o.seed = (uint32_t)number(a, argv[++i], 1, 0xffffffffLL, 10);
        else if (strcmp(a, "--image") == 0 && v) o.image = argv[++i];
        else if (strcmp(a, "--op") == 0 && v && (strcmp(v, "encode") == 0 || strcmp(v, "decode") == 0)) o.op = argv[++i];
        else if (a[0] == '-' && a[1] == '-') usage();
        else if (positional == 0 && ++positional) o.image = a;
        else if (positional == 1 && ++positional) o.stream = a;
        else usage();
    }
    if (o.fcs != 2 && o.fcs != 4) die("--fcs wants 2 or 4");
    if (o.bench) return run_bench(&o);
    if (!o.image) usage();
    return run_stream(&o);
}
