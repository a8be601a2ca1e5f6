/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "iface_desc.h"

#include <stdio.h>
#include <string.h>

static const char separator[] = "; ";

size_t podshark_iface_desc_start(char *buf, size_t len)
{
	return (size_t)snprintf(buf, len, "%s", PODSHARK_IFACE_DESC_MARKER);
}

static void put(char *buf, size_t len, size_t *off, char c)
{
	if (*off + 1 < len) {
		buf[*off] = c;
		buf[*off + 1] = '\0';
	}
	(*off)++;
}

size_t podshark_iface_desc_add(char *buf, size_t len, size_t off, const char *key,
			       const char *value)
{
	if (!value || !*value)
		return off;
	for (const char *p = separator; *p; p++)
		put(buf, len, &off, *p);
	for (const char *p = key; *p; p++)
		put(buf, len, &off, *p);
	put(buf, len, &off, '=');
	for (const char *p = value; *p; p++) {
		if (*p == '\\' || *p == ';')
			put(buf, len, &off, '\\');
		put(buf, len, &off, *p);
	}
	return off;
}

bool podshark_iface_desc_is_ours(const char *desc)
{
	size_t n = strlen(PODSHARK_IFACE_DESC_MARKER);

	return desc && strncmp(desc, PODSHARK_IFACE_DESC_MARKER, n) == 0 &&
	       (desc[n] == '\0' || desc[n] == ';');
}

bool podshark_iface_desc_next(const char **cursor, char *key, size_t keylen, char *value,
			      size_t valuelen)
{
	const char *p = *cursor;
	size_t k = 0, v = 0;

	if (keylen == 0 || valuelen == 0)
		return false;
	if (p == NULL)
		return false;
	if (strncmp(p, PODSHARK_IFACE_DESC_MARKER, strlen(PODSHARK_IFACE_DESC_MARKER)) == 0)
		p += strlen(PODSHARK_IFACE_DESC_MARKER);
	while (*p == ';' || *p == ' ')
		p++;
	if (!*p)
		return false;
	while (*p && *p != '=' && *p != ';') {
		if (k + 1 < keylen)
			key[k++] = *p;
		p++;
	}
	key[k] = '\0';
	if (*p == '=')
		p++;
	while (*p && *p != ';') {
		if (*p == '\\' && p[1])
			p++;
		if (v + 1 < valuelen)
			value[v++] = *p;
		p++;
	}
	value[v] = '\0';
	*cursor = p;
	return true;
}
