// The configuration image (boards/image.md): read from a file, its lines listed for the host's
// own checks and messages, then handed to the core, which alone decides whether it is valid.
#ifndef DIALBACK_IMAGE_H
#define DIALBACK_IMAGE_H

#include <stdint.h>

#define IMAGE_MAX_LINES 64
#define IMAGE_MAX_BYTES (1u << 20)

struct image_line {
    uint16_t tty;
    uint32_t speed; // `speed` of the line, 0 = not set
    uint8_t flow;   // 0 default, 1 hardware, 2 software, 3 none
};

struct image {
    uint8_t *bytes;
    uint32_t len;
    int line_count; // -1 when the Lines section cannot be read (the core will say why)
    struct image_line lines[IMAGE_MAX_LINES];
    int names_servers; // an Aaa section lists RADIUS or TACACS+ servers
};

/** Reads the file; -1 with a message when it cannot be read. */
int image_read(const char *path, struct image *img, char *err, unsigned long err_len);
/** Writes the image into the core and calls init: the core's status (0 = loaded). */
int32_t image_load(const struct image *img);
/** The image's record of `tty`, or NULL. */
const struct image_line *image_line(const struct image *img, int tty);
void image_free(struct image *img);

#endif
