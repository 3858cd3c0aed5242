// Reads a configuration image and lists its lines (boards/image.md: header, directory, section
// 2 Lines, section 8 Aaa) without trusting it: every offset is checked, anything odd leaves
// the list empty and the core's init() names the problem.

#include "image.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

#define IMAGE_MAGIC 0x4b424c44u
#define HEADER_BYTES 24
#define DIRECTORY_ENTRY_BYTES 12
#define SECTION_LINES 2
#define SECTION_AAA 8

static uint16_t le16(const uint8_t *p) {
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

// Where section `type` lies, or 0 when the directory does not hold it within the image.
static uint32_t section(const struct image *img, uint16_t type, uint32_t *len) {
    if (img->len < HEADER_BYTES || le32(img->bytes) != IMAGE_MAGIC) return 0;
    uint32_t header = le16(img->bytes + 6), count = le16(img->bytes + 16);
    for (uint32_t i = 0; i < count; i++) {
        uint64_t at = (uint64_t)header + (uint64_t)i * DIRECTORY_ENTRY_BYTES;
        if (at + DIRECTORY_ENTRY_BYTES > img->len) return 0;
        const uint8_t *e = img->bytes + at;
        uint32_t offset = le32(e + 4), length = le32(e + 8);
        if (le16(e) != type) continue;
        if ((uint64_t)offset + length > img->len || length == 0) return 0;
        *len = length;
        return offset;
    }
    return 0;
}

static void scan_lines(struct image *img) {
    uint32_t len = 0, at = section(img, SECTION_LINES, &len);
    img->line_count = -1;
    if (at == 0 || len < 4) return;
    const uint8_t *s = img->bytes + at;
    uint32_t count = le16(s), record = le16(s + 2);
    if (record < 4 || 4 + (uint64_t)count * record > len || count > IMAGE_MAX_LINES) return;
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *r = s + 4 + i * record;
        img->lines[i].tty = le16(r);
        img->lines[i].speed = record >= 12 ? le32(r + 8) : 0;
        img->lines[i].flow = record >= 19 ? r[18] : 0;
    }
    img->line_count = (int)count;
}

// Section 8: any server entry (protocol 1 TACACS+, 2 RADIUS) with a host.
static void scan_aaa(struct image *img) {
    uint32_t len = 0, at = section(img, SECTION_AAA, &len);
    img->names_servers = 0;
    if (at == 0 || len < 4) return;
    const uint8_t *s = img->bytes + at;
    uint32_t lists = le16(s), servers = le16(s + 2);
    if (4 + 4 * ((uint64_t)lists + servers) > len) return;
    for (uint32_t i = 0; i < servers; i++) {
        uint32_t offset = le32(s + 4 + 4 * (lists + i));
        if ((uint64_t)offset + 3 > len) return;
        if (s[offset + 2] > 0) img->names_servers = 1; // hostLen: an empty host is only a global key
    }
}

int image_read(const char *path, struct image *img, char *err, unsigned long err_len) {
    memset(img, 0, sizeof *img);
    img->line_count = -1;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, err_len, "%s: %s", path, strerror(errno));
        return -1;
    }
    img->bytes = malloc(IMAGE_MAX_BYTES + 1);
    size_t n = img->bytes ? fread(img->bytes, 1, IMAGE_MAX_BYTES + 1, f) : 0;
    int bad = ferror(f);
    fclose(f);
    if (!img->bytes || bad) {
        snprintf(err, err_len, "%s: %s", path, img->bytes ? "read error" : "out of memory");
        return -1;
    }
    if (n > IMAGE_MAX_BYTES) {
        snprintf(err, err_len, "%s: larger than %u bytes: not a configuration image", path, IMAGE_MAX_BYTES);
        return -1;
    }
    if (n == 0) {
        snprintf(err, err_len, "%s: empty file: not a configuration image (dialback config compile FILE -o IMAGE)", path);
        return -1;
    }
    img->len = (uint32_t)n;
    scan_lines(img);
    scan_aaa(img);
    return 0;
}

int32_t image_load(const struct image *img) {
    uint32_t at = (uint32_t)core_call(CORE_imageBuffer, (int32_t)img->len);
    uint8_t *dst = at ? core_mem(at, img->len) : NULL;
    if (!dst) return -3; // past the core's image buffer: Truncated ("larger than the core takes")
    memcpy(dst, img->bytes, img->len);
    return core_call(CORE_init, (int32_t)at, (int32_t)img->len);
}

const struct image_line *image_line(const struct image *img, int tty) {
    for (int i = 0; i < img->line_count; i++)
        if (img->lines[i].tty == tty) return &img->lines[i];
    return NULL;
}

void image_free(struct image *img) {
    free(img->bytes);
    img->bytes = NULL;
}
