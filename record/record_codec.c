/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Encoder and decoder of podshark records.  Every multi-byte field goes
 * through the explicit little-endian helpers below, never through a memcpy of
 * a struct, so the code is right whatever the host byte order.  The wire
 * offsets are those of the record structs of podshark_record.h (naturally
 * aligned, checked by its _Static_asserts), hence offsetof().
 */
#include "record_codec.h"

#include <sys/socket.h>

#include <stddef.h>
#include <string.h>

static uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, (uint16_t)v);
	put_le16(p + 2, (uint16_t)(v >> 16));
}

static void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

/* The fixed part of one record as the decoder sees it: fields that end past
 * fixed_len were not written (older writer) and read as zero. */
struct fixed_part {
	const uint8_t *p;
	size_t len;
};

static uint16_t fixed_u16(const struct fixed_part *f, size_t off)
{
	return off + 2 <= f->len ? get_le16(f->p + off) : 0;
}

static uint32_t fixed_u32(const struct fixed_part *f, size_t off)
{
	return off + 4 <= f->len ? get_le32(f->p + off) : 0;
}

static uint64_t fixed_u64(const struct fixed_part *f, size_t off)
{
	return off + 8 <= f->len ? get_le64(f->p + off) : 0;
}

#define SC_OFF(field) offsetof(struct podshark_syscall_rec, field)
#define LOSS_OFF(field) offsetof(struct podshark_loss_rec, field)
#define PROC_OFF(field) offsetof(struct podshark_proc_rec, field)
#define FD_OFF(field) offsetof(struct podshark_fd_rec, field)
#define SOCK_OFF(field) offsetof(struct podshark_sock_rec, field)
#define TUPLE_OFF(field) offsetof(struct podshark_sock_tuple, field)
#define NODE_OFF(field) offsetof(struct podshark_node_rec, field)

/* The name and fixed length of each record type, from the one list. */
static const struct rec_type_info {
	unsigned type;
	const char *name;
	size_t fixed_len;
} rec_types[] = {
#define REC_TYPE_INFO(name_, value, text, fixed_len_) { value, text, fixed_len_ },
	PODSHARK_REC_TYPES(REC_TYPE_INFO)
#undef REC_TYPE_INFO
};

static const struct rec_type_info *rec_type_info(unsigned type)
{
	size_t i;

	for (i = 0; i < sizeof(rec_types) / sizeof(rec_types[0]); i++)
		if (rec_types[i].type == type)
			return &rec_types[i];
	return NULL;
}

const char *podshark_rec_type_name(unsigned type)
{
	const struct rec_type_info *info = rec_type_info(type);

	return info ? info->name : NULL;
}

/* A string field of a fixed part (comm): the bytes the record has, the rest zero. */
static void fixed_chars(const struct fixed_part *f, size_t off, char *out, size_t len)
{
	if (off < f->len)
		memcpy(out, f->p + off, f->len - off < len ? f->len - off : len);
}

static void decode_syscall(const struct fixed_part *f, struct podshark_syscall_rec *sc)
{
	size_t i;

	sc->evt_num = fixed_u64(f, SC_OFF(evt_num));
	sc->entry_ns = fixed_u64(f, SC_OFF(entry_ns));
	sc->latency_ns = fixed_u64(f, SC_OFF(latency_ns));
	sc->ret = (__s64)fixed_u64(f, SC_OFF(ret));
	for (i = 0; i < 6; i++)
		sc->args[i] = fixed_u64(f, SC_OFF(args) + 8 * i);
	sc->cgroup_id = fixed_u64(f, SC_OFF(cgroup_id));
	sc->nr = fixed_u32(f, SC_OFF(nr));
	sc->arch = fixed_u16(f, SC_OFF(arch));
	sc->flags = fixed_u16(f, SC_OFF(flags));
	sc->cpu = fixed_u16(f, SC_OFF(cpu));
	sc->uring = fixed_u16(f, SC_OFF(uring));
	sc->pid = fixed_u32(f, SC_OFF(pid));
	sc->tid = fixed_u32(f, SC_OFF(tid));
	sc->ppid = fixed_u32(f, SC_OFF(ppid));
	sc->vpid = fixed_u32(f, SC_OFF(vpid));
	sc->vtid = fixed_u32(f, SC_OFF(vtid));
	sc->uid = fixed_u32(f, SC_OFF(uid));
	sc->gid = fixed_u32(f, SC_OFF(gid));
	sc->loginuid = fixed_u32(f, SC_OFF(loginuid));
	for (i = 0; i < PODSHARK_NS_COUNT; i++)
		sc->ns_inum[i] = fixed_u32(f, SC_OFF(ns_inum) + 4 * i);
	fixed_chars(f, SC_OFF(comm), sc->comm, PODSHARK_COMM_LEN);
}

