/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The differences between the Wireshark versions the plugin is built for
 * (4.0, 4.4, 4.6), in one place.
 */
#ifndef PODSHARK_WS_COMPAT_H
#define PODSHARK_WS_COMPAT_H

#include <epan/dfilter/dfilter.h>
#include <epan/proto.h>
#include <ws_version.h>

#define PODSHARK_WS_AT_LEAST(major, minor) \
	(WIRESHARK_VERSION_MAJOR > (major) || \
	 (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

/* 4.2 added plugin_describe() and installs the header that declares its flags. */
#if PODSHARK_WS_AT_LEAST(4, 2)
#include <wsutil/plugins.h>
#define PODSHARK_WS_HAS_PLUGIN_DESCRIBE 1
#else
#define PODSHARK_WS_HAS_PLUGIN_DESCRIBE 0
#endif

/* 4.2 added the section number to the interface look-ups (a file may have
 * several sections, each with its own interfaces). */
#if PODSHARK_WS_AT_LEAST(4, 2)
#define PODSHARK_INTERFACE_DESCRIPTION(pinfo, id) \
	epan_get_interface_description((pinfo)->epan, (id), (pinfo)->rec->section_number)
#else
#define PODSHARK_INTERFACE_DESCRIPTION(pinfo, id) \
	epan_get_interface_description((pinfo)->epan, (id))
#endif

/* 4.6 renamed dissector_try_uint_new() and deprecated the old name. */
#if !PODSHARK_WS_AT_LEAST(4, 6)
#define dissector_try_uint_with_data dissector_try_uint_new
#endif

/*
 * The protocols of the Falco field families (evt, proc, fd, user, group, container, k8s).
 * Wireshark 4.6's falco-events.so (Debian ships it) registers the protocols evt, fd, user,
 * group and container and the fields proc.name, evt.type, ... in its own register_protoinfo.
 * A filter name can be registered once (a second time aborts Wireshark), so podshark shares
 * the protocol that exists.  Fields may share a name: a filter on it matches the fields of
 * both plugins.  Which plugin registers first follows the order Wireshark reads its plugin
 * folders in, so plugin.c registers podshark's protocols in the handoff phase, after every
 * plugin's protocols: then the protocol always exists here when falco-events is loaded, and
 * proto_registrar_get_id_byname() finds podshark's field of a shared name (the last one
 * registered) rather than falco-events' one.
 */
static inline int podshark_register_field_protocol(const char *name, const char *short_name,
						   const char *filter_name)
{
	int proto = proto_get_id_by_filter_name(filter_name);

	if (proto != -1)
		return proto;
	return proto_register_protocol(name, short_name, filter_name);
}

/* Renames between 4.0, 4.4 and 4.6: the code uses the newest names. */
#if !PODSHARK_WS_AT_LEAST(4, 2)
#define wmem_strbuf_new_sized(allocator, size) wmem_strbuf_sized_new((allocator), (size), 0)
#define tvb_get_uint8 tvb_get_guint8
#endif
#if !PODSHARK_WS_AT_LEAST(4, 6)
#define pletohu16 pletoh16
#define pletohu32 pletoh32
#define pntohu16 pntoh16
#define PODSHARK_VAL_TO_STR(scope, val, vs, fmt) val_to_str((val), (vs), (fmt))
#else
#define PODSHARK_VAL_TO_STR(scope, val, vs, fmt) val_to_str((scope), (val), (vs), (fmt))
#endif
#if PODSHARK_WS_AT_LEAST(4, 2)
#define PODSHARK_CONV_FILTER_USER_DATA , void *user_data _U_
#define PODSHARK_CONV_FILTER_VALID bool
#define PODSHARK_REGISTER_CONVERSATION_FILTER(proto, name, valid, build) \
	register_conversation_filter((proto), (name), (valid), (build), NULL)
#else
#define PODSHARK_CONV_FILTER_USER_DATA
#define PODSHARK_CONV_FILTER_VALID gboolean
#define PODSHARK_REGISTER_CONVERSATION_FILTER(proto, name, valid, build) \
	register_conversation_filter((proto), (name), (valid), (build))
#endif

/* 4.2 made "//" the separator of menu levels in a stats tree's name. */
#ifdef STATS_TREE_MENU_SEPARATOR
#define PODSHARK_MENU_SEP STATS_TREE_MENU_SEPARATOR
#else
#define PODSHARK_MENU_SEP "/"
#endif

/* Compiles a display filter without expanding dfilter macros ("${...}" in a
 * Falco value is text); false with *err (g_free) when it does not compile.
 * 4.2 reports errors in a df_error_t. */
#if PODSHARK_WS_AT_LEAST(4, 2)
static inline bool podshark_dfilter_compile(const char *text, dfilter_t **df, char **err)
{
	df_error_t *error = NULL;
	bool ok = dfilter_compile_full(text, df, &error, DF_OPTIMIZE, __func__);

	*err = error ? g_strdup(error->msg) : NULL;
	if (error)
		df_error_free(&error);
	return ok;
}
#else
static inline bool podshark_dfilter_compile(const char *text, dfilter_t **df, char **err)
{
	*err = NULL;
	return dfilter_compile_real(text, df, err, NULL, __func__, FALSE, FALSE);
}
#endif

/* 4.2 made a field_info's value a pointer. */
#if PODSHARK_WS_AT_LEAST(4, 2)
#define PODSHARK_FINFO_VALUE(fi) ((fi)->value)
#else
#define PODSHARK_FINFO_VALUE(fi) (&(fi)->value)
#endif

#endif /* PODSHARK_WS_COMPAT_H */
