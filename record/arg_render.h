/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * strace-like rendering of system call arguments: register values by their
 * type in record/syscalls.def (O_RDONLY|O_CLOEXEC, AT_FDCWD, 0644, SIGTERM),
 * the memory the probe read (strings, argv, socket addresses, fd pairs, wait
 * statuses) and whole calls:
 *
 *   openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3
 *   connect(3, 10.0.0.7:443, 16) = -1 ECONNREFUSED
 *
 * The names come from tables generated at build time from the system headers
 * (record/arg_tables.cmake).  Plain C, no GLib or Wireshark, no allocation.
 *
 * Every function writes into buf[0..len): never past it, always
 * NUL-terminated when len > 0, never ending inside a UTF-8 sequence, and
 * returns like snprintf the length of the whole text, so that a result >= len
 * means the text was cut.  The text is valid UTF-8 with no control characters:
 * bytes from the traced process (strings, paths, payload) are shown as they
 * are only when they are printable UTF-8, else escaped strace-style (\n, \t,
 * \", \\, \xHH); Unicode controls that reorder or break lines (bidi overrides,
 * U+2028) are escaped too.
 */
#ifndef PODSHARK_ARG_RENDER_H
#define PODSHARK_ARG_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "record_codec.h"

/* A register value as an argument of type arg_type (enum podshark_arg_type) of
 * a call of arch (PODSHARK_ARCH_*; i386 values are 32-bit, and arm64 has its
 * own open flags).  The memory types (PATH, STR, BUF, ARGV, SOCKADDR) show
 * the pointer: their memory comes in extensions, see podshark_render_ext(). */
size_t podshark_render_value(int arg_type, uint64_t raw, unsigned arch, char *buf, size_t len);

/* n bytes of a string in double quotes, escaped, with "..." after the quote
 * when truncated (there was more than the bytes given). */
size_t podshark_render_str(const uint8_t *bytes, size_t n, int truncated, char *buf, size_t len);

/* count NUL-terminated strings in bytes[0..n) as ["ls", "-l"], with ", ..." in
 * the brackets when truncated; a last string without its NUL was cut. */
size_t podshark_render_argv(const uint8_t *bytes, size_t n, unsigned count, int truncated,
			    char *buf, size_t len);

/* A struct sockaddr as the kernel had it (little-endian host, family first):
 * 10.0.0.7:443, [::1]:8080, [fe80::1%2]:80, /run/x.sock, @abstract (bytes of
 * the name after its leading NUL), unnamed (AF_UNIX without a path), netlink
 * pid=0 groups=0, packet proto=0x0800 ifindex=2; other families as
 * family=AF_NAME or family=N; "..." when the bytes stop short of the
 * family's fields. */
size_t podshark_render_sockaddr(const uint8_t *bytes, size_t n, char *buf, size_t len);

/* Two 32-bit fds (pipe, socketpair) as [3, 4]. */
size_t podshark_render_fd_pair(const uint8_t *bytes, size_t n, char *buf, size_t len);

/* A wait status as strace shows what wait4 wrote:
 * [{WIFEXITED(s) && WEXITSTATUS(s) == 0}],
 * [{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL && WCOREDUMP(s)}], ... */
size_t podshark_render_wait_status(int32_t status, char *buf, size_t len);

/* The value of a memory extension (type PODSHARK_EXT_*, value as
 * podshark_ext_next() gives it, prefix included), on its own: STR a quoted
 * string, ARGV an array, SOCKADDR an address, BUF a quoted string, FD_PAIR
 * [3, 4], INT_OUT [N]; <unreadable> for a FAULT; ? for a malformed value or
 * an unknown type. */
size_t podshark_render_ext(uint16_t type, const uint8_t *value, size_t value_len, char *buf,
			   size_t len);

/* The whole call of a decoded SYSCALL record (recbuf is the buffer it was
 * decoded from, for the extensions), strace-like:
 *   openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3
 *   read(3, "root:x:0:0:"..., 4096) = 1024
 *   read(0, ...) = ? <unfinished>        a call still running at the end
 *   exit_group(0) = ?                    a call that does not return
 *   read(?, "abc", ?) = 3                entry lost: only the output is known
 * An argument with a memory extension shows the memory (output arguments
 * from the one read at exit), otherwise its register.  Errors show the errno
 * name: = -1 ENOENT.  Other records render as "". */
size_t podshark_render_call(const struct podshark_decoded *rec, const void *recbuf, char *buf,
			    size_t len);

/* The arguments alone, Falco's evt.args style, with the names of
 * record/syscalls.def and strings unquoted (still escaped):
 *   dfd=AT_FDCWD filename=/etc/passwd flags=O_RDONLY|O_CLOEXEC mode=0 */
size_t podshark_render_args(const struct podshark_decoded *rec, const void *recbuf, char *buf,
			    size_t len);

#endif /* PODSHARK_ARG_RENDER_H */