static void decode_proc(const struct fixed_part *f, struct podshark_proc_rec *proc)
{
	size_t i;

	proc->evt_num = fixed_u64(f, PROC_OFF(evt_num));
	proc->ts_ns = fixed_u64(f, PROC_OFF(ts_ns));
	proc->cgroup_id = fixed_u64(f, PROC_OFF(cgroup_id));
	proc->kind = fixed_u32(f, PROC_OFF(kind));
	proc->flags = fixed_u32(f, PROC_OFF(flags));
	proc->pid = fixed_u32(f, PROC_OFF(pid));
	proc->tid = fixed_u32(f, PROC_OFF(tid));
	proc->ppid = fixed_u32(f, PROC_OFF(ppid));
	proc->vpid = fixed_u32(f, PROC_OFF(vpid));
	proc->uid = fixed_u32(f, PROC_OFF(uid));
	proc->gid = fixed_u32(f, PROC_OFF(gid));
	proc->loginuid = fixed_u32(f, PROC_OFF(loginuid));
	proc->tty = fixed_u32(f, PROC_OFF(tty));
	proc->exit_code = (__s32)fixed_u32(f, PROC_OFF(exit_code));
	for (i = 0; i < PODSHARK_NS_COUNT; i++)
		proc->ns_inum[i] = fixed_u32(f, PROC_OFF(ns_inum) + 4 * i);
	fixed_chars(f, PROC_OFF(comm), proc->comm, PODSHARK_COMM_LEN);
}

static void decode_fd(const struct fixed_part *f, struct podshark_fd_rec *fd)
{
	fd->evt_num = fixed_u64(f, FD_OFF(evt_num));
	fd->ts_ns = fixed_u64(f, FD_OFF(ts_ns));
	fd->ino = fixed_u64(f, FD_OFF(ino));
	fd->pid = fixed_u32(f, FD_OFF(pid));
	fd->fd = (__s32)fixed_u32(f, FD_OFF(fd));
	fd->fd_type = fixed_u32(f, FD_OFF(fd_type));
	fd->open_flags = fixed_u32(f, FD_OFF(open_flags));
}

static void decode_tuple(const uint8_t *v, struct podshark_sock_tuple *t)
{
	t->family = get_le16(v + TUPLE_OFF(family));
	t->l4proto = v[TUPLE_OFF(l4proto)];
	t->state = v[TUPLE_OFF(state)];
	/* ports and addresses stay in network byte order */
	memcpy(&t->sport, v + TUPLE_OFF(sport), 2);
	memcpy(&t->dport, v + TUPLE_OFF(dport), 2);
	memcpy(t->saddr, v + TUPLE_OFF(saddr), 16);
	memcpy(t->daddr, v + TUPLE_OFF(daddr), 16);
	t->ino = get_le64(v + TUPLE_OFF(ino));
}

static void decode_sock(const struct fixed_part *f, struct podshark_sock_rec *sock)
{
	sock->evt_num = fixed_u64(f, SOCK_OFF(evt_num));
	sock->ts_ns = fixed_u64(f, SOCK_OFF(ts_ns));
	sock->cgroup_id = fixed_u64(f, SOCK_OFF(cgroup_id));
	sock->pid = fixed_u32(f, SOCK_OFF(pid));
	sock->tid = fixed_u32(f, SOCK_OFF(tid));
	sock->uid = fixed_u32(f, SOCK_OFF(uid));
	sock->netns = fixed_u32(f, SOCK_OFF(netns));
	sock->old_state = fixed_u16(f, SOCK_OFF(old_state));
	sock->new_state = fixed_u16(f, SOCK_OFF(new_state));
	sock->reserved = fixed_u32(f, SOCK_OFF(reserved));
	fixed_chars(f, SOCK_OFF(comm), sock->comm, PODSHARK_COMM_LEN);
	if (SOCK_OFF(tuple) + sizeof(sock->tuple) <= f->len)
		decode_tuple(f->p + SOCK_OFF(tuple), &sock->tuple);
}

