/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "privileges.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#define MAX_CAPS 8

struct cap_list {
	cap_value_t caps[MAX_CAPS];
	int n;
};

static bool contains(const struct cap_list *l, cap_value_t cap)
{
	for (int i = 0; i < l->n; i++)
		if (l->caps[i] == cap)
			return true;
	return false;
}

/* Adds cap when the process has it (in its permitted set). */
static void add_if_permitted(struct cap_list *l, cap_t now, cap_value_t cap)
{
	cap_flag_value_t v = CAP_CLEAR;

	if (!contains(l, cap) && cap_get_flag(now, cap, CAP_PERMITTED, &v) == 0 && v == CAP_SET)
		l->caps[l->n++] = cap;
}

/* Makes permitted exactly *permitted and effective exactly *effective;
 * inheritable empty. */
static int set_caps(const struct cap_list *permitted, const struct cap_list *effective)
{
	cap_t caps = cap_init();
	int rc = 0;

	if (!caps)
		return -errno;
	if ((permitted->n &&
	     cap_set_flag(caps, CAP_PERMITTED, permitted->n, permitted->caps, CAP_SET)) ||
	    (effective->n &&
	     cap_set_flag(caps, CAP_EFFECTIVE, effective->n, effective->caps, CAP_SET)) ||
	    cap_set_proc(caps))
		rc = -errno;
	cap_free(caps);
	return rc;
}

/* Bounding set: what an exec could ever give back.  Lowering it needs
 * CAP_SETPCAP effective; NO_NEW_PRIVS covers a process without it. */
static int drop_bounding(const struct cap_list *kept)
{
	for (cap_value_t cap = 0; cap <= CAP_LAST_CAP; cap++) {
		/* a capability newer than this kernel is not in its bounding set */
		if (!contains(kept, cap) && cap_drop_bound(cap) && errno != EINVAL)
			return -errno;
	}
	return 0;
}

int privileges_drop(const struct privilege_needs *needs, char *err, size_t errlen)
{
	struct cap_list kept = { .n = 0 }, trial, with_setpcap;
	cap_t now = cap_get_proc();
	const char *step;
	int rc;

	if (!now) {
		snprintf(err, errlen, "cannot read own capabilities: %s", strerror(errno));
		return -errno;
	}
	if (needs->capture_packets)
		add_if_permitted(&kept, now, CAP_NET_RAW);
	if (needs->enter_netns)
		add_if_permitted(&kept, now, CAP_SYS_ADMIN);
	if (needs->inspect_processes) {
		add_if_permitted(&kept, now, CAP_SYS_PTRACE);
		add_if_permitted(&kept, now, CAP_DAC_READ_SEARCH);
	}
	/* Everything else goes; CAP_BPF and CAP_SETPCAP stay permitted, not
	 * effective, until it is known whether they are still needed. */
	trial = kept;
	add_if_permitted(&trial, now, CAP_BPF);
	add_if_permitted(&trial, now, CAP_SETPCAP);
	with_setpcap = kept;
	add_if_permitted(&with_setpcap, now, CAP_SETPCAP);
	step = "drop capabilities";
	rc = set_caps(&trial, &kept);
	if (!rc && contains(&trial, CAP_BPF) && !contains(&kept, CAP_BPF) &&
	    needs->check_bpf_access && needs->check_bpf_access(needs->check_data)) {
		/* an older kernel: the maps need CAP_BPF */
		add_if_permitted(&kept, now, CAP_BPF);
		add_if_permitted(&with_setpcap, now, CAP_BPF);
	}
	if (!rc && contains(&with_setpcap, CAP_SETPCAP)) {
		step = "lower the capability bounding set";
		rc = set_caps(&trial, &with_setpcap);
		if (!rc)
			rc = drop_bounding(&kept);
	}
	/* ambient capabilities would survive an exec; none are needed */
	if (!rc && CAP_AMBIENT_SUPPORTED() && cap_reset_ambient()) {
		step = "clear the ambient capabilities";
		rc = -errno;
	}
	if (!rc) {
		step = "drop capabilities";
		rc = set_caps(&kept, &kept);
	}
	if (!rc && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		step = "set no_new_privs";
		rc = -errno;
	}
	if (rc)
		snprintf(err, errlen, "cannot %s: %s", step, strerror(-rc));
	cap_free(now);
	return rc;
}

int privileges_describe(char *buf, size_t len)
{
	cap_t now = cap_get_proc();
	char *text;

	if (!now)
		return -errno;
	text = cap_to_text(now, NULL);
	cap_free(now);
	if (!text)
		return -errno;
	snprintf(buf, len, "%s", text);
	cap_free(text);
	return 0;
}
