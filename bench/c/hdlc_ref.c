// Reference RFC 1662 async HDLC framer for the bench: the plain way, one octet at a time,
// FCS-16/32 from a 256-entry table, escapes from a 256-entry table. The firmware's codec
// is measured against this. Same work as assembly/abi/codec.ts: consecutive frames with
// shared flags; decode copies each frame out, checks its FCS and counts good frames.
// Prints the same "bench ..." lines as boards/wasm3-gateway/runner.c.

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FLAG 0x7e
#define ESCAPE 0x7d
#define TRANSPARENCY 0x20
#define INPUT_BYTES (32 * 1024)
#define FRAME_MAX 2048

static uint32_t fcs16_table[256], fcs32_table[256];
static uint8_t tx_escape[256];

// RFC 1662 §C.2/§C.3: reflected CRC tables.
static void build_fcs_table(uint32_t *table, uint32_t poly) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t v = i;
        for (int k = 0; k < 8; k++) v = v & 1 ? (v >> 1) ^ poly : v >> 1;
        table[i] = v;
    }
}

static void build_escape_table(uint32_t accm) {
    for (int b = 0; b < 256; b++) tx_escape[b] = b == FLAG || b == ESCAPE || (b < 0x20 && (accm >> b) & 1);
}

static inline uint8_t *put(uint8_t *o, uint8_t b) {
    if (tx_escape[b]) {
        *o++ = ESCAPE;
        *o++ = b ^ TRANSPARENCY;
    } else {
        *o++ = b;
    }
    return o;
}

static size_t encode_frame(uint8_t *dst, const uint8_t *src, size_t len, int fcs_bytes, int open_flag) {
    uint8_t *o = dst;
    if (open_flag) *o++ = FLAG;
    const uint32_t *table = fcs_bytes == 4 ? fcs32_table : fcs16_table;
    uint32_t fcs = fcs_bytes == 4 ? 0xffffffffu : 0xffffu;
    for (size_t i = 0; i < len; i++) {
        uint8_t b = src[i];
        fcs = (fcs >> 8) ^ table[(fcs ^ b) & 0xff];
        o = put(o, b);
    }
    fcs = ~fcs;
    for (int k = 0; k < fcs_bytes; k++) o = put(o, (uint8_t)(fcs >> (8 * k)));
    *o++ = FLAG;
    return (size_t)(o - dst);
}

static size_t encode(uint8_t *dst, const uint8_t *src, size_t total, size_t frame, int fcs_bytes) {
    size_t o = 0;
    for (size_t i = 0; i < total; i += frame) {
        size_t n = total - i < frame ? total - i : frame;
        o += encode_frame(dst + o, src + i, n, fcs_bytes, o == 0);
    }
    return o;
}

struct decoder {
    uint32_t accm;
    int fcs_bytes;
    int state; // 0 hunt, 1 data, 2 escaped, 3 discard
    size_t len;
    uint32_t fcs;
    uint32_t good, bad_fcs, runts, oversize, aborts, deleted;
    uint8_t buf[FRAME_MAX];
};

static void decoder_reset(struct decoder *d, uint32_t accm, int fcs_bytes) {
    memset(d, 0, sizeof *d);
    d->accm = accm;
    d->fcs_bytes = fcs_bytes;
}

static void start_frame(struct decoder *d) {
    d->state = 1;
    d->len = 0;
    d->fcs = d->fcs_bytes == 4 ? 0xffffffffu : 0xffffu;
}

static void close_frame(struct decoder *d) {
    if (d->len == 0) return;
    if (d->len < (size_t)d->fcs_bytes + 2) d->runts++;
    else if (d->fcs != (d->fcs_bytes == 4 ? 0xdebb20e3u : 0xf0b8u)) d->bad_fcs++;
    else d->good++;
}