static void decode_node(const struct fixed_part *f, struct podshark_node_rec *node)
{
	node->ts_ns = fixed_u64(f, NODE_OFF(ts_ns));
	node->clock_offset_ns = (__s64)fixed_u64(f, NODE_OFF(clock_offset_ns));
	node->kind = fixed_u32(f, NODE_OFF(kind));
	node->reserved = fixed_u32(f, NODE_OFF(reserved));
	node->bytes = fixed_u64(f, NODE_OFF(bytes));
}

static void decode_loss(const struct fixed_part *f, struct podshark_loss_rec *loss)
{
	loss->evt_num = fixed_u64(f, LOSS_OFF(evt_num));
	loss->ring_full = fixed_u64(f, LOSS_OFF(ring_full));
	loss->oversize = fixed_u64(f, LOSS_OFF(oversize));
	loss->user_dropped = fixed_u64(f, LOSS_OFF(user_dropped));
	loss->sampled_out = fixed_u64(f, LOSS_OFF(sampled_out));
}

/* Bytes of one extension item with its value and padding. */
static size_t ext_item_len(uint16_t value_len)
{
	size_t len = sizeof(struct podshark_ext_hdr) + value_len;

	return (len + PODSHARK_EXT_ALIGN - 1) & ~(size_t)(PODSHARK_EXT_ALIGN - 1);
}

int podshark_ext_item_at(const uint8_t *p, size_t left, uint16_t *type, const uint8_t **value,
			 uint16_t *value_len, size_t *item_len)
{
	uint16_t len;

	if (left < sizeof(struct podshark_ext_hdr))
		return -1;
	len = get_le16(p + 2);
	if (ext_item_len(len) > left)
		return -1;
	*type = get_le16(p);
	*value_len = len;
	*value = p + sizeof(struct podshark_ext_hdr);
	*item_len = ext_item_len(len);
	return 0;
}

int podshark_ext_next(const void *buf, const struct podshark_decoded *rec, size_t *pos,
		      uint16_t *type, const uint8_t **value, uint16_t *value_len)
{
	size_t end = rec->ext_offset + rec->ext_len, item_len;

	if (*pos == end)
		return 0;
	if (*pos < rec->ext_offset || *pos > end ||
	    podshark_ext_item_at((const uint8_t *)buf + *pos, end - *pos, type, value, value_len,
				 &item_len) != 0)
		return -1;
	*pos += item_len;
	return 1;
}

int podshark_ext_is_mem(uint16_t type)
{
	return (type >= PODSHARK_EXT_STR && type <= PODSHARK_EXT_INT_OUT) ||
	       type == PODSHARK_EXT_STRUCT;
}

int podshark_mem_item_parse(uint16_t type, const uint8_t *value, size_t value_len,
			    struct podshark_mem_item *m)
{
	if (!podshark_ext_is_mem(type) ||
	    value_len < sizeof(struct podshark_ext_mem))
		return -1;
	m->type = type;
	m->mem.arg = value[0];
	m->mem.flags = value[1];
	m->mem.count = get_le16(value + 2);
	m->mem.full_len = get_le32(value + 4);
	m->data = value + sizeof(struct podshark_ext_mem);
	m->data_len = value_len - sizeof(struct podshark_ext_mem);
	return 0;
}

int podshark_find_mem(const void *buf, const struct podshark_decoded *rec, unsigned arg,
		      int prefer_exit, struct podshark_mem_item *out)
{
	size_t pos = rec->ext_offset;
	const uint8_t *value;
	uint16_t type, value_len;
	struct podshark_mem_item m;
	int have = 0;

	while (podshark_ext_next(buf, rec, &pos, &type, &value, &value_len) == 1) {
		if (podshark_mem_item_parse(type, value, value_len, &m) != 0 || m.mem.arg != arg)
			continue;
		if (!have || (prefer_exit && (m.mem.flags & PODSHARK_MEM_AT_EXIT))) {
			*out = m;
			have = 1;
		}
	}
	return have;
}

