/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * strace-like rendering of syscall arguments (record/arg_render.h).
 *
 * Everything is written through struct out, which counts the whole text like
 * snprintf but stores only what fits.  Text from the traced process goes
 * through out_escaped() only; formats are always literals of this file.
 * Masks and field layouts (O_ACCMODE, MAP_TYPE, CSIGNAL, _IOC_*, W* macros)
 * come from the kernel and C library headers included here; the names, from
 * the generated tables of arg_tables.h.
 */
#include "arg_render.h"

#include <arpa/inet.h>
#include <linux/fcntl.h>
#include <linux/futex.h>
#include <linux/ioctl.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/prctl.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "arg_tables.h"
#include "errno_names.h"
#include "io_uring_ops.h"
#include "podshark_record.h"
#include "syscall_call.h"
#include "syscall_table.h"

/* The largest return value that is an error: -4095..-1 are -errno. */
#define MAX_ERRNO 4095

struct out {
	char *buf;
	size_t len; /* size of buf */
	size_t pos; /* length of the whole text so far; may exceed len - 1 */
};

static struct out out_init(char *buf, size_t len)
{
	struct out o = { buf, len, 0 };

	return o;
}

static void out_mem(struct out *o, const char *s, size_t n)
{
	if (o->pos < o->len) {
		size_t room = o->len - 1 - o->pos;

		memcpy(o->buf + o->pos, s, n < room ? n : room);
	}
	o->pos += n;
}