// Returns the number of good frames in the stream.
static uint32_t decode(struct decoder *d, const uint8_t *src, size_t len) {
    const uint32_t *table = d->fcs_bytes == 4 ? fcs32_table : fcs16_table;
    uint32_t before = d->good;
    for (size_t i = 0; i < len; i++) {
        uint8_t b = src[i];
        if (b < 0x20 && (d->accm >> b) & 1 && d->state != 0) {
            d->deleted++;
            continue;
        }
        if (b == FLAG) {
            if (d->state == 2) d->aborts++;
            else if (d->state == 1) close_frame(d);
            start_frame(d);
            continue;
        }
        if (d->state == 0 || d->state == 3) continue;
        if (d->state == 2) {
            b ^= TRANSPARENCY;
            d->state = 1;
        } else if (b == ESCAPE) {
            d->state = 2;
            continue;
        }
        if (d->len >= FRAME_MAX) {
            d->oversize++;
            d->state = 3;
            continue;
        }
        d->buf[d->len++] = b;
        d->fcs = (d->fcs >> 8) ^ table[(d->fcs ^ b) & 0xff];
    }
    return d->good - before;
}

// CPU time of this process: other work on a shared machine does not count against us.
static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

// The same xorshift32 payload as the other engines (bench/payload.ts).
static void fill_payload(uint8_t *dst, size_t len, uint32_t seed) {
    uint32_t x = seed ? seed : 1;
    for (size_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        dst[i] = (uint8_t)x;
    }
}

static long long arg(int argc, char **argv, const char *flag, long long fallback, int base) {
    for (int i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], flag) == 0) {
            char *end = NULL;
            errno = 0;
            long long v = strtoll(argv[i + 1], &end, base);
            if (*end != '\0' || errno || v < 0) {
                fprintf(stderr, "hdlc_ref: bad %s %s\n", flag, argv[i + 1]);
                exit(2);
            }
            return v;
        }
    }
    return fallback;
}

int main(int argc, char **argv) {
    size_t frame = (size_t)arg(argc, argv, "--frame", 1500, 10);
    uint32_t accm = (uint32_t)arg(argc, argv, "--accm", 0, 16);
    int fcs_bytes = (int)arg(argc, argv, "--fcs", 2, 10);
    int reps = (int)arg(argc, argv, "--reps", 7, 10);
    int min_ms = (int)arg(argc, argv, "--min-ms", 50, 10);
    uint32_t seed = (uint32_t)arg(argc, argv, "--seed", 0x2545f491u, 10);
    if (frame == 0 || frame + 4 > FRAME_MAX || (fcs_bytes != 2 && fcs_bytes != 4)) {
        fprintf(stderr, "hdlc_ref: --frame 1..%d, --fcs 2 or 4\n", FRAME_MAX - 4);
        return 2;
    }
    build_fcs_table(fcs16_table, 0x8408);
    build_fcs_table(fcs32_table, 0xedb88320u);
    build_escape_table(accm);

    static uint8_t input[INPUT_BYTES], wire[2 * INPUT_BYTES + 16 * INPUT_BYTES / 64];
    static struct decoder dec;
    size_t total = INPUT_BYTES / frame * frame;
    uint32_t frames = (uint32_t)(total / frame);
    fill_payload(input, total, seed);
    size_t wire_len = encode(wire, input, total, frame, fcs_bytes);
    decoder_reset(&dec, accm, fcs_bytes);
    if (decode(&dec, wire, wire_len) != frames) {
        fprintf(stderr, "hdlc_ref: decode does not give back the %u frames encoded\n", frames);
        return 1;
    }

    const char *fmt = "bench op=%s frame=%zu accm=0x%08x fcs=%d wire=%zu bytes=%.0f seconds=%.6f mbps=%.3f\n";
    for (int rep = 0; rep < reps; rep++) {
        double start = now_seconds(), elapsed;
        long calls = 0;
        do {
            if (encode(wire, input, total, frame, fcs_bytes) != wire_len) return 1;
            calls++;
        } while ((elapsed = now_seconds() - start) * 1000 < min_ms);
        double bytes = (double)total * calls;
        printf(fmt, "encode", frame, accm, fcs_bytes, wire_len, bytes, elapsed, bytes / elapsed / 1e6);
        start = now_seconds();
        calls = 0;
        do {
            decoder_reset(&dec, accm, fcs_bytes);
            if (decode(&dec, wire, wire_len) != frames) return 1;
            calls++;
        } while ((elapsed = now_seconds() - start) * 1000 < min_ms);
        bytes = (double)wire_len * calls;
        printf(fmt, "decode", frame, accm, fcs_bytes, wire_len, bytes, elapsed, bytes / elapsed / 1e6);
    }
    return 0;
}