int podshark_sock_tuple_parse(const uint8_t *value, size_t value_len,
			      struct podshark_sock_tuple *out)
{
	if (value_len < sizeof(*out))
		return -1;
	decode_tuple(value, out);
	return 0;
}

int podshark_find_sock_tuple(const void *buf, const struct podshark_decoded *rec,
			     struct podshark_sock_tuple *out)
{
	size_t pos = rec->ext_offset;
	const uint8_t *value;
	uint16_t type, value_len;

	while (podshark_ext_next(buf, rec, &pos, &type, &value, &value_len) == 1)
		if (type == PODSHARK_EXT_SOCK_TUPLE &&
		    podshark_sock_tuple_parse(value, value_len, out) == 0)
			return 1;
	return 0;
}

/* Walks all extensions once so that a malformed one is reported by the decoder
 * itself, not only by whoever iterates later. */
static int extensions_well_formed(const void *buf, const struct podshark_decoded *rec)
{
	size_t pos = rec->ext_offset;
	uint16_t type, value_len;
	const uint8_t *value;
	int more;

	while ((more = podshark_ext_next(buf, rec, &pos, &type, &value, &value_len)) == 1)
		;
	return more == 0;
}

enum podshark_decode_status podshark_decode(const void *buf, size_t len,
					    struct podshark_decoded *out)
{
	const uint8_t *p = buf;
	const struct rec_type_info *type;
	struct fixed_part fixed;
	size_t known_len;

	memset(out, 0, sizeof(*out));
	if (len < sizeof(struct podshark_rec_hdr))
		return out->status = PODSHARK_DECODE_TRUNCATED;

	out->hdr.version = p[0];
	out->hdr.type = p[1];
	out->hdr.fixed_len = get_le16(p + 2);
	out->hdr.total_len = get_le32(p + 4);
	if (out->hdr.version != PODSHARK_FORMAT_VERSION)
		return out->status = PODSHARK_DECODE_UNKNOWN_VERSION;
	if (out->hdr.fixed_len < sizeof(struct podshark_rec_hdr) ||
	    out->hdr.fixed_len > out->hdr.total_len)
		return out->status = PODSHARK_DECODE_BAD_LENGTH;
	if (out->hdr.total_len > len)
		return out->status = PODSHARK_DECODE_TRUNCATED;

	out->ext_offset = out->hdr.fixed_len;
	out->ext_len = out->hdr.total_len - out->hdr.fixed_len;
	out->trailing_len = len - out->hdr.total_len;

	type = rec_type_info(out->hdr.type);
	if (!type)
		return out->status = PODSHARK_DECODE_UNKNOWN_TYPE;
	known_len = type->fixed_len;

	fixed.p = p;
	fixed.len = out->hdr.fixed_len < known_len ? out->hdr.fixed_len : known_len;
	out->known_fixed_len = fixed.len;
	out->unknown_fixed_len = out->hdr.fixed_len - fixed.len;
	switch (out->hdr.type) {
	case PODSHARK_REC_SYSCALL:
		out->u.sc.hdr = out->hdr;
		decode_syscall(&fixed, &out->u.sc);
		break;
	case PODSHARK_REC_LOSS:
		out->u.loss.hdr = out->hdr;
		decode_loss(&fixed, &out->u.loss);
		break;
	case PODSHARK_REC_PROC:
		out->u.proc.hdr = out->hdr;
		decode_proc(&fixed, &out->u.proc);
		break;
	case PODSHARK_REC_FD:
		out->u.fd.hdr = out->hdr;
		decode_fd(&fixed, &out->u.fd);
		break;
	case PODSHARK_REC_SOCK:
		out->u.sock.hdr = out->hdr;
		decode_sock(&fixed, &out->u.sock);
		break;
	case PODSHARK_REC_NODE:
		out->u.node.hdr = out->hdr;
		decode_node(&fixed, &out->u.node);
		break;
	}

	if (!extensions_well_formed(buf, out))
		return out->status = PODSHARK_DECODE_BAD_EXTENSION;
	if (fixed.len < known_len)
		return out->status = PODSHARK_DECODE_SHORT_FIXED;
	return out->status = PODSHARK_DECODE_OK;
}

