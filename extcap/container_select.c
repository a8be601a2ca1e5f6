/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "container_select.h"

#include <glib.h>

bool container_select_active(const struct container_select *sel)
{
	return sel->containers || sel->pods || sel->namespaces || sel->containers_only;
}

static bool any_match(char **globs, const char *value)
{
	if (!globs || !value)
		return false;
	for (char **g = globs; *g; g++)
		if (g_pattern_match_simple(*g, value))
			return true;
	return false;
}

bool container_select_match(const struct container_select *sel, const struct container_meta *m)
{
	bool matched = false;

	if (!container_select_active(sel))
		return true;
	if (!m || m->runtime == CONTAINER_RUNTIME_NONE)
		return false;
	if (sel->containers_only)
		matched = true;
	if (any_match(sel->containers, m->name) || any_match(sel->containers, m->short_id) ||
	    any_match(sel->containers, m->full_id))
		matched = true;
	if (any_match(sel->namespaces, m->pod_namespace))
		matched = true;
	if (sel->pods && m->pod_name) {
		char *qualified = g_strdup_printf("%s/%s", m->pod_namespace ? m->pod_namespace : "",
						  m->pod_name);

		if (any_match(sel->pods, m->pod_name) || any_match(sel->pods, qualified))
			matched = true;
		g_free(qualified);
	}
	return matched;
}