static void out_str(struct out *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

/* Numbers only: fmt is always a literal of this file. */
__attribute__((format(printf, 2, 3))) static void out_fmt(struct out *o, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		out_mem(o, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* Terminates the text; when it was cut, drops a UTF-8 sequence the cut left
 * incomplete, so that the result is valid UTF-8. */
static size_t out_finish(struct out *o)
{
	size_t end, lead, back;

	if (!o->len)
		return o->pos;
	end = o->pos < o->len - 1 ? o->pos : o->len - 1;
	if (o->pos > end) {
		for (back = 1; back <= 3 && back <= end; back++) {
			unsigned char c = (unsigned char)o->buf[end - back];
			size_t need;

			if ((c & 0xc0) == 0x80)
				continue;
			lead = end - back;
			need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
			if (end - lead < need)
				end = lead;
			break;
		}
	}
	o->buf[end] = '\0';
	return o->pos;
}

/* --- constants ------------------------------------------------------------------------- */

static const char *const_name(const struct podshark_const *table, uint64_t value)
{
	for (; table->name; table++)
		if (table->value == value)
			return table->name;
	return NULL;
}

static int64_t const_value(const struct podshark_const *table, const char *name,
			   int64_t fallback)
{
	for (; table->name; table++)
		if (strcmp(table->name, name) == 0)
			return (int64_t)table->value;
	return fallback;
}

static unsigned popcount64(uint64_t v)
{
	return (unsigned)__builtin_popcountll(v);
}

/* The name of value in table, else value in decimal. */
static void out_enum(struct out *o, const struct podshark_const *table, int64_t value)
{
	const char *name = const_name(table, (uint64_t)value);

	if (name)
		out_str(o, name);
	else
		out_fmt(o, "%lld", (long long)value);
}

/* The name of value in table, else value in hex: for codes the headers write
 * in hex (ARCH_SET_FS 0x1002) or that are bit patterns (a futex bitset). */
static void out_enum_hex(struct out *o, const struct podshark_const *table, uint64_t value)
{
	const char *name = const_name(table, value);

	if (name)
		out_str(o, name);
	else
		out_fmt(o, "%#llx", (unsigned long long)value);
}

/* At most one pick per bit. */
#define MAX_FLAG_PICKS 64

/* The order in which out_flags() writes the names it takes. */
enum flag_order {
	BY_VALUE,  /* strace's usual order: O_CLOEXEC (0x80000) before O_TMPFILE (0x410000) */
	BY_HEADER, /* the headers' order, where strace follows it: SOCK_CLOEXEC|SOCK_NONBLOCK,
		      R_OK|W_OK|X_OK */
};

static int flag_before(const struct podshark_const *a, const struct podshark_const *b,
		       enum flag_order order)
{
	return order == BY_HEADER ? a < b : a->value < b->value;
}

/*
 * value as NAME|NAME|0xrest.  Names that cover more bits are taken first, so
 * that O_SYNC (__O_SYNC|O_DSYNC) and O_TMPFILE (__O_TMPFILE|O_DIRECTORY) win
 * over their parts.  A table entry of value 0 names a zero value (PROT_NONE,
 * F_OK); otherwise zero is "0".  after_other_part: the flags follow another
 * part (the access mode of open flags, the type of mmap flags), so each
 * starts with "|" and zero writes nothing.
 */
static void out_flags_ordered(struct out *o, const struct podshark_const *table, uint64_t value,
			      int after_other_part, enum flag_order order)
{
	const struct podshark_const *pick[MAX_FLAG_PICKS], *entry, *best;
	uint64_t rest = value;
	size_t npick = 0, i, j;
	int first = !after_other_part;

	if (!value) {
		if (after_other_part)
			return;
		entry = table;
		while (entry->name && entry->value)
			entry++;
		out_str(o, entry->name ? entry->name : "0");
		return;
	}
	while (rest && npick < MAX_FLAG_PICKS) {
		best = NULL;
		for (entry = table; entry->name; entry++)
			if (entry->value && (entry->value & rest) == entry->value &&
			    (!best || popcount64(entry->value) > popcount64(best->value)))
				best = entry;
		if (!best)
			break;
		pick[npick++] = best;
		rest &= ~best->value;
	}
	for (i = 1; i < npick; i++) {
		entry = pick[i];
		for (j = i; j > 0 && flag_before(entry, pick[j - 1], order); j--)
			pick[j] = pick[j - 1];
		pick[j] = entry;
	}
	for (i = 0; i < npick; i++) {
		if (!first)
			out_str(o, "|");
		out_str(o, pick[i]->name);
		first = 0;
	}
	if (rest) {
		if (!first)
			out_str(o, "|");
		out_fmt(o, "%#llx", (unsigned long long)rest);
	}
}

static void out_flags(struct out *o, const struct podshark_const *table, uint64_t value,
		      int after_other_part)
{
	out_flags_ordered(o, table, value, after_other_part, BY_VALUE);
}

/* --- register values ------------------------------------------------------------------- */

static int is_32bit(unsigned arch)
{
	return arch == PODSHARK_ARCH_I386;
}

/* An unsigned long or pointer register of arch. */
static uint64_t word(uint64_t raw, unsigned arch)
{
	return is_32bit(arch) ? (uint32_t)raw : raw;
}

/* A signed long register of arch. */
static int64_t sword(uint64_t raw, unsigned arch)
{
	return is_32bit(arch) ? (int32_t)(uint32_t)raw : (int64_t)raw;
}

static const struct podshark_const *open_flags_table(unsigned arch)
{
	return arch == PODSHARK_ARCH_AARCH64 ? podshark_const_open_flags_aarch64
					     : podshark_const_open_flags;
}

static void out_signal(struct out *o, int32_t sig)
{
	int64_t rtmin = const_value(podshark_const_signal_limits, "SIGRTMIN", 32);
	int64_t nsig = const_value(podshark_const_signal_limits, "_NSIG", 64);
	const char *name = const_name(podshark_const_signal, (uint32_t)sig);

	if (sig > 0 && name)
		out_str(o, name);
	else if (sig == rtmin)
		out_str(o, "SIGRTMIN");
	else if (sig > rtmin && sig <= nsig)
		out_fmt(o, "SIGRT_%d", (int)(sig - rtmin));
	else
		out_fmt(o, "%d", (int)sig);
}

static void out_ptr(struct out *o, uint64_t ptr)
{
	if (ptr)
		out_fmt(o, "%#llx", (unsigned long long)ptr);
	else
		out_str(o, "NULL");
}

static void out_open_flags(struct out *o, uint32_t flags, unsigned arch)
{
	const char *accmode = const_name(podshark_const_open_accmode, flags & O_ACCMODE);

	if (accmode)
		out_str(o, accmode);
	else
		out_fmt(o, "%#x", (unsigned)(flags & O_ACCMODE));
	out_flags(o, open_flags_table(arch), flags & ~(uint32_t)O_ACCMODE, 1);
}

static void out_mode(struct out *o, uint32_t mode)
{
	const char *type = const_name(podshark_const_file_type, mode & S_IFMT);

	if (type) {
		out_str(o, type);
		out_str(o, "|");
		mode &= ~(uint32_t)S_IFMT;
	}
	out_fmt(o, "%#03o", mode);
}

static void out_clone_flags(struct out *o, uint64_t flags)
{
	int32_t sig = (int32_t)(flags & CSIGNAL);

	flags &= ~(uint64_t)CSIGNAL;
	if (flags)
		out_flags(o, podshark_const_clone_flags, flags, 0);
	if (sig) {
		if (flags)
			out_str(o, "|");
		out_signal(o, sig);
	} else if (!flags) {
		out_str(o, "0");
	}
}

static void out_map_flags(struct out *o, uint32_t flags)
{
	const char *type = const_name(podshark_const_map_type, flags & MAP_TYPE);
	uint32_t huge = 0;

	if (type)
		out_str(o, type);
	else
		out_fmt(o, "%#x", (unsigned)(flags & MAP_TYPE));
	flags &= ~(uint32_t)MAP_TYPE;
	if (flags & MAP_HUGETLB) {
		huge = (flags >> MAP_HUGE_SHIFT) & MAP_HUGE_MASK;
		flags &= ~((uint32_t)MAP_HUGE_MASK << MAP_HUGE_SHIFT);
	}
	out_flags(o, podshark_const_map_flags, flags, 1);
	if (huge)
		out_fmt(o, "|%u<<MAP_HUGE_SHIFT", (unsigned)huge);
}

/* strace names the sync type of statx even when it is 0 (AT_STATX_SYNC_AS_STAT),
 * before the AT_* flags. */
static void out_statx_flags(struct out *o, uint32_t flags)
{
	out_flags(o, podshark_const_statx_sync, flags & AT_STATX_SYNC_TYPE, 0);
	out_flags(o, podshark_const_at_flags, flags & ~(uint32_t)AT_STATX_SYNC_TYPE, 1);
}

static void out_mount_flags(struct out *o, uint32_t flags)
{
	int magic = (flags & MS_MGC_MSK) == MS_MGC_VAL;

	if (magic) {
		out_str(o, "MS_MGC_VAL");
		flags &= ~(uint32_t)MS_MGC_MSK;
	}
	out_flags(o, podshark_const_mount_flags, flags, magic);
}

static void out_sock_type(struct out *o, uint32_t type)
{
	const struct podshark_const *flag;
	uint32_t flags = 0;

	for (flag = podshark_const_sock_type_flags; flag->name; flag++)
		flags |= (uint32_t)flag->value;
	out_enum(o, podshark_const_sock_type, type & ~flags);
	out_flags_ordered(o, podshark_const_sock_type_flags, type & flags, 1, BY_HEADER);
}

static void out_futex_op(struct out *o, uint32_t op)
{
	uint32_t cmd = op & ~(uint32_t)FUTEX_CLOCK_REALTIME;
	const char *name = const_name(podshark_const_futex_op, cmd);

	if (name)
		out_str(o, name);
	else
		out_fmt(o, "%#x", (unsigned)cmd);
	if (op & FUTEX_CLOCK_REALTIME)
		out_str(o, "|FUTEX_CLOCK_REALTIME");
}

/* A request name, else strace's _IOC(dir, type, nr, size). */
static void out_ioctl_req(struct out *o, uint32_t req)
{
	const char *name = const_name(podshark_const_ioctl_req, req);

	if (name) {
		out_str(o, name);
		return;
	}
	out_str(o, "_IOC(");
	if ((_IOC_DIR(req) & _IOC_READ) && (_IOC_DIR(req) & _IOC_WRITE)) {
		/* strace's order, not the header's */
		out_enum(o, podshark_const_ioc_dir, _IOC_READ);
		out_str(o, "|");
		out_enum(o, podshark_const_ioc_dir, _IOC_WRITE);
	} else {
		out_enum(o, podshark_const_ioc_dir, _IOC_DIR(req));
	}
	out_fmt(o, ", %#x, %#x, %#x)", (unsigned)_IOC_TYPE(req), (unsigned)_IOC_NR(req),
		(unsigned)_IOC_SIZE(req));
}

static void out_id(struct out *o, uint32_t id)
{
	if (id == UINT32_MAX)
		out_str(o, "-1");
	else
		out_fmt(o, "%u", id);
}

/* Arguments shown by a name table alone: one name (an enum) or names joined
 * by | (flags), of the register's low 32 bits, signed or not, or of the whole
 * word.  The other types have their own ways, in out_value(). */
enum table_kind { TABLE_NONE, TABLE_ENUM, TABLE_FLAGS };
enum table_value { VALUE_S32, VALUE_U32, VALUE_WORD };

static const struct {
	const struct podshark_const *names;
	enum table_kind kind;
	enum table_value value;
} named_types[PODSHARK_ARG_TYPE_COUNT] = {
	[PODSHARK_ARG_AT_FLAGS] = { podshark_const_at_flags, TABLE_FLAGS, VALUE_U32 },
	[PODSHARK_ARG_STATX_MASK] = { podshark_const_statx_mask, TABLE_FLAGS, VALUE_U32 },
	[PODSHARK_ARG_RENAME_FLAGS] = { podshark_const_rename_flags, TABLE_FLAGS, VALUE_U32 },
	[PODSHARK_ARG_FADVISE_ADVICE] = { podshark_const_fadvise_advice, TABLE_ENUM, VALUE_S32 },
	[PODSHARK_ARG_WHENCE] = { podshark_const_whence, TABLE_ENUM, VALUE_U32 },
	[PODSHARK_ARG_FCNTL_CMD] = { podshark_const_fcntl_cmd, TABLE_ENUM, VALUE_S32 },
	[PODSHARK_ARG_UMOUNT_FLAGS] = { podshark_const_umount_flags, TABLE_FLAGS, VALUE_U32 },
	[PODSHARK_ARG_PROT] = { podshark_const_prot, TABLE_FLAGS, VALUE_WORD },
	[PODSHARK_ARG_MREMAP_FLAGS] = { podshark_const_mremap_flags, TABLE_FLAGS, VALUE_WORD },
	[PODSHARK_ARG_MADVISE_ADVICE] = { podshark_const_madvise_advice, TABLE_ENUM, VALUE_S32 },
	[PODSHARK_ARG_NS_FLAGS] = { podshark_const_clone_flags, TABLE_FLAGS, VALUE_U32 },
	[PODSHARK_ARG_SIGPROCMASK_HOW] = { podshark_const_sigprocmask_how, TABLE_ENUM, VALUE_S32 },
	[PODSHARK_ARG_WAIT_OPTIONS] = { podshark_const_wait_options, TABLE_FLAGS, VALUE_U32 },
	[PODSHARK_ARG_SOCK_DOMAIN] = { podshark_const_sock_domain, TABLE_ENUM, VALUE_S32 },
	[PODSHARK_ARG_SOCKOPT_LEVEL] = { podshark_const_sockopt_level, TABLE_ENUM, VALUE_S32 },
	[PODSHARK_ARG_MSG_FLAGS] = { podshark_const_msg_flags, TABLE_FLAGS, VALUE_U32 },
	[PODSHARK_ARG_PTRACE_REQ] = { podshark_const_ptrace_req, TABLE_ENUM, VALUE_WORD },
	[PODSHARK_ARG_PRCTL_OPT] = { podshark_const_prctl_opt, TABLE_ENUM, VALUE_S32 },
	[PODSHARK_ARG_BPF_CMD] = { podshark_const_bpf_cmd, TABLE_ENUM, VALUE_S32 },
	[PODSHARK_ARG_SECCOMP_OP] = { podshark_const_seccomp_op, TABLE_ENUM, VALUE_U32 },
	[PODSHARK_ARG_IO_URING_ENTER_FLAGS] = { podshark_const_io_uring_enter_flags, TABLE_FLAGS,
						VALUE_U32 },
	[PODSHARK_ARG_CLOCK_ID] = { podshark_const_clock_id, TABLE_ENUM, VALUE_S32 },
	[PODSHARK_ARG_RLIMIT_RESOURCE] = { podshark_const_rlimit, TABLE_ENUM, VALUE_U32 },
	[PODSHARK_ARG_GETRANDOM_FLAGS] = { podshark_const_getrandom_flags, TABLE_FLAGS, VALUE_U32 },
	[PODSHARK_ARG_SHUTDOWN_HOW] = { podshark_const_shutdown_how, TABLE_ENUM, VALUE_S32 },
};

/* The value of a register of arch as a named_types entry reads it. */
static int64_t table_value(enum table_value value, uint64_t raw, unsigned arch)
{
	switch (value) {
	case VALUE_S32:
		return (int32_t)(uint32_t)raw;
	case VALUE_U32:
		return (uint32_t)raw;
	default:
		return (int64_t)word(raw, arch);
	}
}

static void out_value(struct out *o, int type, uint64_t raw, unsigned arch)
{
	uint32_t u32 = (uint32_t)raw;
	int32_t s32 = (int32_t)u32;

	if (type >= 0 && type < PODSHARK_ARG_TYPE_COUNT && named_types[type].kind != TABLE_NONE) {
		int64_t value = table_value(named_types[type].value, raw, arch);

		if (named_types[type].kind == TABLE_ENUM)
			out_enum(o, named_types[type].names, value);
		else
			out_flags(o, named_types[type].names, (uint64_t)value, 0);
		return;
	}
	switch (type) {
	case PODSHARK_ARG_INT:
	case PODSHARK_ARG_FD:
	case PODSHARK_ARG_PID:
		out_fmt(o, "%d", (int)s32);
		break;
	case PODSHARK_ARG_UINT:
		out_fmt(o, "%u", u32);
		break;
	case PODSHARK_ARG_SIZE:
		out_fmt(o, "%llu", (unsigned long long)word(raw, arch));
		break;
	case PODSHARK_ARG_OFFSET:
		out_fmt(o, "%lld", (long long)sword(raw, arch));
		break;
	case PODSHARK_ARG_PTR:
	case PODSHARK_ARG_IO_URING_PARAMS:
	case PODSHARK_ARG_PATH:
	case PODSHARK_ARG_STR:
	case PODSHARK_ARG_BUF:
	case PODSHARK_ARG_ARGV:
	case PODSHARK_ARG_SOCKADDR:
		out_ptr(o, word(raw, arch));
		break;
	case PODSHARK_ARG_DIRFD:
		if (s32 == AT_FDCWD)
			out_str(o, "AT_FDCWD");
		else
			out_fmt(o, "%d", (int)s32);
		break;
	case PODSHARK_ARG_MODE:
		out_mode(o, u32);
		break;
	case PODSHARK_ARG_OPEN_FLAGS:
		out_open_flags(o, u32, arch);
		break;
	case PODSHARK_ARG_FD_FLAGS:
		out_flags(o, open_flags_table(arch), u32, 0);
		break;
	case PODSHARK_ARG_STATX_FLAGS:
		out_statx_flags(o, u32);
		break;
	case PODSHARK_ARG_ACCESS_MODE:
		out_flags_ordered(o, podshark_const_access_mode, u32, 0, BY_HEADER);
		break;
	case PODSHARK_ARG_IOCTL_REQ:
		out_ioctl_req(o, u32);
		break;
	case PODSHARK_ARG_MOUNT_FLAGS:
		out_mount_flags(o, (uint32_t)word(raw, arch));
		break;
	case PODSHARK_ARG_MAP_FLAGS:
		out_map_flags(o, u32);
		break;
	case PODSHARK_ARG_CLONE_FLAGS:
		out_clone_flags(o, word(raw, arch));
		break;
	case PODSHARK_ARG_SIGNAL:
		out_signal(o, s32);
		break;
	case PODSHARK_ARG_UID:
	case PODSHARK_ARG_GID:
		out_id(o, u32);
		break;
	case PODSHARK_ARG_SOCK_TYPE:
		out_sock_type(o, u32);
		break;
	case PODSHARK_ARG_IO_URING_REGISTER_OP:
		/* IORING_REGISTER_USE_REGISTERED_RING: fd is a registered ring's index */
		if (u32 & (1u << 31))
			out_str(o, "IORING_REGISTER_USE_REGISTERED_RING|");
		out_enum(o, podshark_const_io_uring_register_op, u32 & ~(1u << 31));
		break;
	case PODSHARK_ARG_FUTEX_OP:
		out_futex_op(o, u32);
		break;
	case PODSHARK_ARG_ARCH_PRCTL_CODE:
		out_enum_hex(o, podshark_const_arch_prctl_code, u32);
		break;
	case PODSHARK_ARG_HEX:
	default:
		out_fmt(o, "%#llx", (unsigned long long)word(raw, arch));
		break;
	}
}

size_t podshark_render_value(int arg_type, uint64_t raw, unsigned arch, char *buf, size_t len)
{
	struct out o = out_init(buf, len);

	out_value(&o, arg_type, raw, arch);
	return out_finish(&o);
}

/* --- bytes from the traced process ----------------------------------------------------- */

/* Unicode characters that are valid but must not reach a display as they are:
 * C1 controls, and the format characters that reorder text (bidi overrides)
 * or break lines. */
static int invisible_control(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0xfeff;
}

/* The length of the printable, well-formed UTF-8 sequence of 2 to 4 bytes at
 * p[0..n), or 0 (overlong forms, surrogates and values past U+10FFFF are not
 * well-formed). */
static size_t utf8_printable(const uint8_t *p, size_t n)
{
	size_t need, i;
	uint32_t cp, min;

	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		need = 2;
		cp = p[0] & 0x1f;
		min = 0x80;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		need = 3;
		cp = p[0] & 0x0f;
		min = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		need = 4;
		cp = p[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < need)
		return 0;
	for (i = 1; i < need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || invisible_control(cp))
		return 0;
	return need;
}

/* bytes escaped strace-style; quoted: inside double quotes, so " is escaped */
static void out_escaped(struct out *o, const uint8_t *bytes, size_t n, int quoted)
{
	size_t i = 0, seq;

	while (i < n) {
		uint8_t c = bytes[i];

		if (c >= 0x20 && c < 0x7f) {
			if (c == '\\' || (c == '"' && quoted))
				out_str(o, "\\");
			out_mem(o, (const char *)&bytes[i], 1);
			i++;
			continue;
		}
		seq = c >= 0x80 ? utf8_printable(bytes + i, n - i) : 0;
		if (seq) {
			out_mem(o, (const char *)&bytes[i], seq);
			i += seq;
			continue;
		}
		switch (c) {
		case '\t':
			out_str(o, "\\t");
			break;
		case '\n':
			out_str(o, "\\n");
			break;
		case '\v':
			out_str(o, "\\v");
			break;
		case '\f':
			out_str(o, "\\f");
			break;
		case '\r':
			out_str(o, "\\r");
			break;
		default:
			out_fmt(o, "\\x%02x", c);
			break;
		}
		i++;
	}
}

static void out_quoted(struct out *o, const uint8_t *bytes, size_t n, int truncated)
{
	out_str(o, "\"");
	out_escaped(o, bytes, n, 1);
	out_str(o, truncated ? "\"..." : "\"");
}

size_t podshark_render_str(const uint8_t *bytes, size_t n, int truncated, char *buf, size_t len)
{
	struct out o = out_init(buf, len);

	out_quoted(&o, bytes, n, truncated);
	return out_finish(&o);
}

static void out_argv(struct out *o, const uint8_t *bytes, size_t n, unsigned count,
		     int truncated)
{
	size_t pos = 0;
	unsigned i;

	out_str(o, "[");
	for (i = 0; i < count && pos < n; i++) {
		const uint8_t *end = memchr(bytes + pos, '\0', n - pos);
		size_t slen = end ? (size_t)(end - (bytes + pos)) : n - pos;

		if (i)
			out_str(o, ", ");
		out_quoted(o, bytes + pos, slen, !end);
		pos += slen + 1;
	}
	if (truncated || i < count)
		out_str(o, i ? ", ..." : "...");
	out_str(o, "]");
}

size_t podshark_render_argv(const uint8_t *bytes, size_t n, unsigned count, int truncated,
			    char *buf, size_t len)
{
	struct out o = out_init(buf, len);

	out_argv(&o, bytes, n, count, truncated);
	return out_finish(&o);
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Field offsets of the sockaddr structs of <linux/in.h>, <linux/in6.h>,
 * <linux/un.h>, <linux/netlink.h> and <linux/if_packet.h>: the record carries
 * the bytes, whose layout is the same on every architecture podshark knows. */
#define SA_FAMILY_LEN 2
#define SIN_LEN 8       /* family, port, address */
#define SIN6_LEN 24     /* family, port, flowinfo, address */
#define SIN6_SCOPE_END 28
#define SNL_LEN 12      /* family, pad, pid, groups */
#define SLL_LEN 8       /* family, protocol, ifindex */

static void out_sockaddr(struct out *o, const uint8_t *bytes, size_t n)
{
	char addr[INET6_ADDRSTRLEN];
	const char *name;
	uint16_t family;

	if (n < SA_FAMILY_LEN) {
		out_str(o, "family=?");
		return;
	}
	family = le16(bytes);
	if (family == AF_INET && n >= SIN_LEN) {
		inet_ntop(AF_INET, bytes + 4, addr, sizeof(addr));
		out_str(o, addr);
		out_fmt(o, ":%u", be16(bytes + 2));
	} else if (family == AF_INET6 && n >= SIN6_LEN) {
		inet_ntop(AF_INET6, bytes + 8, addr, sizeof(addr));
		out_str(o, "[");
		out_str(o, addr);
		if (n >= SIN6_SCOPE_END && le32(bytes + 24))
			out_fmt(o, "%%%u", le32(bytes + 24));
		out_fmt(o, "]:%u", be16(bytes + 2));
	} else if (family == AF_UNIX) {
		const uint8_t *path = bytes + SA_FAMILY_LEN, *nul;
		size_t plen = n - SA_FAMILY_LEN;

		if (!plen) {
			out_str(o, "unnamed");
		} else if (path[0] == '\0') {
			out_str(o, "@");
			out_escaped(o, path + 1, plen - 1, 0);
		} else {
			nul = memchr(path, '\0', plen);
			out_escaped(o, path, nul ? (size_t)(nul - path) : plen, 0);
		}
	} else if (family == AF_NETLINK && n >= SNL_LEN) {
		out_fmt(o, "netlink pid=%u groups=%#x", le32(bytes + 4), le32(bytes + 8));
	} else if (family == AF_PACKET && n >= SLL_LEN) {
		out_fmt(o, "packet proto=%#06x ifindex=%d", be16(bytes + 2), (int)le32(bytes + 4));
	} else {
		name = const_name(podshark_const_sock_domain, family);
		if (name) {
			out_str(o, "family=");
			out_str(o, name);
		} else {
			out_fmt(o, "family=%u", family);
		}
		if (family == AF_INET || family == AF_INET6 || family == AF_NETLINK ||
		    family == AF_PACKET)
			out_str(o, "...");
	}
}

size_t podshark_render_sockaddr(const uint8_t *bytes, size_t n, char *buf, size_t len)
{
	struct out o = out_init(buf, len);

	out_sockaddr(&o, bytes, n);
	return out_finish(&o);
}

static void out_fd_pair(struct out *o, const uint8_t *bytes, size_t n)
{
	if (n < 8) {
		out_str(o, "?");
		return;
	}
	out_fmt(o, "[%d, %d]", (int)le32(bytes), (int)le32(bytes + 4));
}

size_t podshark_render_fd_pair(const uint8_t *bytes, size_t n, char *buf, size_t len)
{
	struct out o = out_init(buf, len);

	out_fd_pair(&o, bytes, n);
	return out_finish(&o);
}

static void out_wait_status(struct out *o, int32_t status)
{
	int event = (int)((uint32_t)status >> 16);
	const char *event_name;

	out_str(o, "[{");
	if (WIFEXITED(status)) {
		out_fmt(o, "WIFEXITED(s) && WEXITSTATUS(s) == %d", WEXITSTATUS(status));
	} else if (WIFSIGNALED(status)) {
		out_str(o, "WIFSIGNALED(s) && WTERMSIG(s) == ");
		out_signal(o, WTERMSIG(status));
		if (WCOREDUMP(status))
			out_str(o, " && WCOREDUMP(s)");
	} else if (WIFSTOPPED(status)) {
		out_str(o, "WIFSTOPPED(s) && WSTOPSIG(s) == ");
		out_signal(o, WSTOPSIG(status));
	} else if (WIFCONTINUED(status)) {
		out_str(o, "WIFCONTINUED(s)");
	} else {
		out_fmt(o, "%#x", (unsigned)status);
	}
	out_str(o, "}");
	if (WIFSTOPPED(status) && event) {
		event_name = const_name(podshark_const_ptrace_event, (unsigned)event);
		out_str(o, " | ");
		if (event_name)
			out_str(o, event_name);
		else
			out_fmt(o, "%d", event);
		out_str(o, " << 16");
	}
	out_str(o, "]");
}

size_t podshark_render_wait_status(int32_t status, char *buf, size_t len)
{
	struct out o = out_init(buf, len);

	out_wait_status(&o, status);
	return out_finish(&o);
}

/* --- memory extensions ----------------------------------------------------------------- */

/* How strings are shown: strace's quotes, or Falco's evt.args bare text. */
enum str_style { STYLE_STRACE, STYLE_ARGS };

static int mem_truncated(const struct podshark_mem_item *m)
{
	return (m->mem.flags & PODSHARK_MEM_TRUNCATED) ||
	       (m->type == PODSHARK_EXT_BUF && m->mem.full_len > m->data_len);
}

/* The struct io_uring_params of io_uring_setup (the only STRUCT item), as
 * strace shows its first fields. */
static void out_uring_params(struct out *o, const uint8_t *p, size_t n)
{
	if (n < 28) {
		out_str(o, "?");
		return;
	}
	out_str(o, "{flags=");
	out_flags(o, podshark_const_io_uring_setup_flags, le32(p + 8), 0);
	/* out_fmt writes at most 63 characters at a time */
	out_fmt(o, ", sq_thread_cpu=%u, sq_thread_idle=%u", le32(p + 12), le32(p + 16));
	out_fmt(o, ", sq_entries=%u, cq_entries=%u", le32(p), le32(p + 4));
	out_fmt(o, ", features=%#x, wq_fd=%d}", le32(p + 20), (int)le32(p + 24));
}

/* wait_status: INT_OUT is what wait4/waitpid wrote to stat_addr */
static void out_mem_item(struct out *o, const struct podshark_mem_item *m, enum str_style style,
			 int wait_status)
{
	switch (m->type) {
	case PODSHARK_EXT_STR:
	case PODSHARK_EXT_BUF:
		if (style == STYLE_ARGS) {
			out_escaped(o, m->data, m->data_len, 0);
			if (mem_truncated(m))
				out_str(o, "...");
		} else {
			out_quoted(o, m->data, m->data_len, mem_truncated(m));
		}
		break;
	case PODSHARK_EXT_ARGV:
		out_argv(o, m->data, m->data_len, m->mem.count, mem_truncated(m));
		break;
	case PODSHARK_EXT_SOCKADDR:
		out_sockaddr(o, m->data, m->data_len);
		break;
	case PODSHARK_EXT_FD_PAIR:
		out_fd_pair(o, m->data, m->data_len);
		break;
	case PODSHARK_EXT_STRUCT:
		out_uring_params(o, m->data, m->data_len);
		break;
	case PODSHARK_EXT_INT_OUT:
		if (m->data_len < 4)
			out_str(o, "?");
		else if (wait_status)
			out_wait_status(o, (int32_t)le32(m->data));
		else
			out_fmt(o, "[%d]", (int)le32(m->data));
		break;
	default:
		out_str(o, "?");
		break;
	}
}

size_t podshark_render_ext(uint16_t type, const uint8_t *value, size_t value_len, char *buf,
			   size_t len)
{
	struct out o = out_init(buf, len);
	struct podshark_mem_item m;

	if (podshark_mem_item_parse(type, value, value_len, &m) != 0)
		out_str(&o, "?");
	else if (m.mem.flags & PODSHARK_MEM_FAULT)
		out_str(&o, "<unreadable>");
	else
		out_mem_item(&o, &m, STYLE_STRACE, 0);
	return out_finish(&o);
}

/* --- whole calls ----------------------------------------------------------------------- */

/* The strace rendering rule of c's call (record/syscalls.def: +render=). */
static int render_rule(const struct podshark_call *c)
{
	return c->info ? c->info->render : PODSHARK_RENDER_NONE;
}

static uint64_t arg_raw(const struct podshark_call *c, unsigned i)
{
	return podshark_call_arg(c, i);
}

/* Whether strace leaves argument i out, by the call's rendering rule: the
 * mode of open and openat without O_CREAT or O_TMPFILE, the argument of fcntl
 * commands that read a value, the unused arguments of prctl options that take
 * one, the new address of mremap without MREMAP_FIXED. */
static int arg_hidden(const struct podshark_call *c, unsigned i)
{
	int32_t cmd, option;

	switch (render_rule(c)) {
	case PODSHARK_RENDER_OPEN_MODE:
		if (c->info->args[i].type != PODSHARK_ARG_MODE)
			return 0;
		return !(arg_raw(c, (unsigned)podshark_syscall_arg_of_type(
					    c->info, PODSHARK_ARG_OPEN_FLAGS)) &
			 (O_CREAT | __O_TMPFILE));
	case PODSHARK_RENDER_FCNTL:
		if (i != 2)
			return 0;
		cmd = (int32_t)arg_raw(c, 1);
		return cmd == F_GETFD || cmd == F_GETFL || cmd == F_GETOWN || cmd == F_GETSIG ||
		       cmd == F_GETLEASE || cmd == F_GETPIPE_SZ || cmd == F_GET_SEALS;
	case PODSHARK_RENDER_MREMAP_FIXED:
		return i == 4 && !(arg_raw(c, 3) & MREMAP_FIXED);
	case PODSHARK_RENDER_PRCTL:
		if (i < 2)
			return 0;
		option = (int32_t)arg_raw(c, 0);
		return option == PR_CAPBSET_READ || option == PR_CAPBSET_DROP ||
		       option == PR_SET_PDEATHSIG;
	default:
		return 0;
	}
}

/* The option names of a setsockopt/getsockopt level, or NULL. */
static const struct podshark_const *sockopt_names(int32_t level)
{
	switch (level) {
	case SOL_SOCKET:
		return podshark_const_so_option;
	case SOL_IP:
		return podshark_const_ip_option;
	case SOL_IPV6:
		return podshark_const_ipv6_option;
	case SOL_TCP:
		return podshark_const_tcp_option;
	case SOL_UDP:
		return podshark_const_udp_option;
	case SOL_NETLINK:
		return podshark_const_netlink_option;
	default:
		return NULL;
	}
}

/* Whether a futex op compares val3 as a bitset with the waiters'. */
static int futex_op_has_bitset(uint32_t op)
{
	uint32_t cmd = op & FUTEX_CMD_MASK;

	return cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAKE_BITSET;
}

/* Arguments whose meaning depends on another one, as strace shows them, by
 * the call's rendering rule.  Returns 1 when it wrote the argument. */
static int out_arg_in_context(struct out *o, const struct podshark_call *c, unsigned i)
{
	uint32_t value = (uint32_t)arg_raw(c, i);
	int32_t other = (int32_t)arg_raw(c, 0);
	const struct podshark_syscall_rec *sc = &c->rec->u.sc;

	/* an io_uring request on the ring's registered files names them by index */
	if ((sc->flags & PODSHARK_SC_IO_URING) && (sc->uring & PODSHARK_URING_FIXED_FILE) &&
	    c->info->args[i].type == PODSHARK_ARG_FD) {
		out_fmt(o, "fixed:%d", (int32_t)value);
		return 1;
	}
	switch (render_rule(c)) {
	case PODSHARK_RENDER_SOCKET_PROTOCOL:
		if (i != 2)
			return 0;
		if (other == AF_INET || other == AF_INET6)
			out_enum(o, podshark_const_ip_proto, (int32_t)value);
		else if (other == AF_NETLINK)
			out_enum(o, podshark_const_netlink_proto, (int32_t)value);
		else if (other == AF_PACKET) {
			out_str(o, "htons(");
			out_enum(o, podshark_const_eth_proto, ntohs((uint16_t)value));
			out_str(o, ")");
		} else
			return 0;
		return 1;
	case PODSHARK_RENDER_SOCKOPT: {
		const struct podshark_const *names;

		if (i != 2 || !(names = sockopt_names((int32_t)arg_raw(c, 1))))
			return 0;
		out_enum(o, names, (int32_t)value);
		return 1;
	}
	case PODSHARK_RENDER_FUTEX_BITSET:
		if (i != 5 || !futex_op_has_bitset((uint32_t)arg_raw(c, 1)))
			return 0;
		out_enum_hex(o, podshark_const_futex_bitset, value);
		return 1;
	case PODSHARK_RENDER_AT_EACCESS: {
		/* AT_EACCESS has the bit of AT_REMOVEDIR, which the table names */
		uint32_t eaccess =
			(uint32_t)const_value(podshark_const_at_eaccess, "AT_EACCESS", 0);

		if (i != 3)
			return 0;
		out_flags(o, podshark_const_at_flags, value & ~eaccess, 0);
		if (eaccess && (value & eaccess))
			out_str(o, value & ~eaccess ? "|AT_EACCESS" : "AT_EACCESS");
		return 1;
	}
	case PODSHARK_RENDER_SOCK_FLAGS:
		if (i != 3)
			return 0;
		out_flags_ordered(o, podshark_const_sock_type_flags, value, 0, BY_HEADER);
		return 1;
	case PODSHARK_RENDER_PRCTL:
		if (i != 1)
			return 0;
		if (other == PR_CAPBSET_READ || other == PR_CAPBSET_DROP)
			out_enum(o, podshark_const_capability, (int32_t)value);
		else if (other == PR_SET_PDEATHSIG)
			out_signal(o, (int32_t)value);
		else
			return 0;
		return 1;
	case PODSHARK_RENDER_FCNTL:
		if (i != 2)
			return 0;
		other = (int32_t)arg_raw(c, 1);
		if (other == F_SETFL)
			out_open_flags(o, value, c->arch);
		else if (other == F_SETFD && value == FD_CLOEXEC)
			out_str(o, "FD_CLOEXEC");
		else if (other == F_DUPFD || other == F_DUPFD_CLOEXEC || other == F_SETFD)
			out_fmt(o, "%d", (int)value);
		else
			return 0;
		return 1;
	default:
		return 0;
	}
}

static int wait_status_arg(const struct podshark_call *c, unsigned i)
{
	return c->info->args[i].role == PODSHARK_ROLE_WAIT_STATUS;
}

static void out_arg(struct out *o, const struct podshark_call *c, unsigned i, enum str_style style)
{
	int type = c->info->args[i].type;
	struct podshark_mem_item m;

	if (podshark_call_mem(c, i, &m)) {
		if (m.mem.flags & PODSHARK_MEM_FAULT)
			out_ptr(o, word(arg_raw(c, i), c->arch));
		else
			out_mem_item(o, &m, style, wait_status_arg(c, i));
		return;
	}
	if (!out_arg_in_context(o, c, i))
		out_value(o, type, arg_raw(c, i), c->arch);
}

/* A call still in the kernel shows its arguments up to the first output
 * buffer or address, which it has not written yet. */
static int unwritten_output(const struct podshark_call *c, unsigned i)
{
	int type = c->info->args[i].type;
	struct podshark_mem_item m;

	return (type == PODSHARK_ARG_BUF || type == PODSHARK_ARG_SOCKADDR) &&
	       !podshark_call_mem(c, i, &m);
}

static void out_args(struct out *o, const struct podshark_call *c)
{
	const struct podshark_syscall_rec *sc = &c->rec->u.sc;
	int entry_lost = sc->flags & PODSHARK_SC_ENTRY_LOST;
	struct podshark_mem_item m;
	unsigned i;

	for (i = 0; i < c->info->nargs; i++) {
		if (arg_hidden(c, i))
			continue;
		if (i)
			out_str(o, ", ");
		if ((sc->flags & PODSHARK_SC_UNFINISHED) && unwritten_output(c, i)) {
			out_str(o, "...");
			return;
		}
		if (entry_lost &&
		    !(podshark_call_mem(c, i, &m) && (m.mem.flags & PODSHARK_MEM_AT_EXIT)))
			out_str(o, "?");
		else
			out_arg(o, c, i, STYLE_STRACE);
	}
}

/* Calls that return an address, shown in hex as strace does. */
static int returns_address(const struct podshark_call *c)
{
	return c->info && (c->info->flags & PODSHARK_CALL_RETURNS_ADDR);
}

static void out_ret(struct out *o, const struct podshark_call *c)
{
	const struct podshark_syscall_rec *sc = &c->rec->u.sc;
	int64_t ret = sc->ret;
	const char *err;

	if (sc->flags & PODSHARK_SC_NORETURN) {
		out_str(o, " = ?");
		return;
	}
	if (sc->flags & PODSHARK_SC_UNFINISHED) {
		out_str(o, " = ? <unfinished>");
		return;
	}
	if (is_32bit(c->arch))
		ret = (int32_t)ret;
	if (ret < 0 && ret >= -MAX_ERRNO) {
		err = podshark_errno_name((int)-ret);
		if (err) {
			out_str(o, " = -1 ");
			out_str(o, err);
		} else {
			out_fmt(o, " = -1 errno %d", (int)-ret);
		}
	} else if (render_rule(c) == PODSHARK_RENDER_FCNTL &&
		   ((int32_t)arg_raw(c, 1) == F_GETFL || (int32_t)arg_raw(c, 1) == F_GETFD)) {
		/* strace: = 0x802 (flags O_RDWR|O_NONBLOCK) */
		out_fmt(o, " = %#llx (flags ", (unsigned long long)ret);
		if ((int32_t)arg_raw(c, 1) == F_GETFL)
			out_open_flags(o, (uint32_t)ret, c->arch);
		else if (ret == FD_CLOEXEC)
			out_str(o, "FD_CLOEXEC");
		else
			out_fmt(o, "%#llx", (unsigned long long)ret);
		out_str(o, ")");
	} else if (returns_address(c)) {
		out_fmt(o, " = %#llx", (unsigned long long)word((uint64_t)ret, c->arch));
	} else {
		out_fmt(o, " = %lld", (long long)ret);
	}
}

size_t podshark_render_call(const struct podshark_decoded *rec, const void *recbuf, char *buf,
			    size_t len)
{
	struct out o = out_init(buf, len);
	struct podshark_call c;
	unsigned i;

	if (podshark_call_init(&c, rec, recbuf) != 0)
		return out_finish(&o);
	if (rec->u.sc.flags & PODSHARK_SC_IO_URING)
		out_str(&o, "io_uring ");
	if (c.info) {
		out_str(&o, c.info->name);
		out_str(&o, "(");
		out_args(&o, &c);
	} else if (rec->u.sc.flags & PODSHARK_SC_IO_URING) {
		/* an operation no call stands for: its name and its fd */
		const struct podshark_uring_op *op = podshark_uring_op(PODSHARK_URING_OP(rec->u.sc.uring));

		if (op)
			out_fmt(&o, "%s(", op->name);
		else
			out_fmt(&o, "op_%u(", PODSHARK_URING_OP(rec->u.sc.uring));
		if (rec->u.sc.flags & PODSHARK_SC_UNDECODED)
			out_str(&o, "<not decoded>");
		else
			out_fmt(&o, "%d", (int)arg_raw(&c, 0));
	} else {
		/* unknown to this build: the number and the six registers */
		out_fmt(&o, "syscall_%u(", rec->u.sc.nr);
		for (i = 0; i < PODSHARK_MAX_ARGS; i++)
			out_fmt(&o, i ? ", %#llx" : "%#llx",
				(unsigned long long)word(arg_raw(&c, i), c.arch));
	}
	out_str(&o, ")");
	out_ret(&o, &c);
	return out_finish(&o);
}

size_t podshark_render_args(const struct podshark_decoded *rec, const void *recbuf, char *buf,
			    size_t len)
{
	struct out o = out_init(buf, len);
	int entry_lost;
	struct podshark_mem_item m;
	struct podshark_call c;
	unsigned i;

	if (podshark_call_init(&c, rec, recbuf) != 0 || !c.info)
		return out_finish(&o);
	entry_lost = rec->u.sc.flags & PODSHARK_SC_ENTRY_LOST;
	for (i = 0; i < c.info->nargs; i++) {
		if (i)
			out_str(&o, " ");
		out_str(&o, c.info->args[i].name);
		out_str(&o, "=");
		if (entry_lost &&
		    !(podshark_call_mem(&c, i, &m) && (m.mem.flags & PODSHARK_MEM_AT_EXIT)))
			out_str(&o, "?");
		else
			out_arg(&o, &c, i, STYLE_ARGS);
	}
	return out_finish(&o);
}