const char *podshark_decode_status_str(enum podshark_decode_status status)
{
	switch (status) {
	case PODSHARK_DECODE_OK:
		return "ok";
	case PODSHARK_DECODE_TRUNCATED:
		return "record truncated";
	case PODSHARK_DECODE_BAD_LENGTH:
		return "inconsistent record lengths";
	case PODSHARK_DECODE_UNKNOWN_VERSION:
		return "unknown format version";
	case PODSHARK_DECODE_UNKNOWN_TYPE:
		return "unknown record type";
	case PODSHARK_DECODE_SHORT_FIXED:
		return "fixed part shorter than known (older writer)";
	case PODSHARK_DECODE_BAD_EXTENSION:
		return "extension runs past the end of the record";
	}
	return "unknown decode status";
}

static void encode_hdr(uint8_t *p, uint8_t type, uint16_t fixed_len, uint32_t total_len)
{
	p[0] = PODSHARK_FORMAT_VERSION;
	p[1] = type;
	put_le16(p + 2, fixed_len);
	put_le32(p + 4, total_len);
}

/* Lays out a record of fixed_len bytes and ext_len bytes of extensions in buf:
 * the extensions after the fixed part (moved first: they may already sit
 * there), the fixed part zeroed, the header written.  Returns the total
 * length, or 0 when buflen is too small. */
static size_t begin_record(uint8_t *p, size_t buflen, uint8_t type, uint16_t fixed_len,
			   const void *ext, size_t ext_len)
{
	size_t total = fixed_len + ext_len;

	if (ext_len > UINT32_MAX - fixed_len || total > buflen)
		return 0;
	if (ext_len)
		memmove(p + fixed_len, ext, ext_len);
	memset(p, 0, fixed_len);
	encode_hdr(p, type, fixed_len, (uint32_t)total);
	return total;
}

size_t podshark_encode_syscall(const struct podshark_syscall_rec *rec, const void *ext,
			       size_t ext_len, void *buf, size_t buflen)
{
	uint8_t *p = buf;
	size_t total = begin_record(p, buflen, PODSHARK_REC_SYSCALL, PODSHARK_SYSCALL_REC_LEN,
				    ext, ext_len);
	size_t i;

	if (!total)
		return 0;
	put_le64(p + SC_OFF(evt_num), rec->evt_num);
	put_le64(p + SC_OFF(entry_ns), rec->entry_ns);
	put_le64(p + SC_OFF(latency_ns), rec->latency_ns);
	put_le64(p + SC_OFF(ret), (uint64_t)rec->ret);
	for (i = 0; i < 6; i++)
		put_le64(p + SC_OFF(args) + 8 * i, rec->args[i]);
	put_le64(p + SC_OFF(cgroup_id), rec->cgroup_id);
	put_le32(p + SC_OFF(nr), rec->nr);
	put_le16(p + SC_OFF(arch), rec->arch);
	put_le16(p + SC_OFF(flags), rec->flags);
	put_le16(p + SC_OFF(cpu), rec->cpu);
	put_le16(p + SC_OFF(uring), rec->uring);
	put_le32(p + SC_OFF(pid), rec->pid);
	put_le32(p + SC_OFF(tid), rec->tid);
	put_le32(p + SC_OFF(ppid), rec->ppid);
	put_le32(p + SC_OFF(vpid), rec->vpid);
	put_le32(p + SC_OFF(vtid), rec->vtid);
	put_le32(p + SC_OFF(uid), rec->uid);
	put_le32(p + SC_OFF(gid), rec->gid);
	put_le32(p + SC_OFF(loginuid), rec->loginuid);
	for (i = 0; i < PODSHARK_NS_COUNT; i++)
		put_le32(p + SC_OFF(ns_inum) + 4 * i, rec->ns_inum[i]);
	memcpy(p + SC_OFF(comm), rec->comm, PODSHARK_COMM_LEN);
	return total;
}

