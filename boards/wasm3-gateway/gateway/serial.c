// A UART line: raw 8N1 at the line's speed, RTS/CTS flow control unless told otherwise, the
// modem lines through TIOCMGET/TIOCMSET. A device without modem lines (a pty, a bridge) fails
// those ioctls: the line then takes carrier from the modem's text and hangs up by escape.

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "driver.h"

static speed_t baud(int speed) {
    switch (speed) {
    case 300: return B300;
    case 1200: return B1200;
    case 2400: return B2400;
    case 4800: return B4800;
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    case 230400: return B230400;
    case 460800: return B460800;
    case 921600: return B921600;
    default: return B0;
    }
}

int serial_open(struct line *l, char *err, size_t err_len) {
    speed_t rate = baud(l->speed);
    if (rate == B0) {
        snprintf(err, err_len, "line %d: speed %d is not a standard rate", l->tty, l->speed);
        return -1;
    }
    // O_NOCTTY: a modem hanging up must not send this process SIGHUP; O_NONBLOCK: the poll loop reads.
    int fd = open(l->device, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, err_len, "line %d: %s: %s", l->tty, l->device, strerror(errno));
        return -1;
    }
    struct termios t;
    if (tcgetattr(fd, &t) != 0) {
        snprintf(err, err_len, "line %d: %s: not a terminal device (%s)", l->tty, l->device, strerror(errno));
        close(fd);
        return -1;
    }
    cfmakeraw(&t);
    t.c_cflag &= ~(CSTOPB | PARENB | CSIZE | CRTSCTS | HUPCL);
    // CLOCAL: reads go on without DCD (the host reads DCD itself); no HUPCL: DTR is the core's.
    t.c_cflag |= CS8 | CREAD | CLOCAL | (l->rtscts ? CRTSCTS : 0);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    cfsetispeed(&t, rate);
    cfsetospeed(&t, rate);
    if (tcsetattr(fd, TCSANOW, &t) != 0) {
        snprintf(err, err_len, "line %d: %s: cannot set %d 8N1 (%s)", l->tty, l->device, l->speed, strerror(errno));
        close(fd);
        return -1;
    }
    tcflush(fd, TCIOFLUSH);
    l->fd = fd;
    return 0;
}

int serial_read_modem(struct line *l) {
    int bits = 0;
    if (ioctl(l->fd, TIOCMGET, &bits) != 0) return -1;
    l->dcd = (bits & TIOCM_CAR) != 0;
    l->ri = (bits & TIOCM_RNG) != 0;
    l->dsr = (bits & TIOCM_DSR) != 0;
    l->cts = (bits & TIOCM_CTS) != 0;
    return 0;
}

int serial_set_modem(struct line *l, int dtr, int rts) {
    int bits = 0;
    if (ioctl(l->fd, TIOCMGET, &bits) != 0) return -1;
    bits = (bits & ~(TIOCM_DTR | TIOCM_RTS)) | (dtr ? TIOCM_DTR : 0) | (rts ? TIOCM_RTS : 0);
    return ioctl(l->fd, TIOCMSET, &bits) == 0 ? 0 : -1;
}
