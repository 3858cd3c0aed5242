#!/bin/sh
# PID 1 of the interop guest (busybox sh). Mounts the kernel filesystems, loads the PPP
# modules in dependency order, runs /cmd.sh (from the per-run archive) under a timeout,
# reports EXIT=<status> on the console and powers off. If this script dies the kernel
# panics and QEMU, started with -no-reboot, ends.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
export HOME=/root

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp

while read -r module; do
  insmod "/lib/modules/$module.ko" || echo "GUEST: insmod $module failed"
done < /lib/modules/load-order
ip link set lo up

# The harness passes timeout=<seconds> on the kernel command line.
limit=60
for word in $(cat /proc/cmdline); do
  case "$word" in timeout=*) limit="${word#timeout=}" ;; esac
done

echo "GUEST-READY uptime=$(cut -d' ' -f1 /proc/uptime)"
if [ -f /cmd.sh ]; then
  # busybox timeout sends TERM: a command that ran out of time ends with 143.
  timeout "$limit" sh /cmd.sh
  status=$?
else
  echo "GUEST: no /cmd.sh in the initramfs"
  status=125
fi
echo "EXIT=$status"
poweroff -f || reboot -f