size_t podshark_encode_node(const struct podshark_node_rec *rec, const char *node,
			    const char *message, void *buf, size_t buflen)
{
	const char *strings[2] = { node, message };
	uint8_t *p = buf;
	size_t len = PODSHARK_NODE_REC_LEN;

	if (buflen < len)
		return 0;
	memset(p, 0, len);
	for (uint8_t i = 0; i < 2; i++) {
		struct podshark_ext_mem mem = { .arg = i };

		if (strings[i] && podshark_ext_append_mem(p, buflen, &len, PODSHARK_EXT_STR, &mem,
							  strings[i], strlen(strings[i])))
			return 0;
	}
	encode_hdr(p, PODSHARK_REC_NODE, PODSHARK_NODE_REC_LEN, (uint32_t)len);
	put_le64(p + NODE_OFF(ts_ns), rec->ts_ns);
	put_le64(p + NODE_OFF(clock_offset_ns), (uint64_t)rec->clock_offset_ns);
	put_le32(p + NODE_OFF(kind), rec->kind);
	put_le64(p + NODE_OFF(bytes), rec->bytes);
	return len;
}

size_t podshark_encode_proc(const struct podshark_proc_rec *rec, const void *ext, size_t ext_len,
			    void *buf, size_t buflen)
{
	uint8_t *p = buf;
	size_t total = begin_record(p, buflen, PODSHARK_REC_PROC, PODSHARK_PROC_REC_LEN, ext,
				    ext_len);
	size_t i;

	if (!total)
		return 0;
	put_le64(p + PROC_OFF(evt_num), rec->evt_num);
	put_le64(p + PROC_OFF(ts_ns), rec->ts_ns);
	put_le64(p + PROC_OFF(cgroup_id), rec->cgroup_id);
	put_le32(p + PROC_OFF(kind), rec->kind);
	put_le32(p + PROC_OFF(flags), rec->flags);
	put_le32(p + PROC_OFF(pid), rec->pid);
	put_le32(p + PROC_OFF(tid), rec->tid);
	put_le32(p + PROC_OFF(ppid), rec->ppid);
	put_le32(p + PROC_OFF(vpid), rec->vpid);
	put_le32(p + PROC_OFF(uid), rec->uid);
	put_le32(p + PROC_OFF(gid), rec->gid);
	put_le32(p + PROC_OFF(loginuid), rec->loginuid);
	put_le32(p + PROC_OFF(tty), rec->tty);
	put_le32(p + PROC_OFF(exit_code), (uint32_t)rec->exit_code);
	for (i = 0; i < PODSHARK_NS_COUNT; i++)
		put_le32(p + PROC_OFF(ns_inum) + 4 * i, rec->ns_inum[i]);
	memcpy(p + PROC_OFF(comm), rec->comm, PODSHARK_COMM_LEN);
	return total;
}

size_t podshark_encode_fd(const struct podshark_fd_rec *rec, const void *ext, size_t ext_len,
			  void *buf, size_t buflen)
{
	uint8_t *p = buf;
	size_t total = begin_record(p, buflen, PODSHARK_REC_FD, PODSHARK_FD_REC_LEN, ext, ext_len);

	if (!total)
		return 0;
	put_le64(p + FD_OFF(evt_num), rec->evt_num);
	put_le64(p + FD_OFF(ts_ns), rec->ts_ns);
	put_le64(p + FD_OFF(ino), rec->ino);
	put_le32(p + FD_OFF(pid), rec->pid);
	put_le32(p + FD_OFF(fd), (uint32_t)rec->fd);
	put_le32(p + FD_OFF(fd_type), rec->fd_type);
	put_le32(p + FD_OFF(open_flags), rec->open_flags);
	return total;
}

void podshark_encode_sock_tuple(const struct podshark_sock_tuple *t, void *value)
{
	uint8_t *v = value;

	memset(v, 0, sizeof(*t));
	put_le16(v + TUPLE_OFF(family), t->family);
	v[TUPLE_OFF(l4proto)] = t->l4proto;
	v[TUPLE_OFF(state)] = t->state;
	/* ports and addresses are in network byte order already */
	memcpy(v + TUPLE_OFF(sport), &t->sport, 2);
	memcpy(v + TUPLE_OFF(dport), &t->dport, 2);
	memcpy(v + TUPLE_OFF(saddr), t->saddr, 16);
	memcpy(v + TUPLE_OFF(daddr), t->daddr, 16);
	put_le64(v + TUPLE_OFF(ino), t->ino);
}

size_t podshark_encode_sock(const struct podshark_sock_rec *rec, void *buf, size_t buflen)
{
	uint8_t *p = buf;
	size_t total = begin_record(p, buflen, PODSHARK_REC_SOCK, PODSHARK_SOCK_REC_LEN, NULL, 0);

	if (!total)
		return 0;
	put_le64(p + SOCK_OFF(evt_num), rec->evt_num);
	put_le64(p + SOCK_OFF(ts_ns), rec->ts_ns);
	put_le64(p + SOCK_OFF(cgroup_id), rec->cgroup_id);
	put_le32(p + SOCK_OFF(pid), rec->pid);
	put_le32(p + SOCK_OFF(tid), rec->tid);
	put_le32(p + SOCK_OFF(uid), rec->uid);
	put_le32(p + SOCK_OFF(netns), rec->netns);
	put_le16(p + SOCK_OFF(old_state), rec->old_state);
	put_le16(p + SOCK_OFF(new_state), rec->new_state);
	put_le32(p + SOCK_OFF(reserved), rec->reserved);
	memcpy(p + SOCK_OFF(comm), rec->comm, PODSHARK_COMM_LEN);
	podshark_encode_sock_tuple(&rec->tuple, p + SOCK_OFF(tuple));
	return total;
}

size_t podshark_encode_loss(const struct podshark_loss_rec *rec, void *buf, size_t buflen)
{
	uint8_t *p = buf;

	if (buflen < PODSHARK_LOSS_REC_LEN)
		return 0;
	encode_hdr(p, PODSHARK_REC_LOSS, PODSHARK_LOSS_REC_LEN, PODSHARK_LOSS_REC_LEN);
	put_le64(p + LOSS_OFF(evt_num), rec->evt_num);
	put_le64(p + LOSS_OFF(ring_full), rec->ring_full);
	put_le64(p + LOSS_OFF(oversize), rec->oversize);
	put_le64(p + LOSS_OFF(user_dropped), rec->user_dropped);
	put_le64(p + LOSS_OFF(sampled_out), rec->sampled_out);
	return PODSHARK_LOSS_REC_LEN;
}

int podshark_ext_append(void *buf, size_t bufsize, size_t *len, uint16_t type,
			const void *value, size_t value_len)
{
	uint8_t *p = buf;
	size_t item_len;

	if (value_len > UINT16_MAX || *len > bufsize)
		return -1;
	item_len = ext_item_len((uint16_t)value_len);
	if (item_len > bufsize - *len)
		return -1;
	p += *len;
	put_le16(p, type);
	put_le16(p + 2, (uint16_t)value_len);
	if (value_len && value)
		memcpy(p + sizeof(struct podshark_ext_hdr), value, value_len);
	memset(p + sizeof(struct podshark_ext_hdr) + value_len, 0,
	       item_len - sizeof(struct podshark_ext_hdr) - value_len);
	*len += item_len;
	return 0;
}

int podshark_ext_append_mem(void *buf, size_t bufsize, size_t *len, uint16_t type,
			    const struct podshark_ext_mem *mem, const void *data, size_t data_len)
{
	uint8_t *value;
	size_t start = *len;

	if (data_len > UINT16_MAX - sizeof(*mem))
		return -1;
	/* the item's header and padding first, then its value in place */
	if (podshark_ext_append(buf, bufsize, len, type, NULL, sizeof(*mem) + data_len))
		return -1;
	value = (uint8_t *)buf + start + sizeof(struct podshark_ext_hdr);
	value[0] = mem->arg;
	value[1] = mem->flags;
	put_le16(value + 2, mem->count);
	put_le32(value + 4, mem->full_len);
	if (data_len)
		memmove(value + sizeof(*mem), data, data_len);
	return 0;
}

uint32_t podshark_fd_type_of_family(uint32_t family)
{
	switch (family) {
	case AF_INET:
		return PODSHARK_FD_IPV4;
	case AF_INET6:
		return PODSHARK_FD_IPV6;
	case AF_UNIX:
		return PODSHARK_FD_UNIX;
	case AF_NETLINK:
		return PODSHARK_FD_NETLINK;
	}
	return PODSHARK_FD_OTHER;
}
