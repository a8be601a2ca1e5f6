/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "remote_ssh.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

/* ssh's keepalive: a cut connection ends ssh after 3 unanswered probes 2 s apart. */
#define SERVER_ALIVE_INTERVAL "2"
#define SERVER_ALIVE_COUNT "3"
#define CONNECT_TIMEOUT "10"

/* The directory of the decrypted key copy, removed at the end. */
static char *key_dir;

char **remote_node_argv(const char *capture_command, int heartbeat_timeout_s,
			char *const *capture_args)
{
	GPtrArray *argv = g_ptr_array_new();

	g_ptr_array_add(argv, g_strdup(capture_command));
	g_ptr_array_add(argv, g_strdup("--extcap-interface=podshark"));
	g_ptr_array_add(argv, g_strdup("--capture"));
	g_ptr_array_add(argv, g_strdup("--fifo=-"));
	g_ptr_array_add(argv, g_strdup_printf("--heartbeat=%d", heartbeat_timeout_s));
	for (char *const *a = capture_args; a && *a; a++)
		g_ptr_array_add(argv, g_strdup(*a));
	g_ptr_array_add(argv, NULL);
	return (char **)g_ptr_array_free(argv, FALSE);
}

/* A copy of the key without its passphrase, in a private directory:
 * OpenSSH's client cannot take a passphrase in batch mode. */
static char *decrypted_key(const char *key, const char *passphrase, char *err, size_t errlen)
{
	char *copy, *contents;
	gsize len;
	int status;
	char *argv[] = { "ssh-keygen", "-q", "-p", "-P", (char *)passphrase, "-N", "", "-f", NULL,
			 NULL };

	if (!g_file_get_contents(key, &contents, &len, NULL)) {
		snprintf(err, errlen, "--sshkey: cannot read %s", key);
		return NULL;
	}
	key_dir = g_dir_make_tmp("podshark-ssh.XXXXXX", NULL);
	copy = key_dir ? g_build_filename(key_dir, "key", NULL) : NULL;
	if (!copy || !g_file_set_contents(copy, contents, (gssize)len, NULL) ||
	    chmod(copy, 0600)) {
		snprintf(err, errlen, "--sshkey: cannot make a private copy of %s", key);
		g_free(contents);
		g_free(copy);
		return NULL;
	}
	g_free(contents);
	argv[8] = copy;
	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
				     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) ||
	    !g_spawn_check_wait_status(status, NULL)) {
		snprintf(err, errlen, "--sshkey-passphrase: it does not open %s", key);
		g_free(copy);
		return NULL;
	}
	return copy;
}

/* "[user@]host[:port]" -> its parts; the port and user of the options
 * unless the entry has its own.  Returns false for a bad port. */
static bool parse_host(const char *entry, char **user, char **host, int *port)
{
	const char *at = strrchr(entry, '@');
	const char *hostpart = at ? at + 1 : entry;
	const char *colon = strrchr(hostpart, ':');

	*user = at ? g_strndup(entry, (gsize)(at - entry)) : NULL;
	/* an IPv6 address in brackets: [fd00::2]:2222 */
	if (hostpart[0] == '[') {
		const char *close = strchr(hostpart, ']');

		if (!close)
			return false;
		*host = g_strndup(hostpart + 1, (gsize)(close - hostpart - 1));
		colon = close[1] == ':' ? close + 1 : NULL;
	} else if (colon && strchr(hostpart, ':') != colon) {
		colon = NULL; /* a bare IPv6 address */
		*host = g_strdup(hostpart);
	} else {
		*host = colon ? g_strndup(hostpart, (gsize)(colon - hostpart)) : g_strdup(hostpart);
	}
	if (colon) {
		char *end;
		long v = strtol(colon + 1, &end, 10);

		if (*end || v < 1 || v > 65535)
			return false;
		*port = (int)v;
	}
	return **host != '\0';
}

static char *remote_command(const struct remote_ssh_options *o)
{
	char **argv = remote_node_argv(o->capture_command && *o->capture_command ?
					       o->capture_command : "podshark",
				       o->heartbeat_timeout_s, o->capture_args);
	GString *cmd = g_string_new(NULL);

	if (o->priv && strcmp(o->priv, "none") != 0) {
		g_string_append_printf(cmd, "%s -n ", o->priv);
		if (o->priv_user && *o->priv_user) {
			char *quoted = g_shell_quote(o->priv_user);

			g_string_append_printf(cmd, "-u %s ", quoted);
			g_free(quoted);
		}
	}
	/* the capture command as the user wrote it (it may hold a path and
	 * arguments); everything after it quoted for the remote shell */
	g_string_append(cmd, argv[0]);
	for (char **a = argv + 1; *a; a++) {
		char *quoted = g_shell_quote(*a);

		g_string_append_printf(cmd, " %s", quoted);
		g_free(quoted);
	}
	g_strfreev(argv);
	return g_string_free(cmd, FALSE);
}

struct remote_node_spec *remote_ssh_nodes(const struct remote_ssh_options *o, size_t *n_nodes,
					  char *err, size_t errlen)
{
	char **entries, *key = NULL, *command;
	GArray *nodes;

	if (!o->hosts || !*o->hosts) {
		snprintf(err, errlen, "--remote-host: give the nodes, [user@]host[:port], "
				      "comma-separated");
		return NULL;
	}
	if (o->priv && *o->priv && strcmp(o->priv, "none") && strcmp(o->priv, "sudo") &&
	    strcmp(o->priv, "doas")) {
		snprintf(err, errlen, "--remote-priv must be none, sudo or doas, not \"%s\"",
			 o->priv);
		return NULL;
	}
	if (o->port < 0 || o->port > 65535) {
		snprintf(err, errlen, "--remote-port must be from 1 to 65535, not %d", o->port);
		return NULL;
	}
	if (o->sshkey && *o->sshkey) {
		key = o->sshkey_passphrase && *o->sshkey_passphrase ?
			      decrypted_key(o->sshkey, o->sshkey_passphrase, err, errlen) :
			      g_strdup(o->sshkey);
		if (!key)
			return NULL;
	}
	command = remote_command(o);
	nodes = g_array_new(FALSE, TRUE, sizeof(struct remote_node_spec));
	entries = g_strsplit(o->hosts, ",", -1);
	for (char **e = entries; *e; e++) {
		char *user = NULL, *host = NULL;
		int port = o->port;
		GPtrArray *argv;
		struct remote_node_spec spec;

		g_strstrip(*e);
		if (!**e)
			continue;
		if (!parse_host(*e, &user, &host, &port)) {
			snprintf(err, errlen, "--remote-host: \"%s\" is not [user@]host[:port]", *e);
			g_free(user);
			g_free(host);
			g_strfreev(entries);
			g_free(command);
			g_free(key);
			remote_node_specs_free((struct remote_node_spec *)(void *)nodes->data,
					       nodes->len);
			g_array_free(nodes, FALSE);
			remote_ssh_cleanup();
			return NULL;
		}
		argv = g_ptr_array_new();
		g_ptr_array_add(argv, g_strdup("ssh"));
		g_ptr_array_add(argv, g_strdup("-T"));
		g_ptr_array_add(argv, g_strdup("-o"));
		g_ptr_array_add(argv, g_strdup("BatchMode=yes"));
		g_ptr_array_add(argv, g_strdup("-o"));
		g_ptr_array_add(argv, g_strdup("StrictHostKeyChecking=yes"));
		g_ptr_array_add(argv, g_strdup("-o"));
		g_ptr_array_add(argv, g_strdup("ServerAliveInterval=" SERVER_ALIVE_INTERVAL));
		g_ptr_array_add(argv, g_strdup("-o"));
		g_ptr_array_add(argv, g_strdup("ServerAliveCountMax=" SERVER_ALIVE_COUNT));
		g_ptr_array_add(argv, g_strdup("-o"));
		g_ptr_array_add(argv, g_strdup("ConnectTimeout=" CONNECT_TIMEOUT));
		if (o->compress)
			g_ptr_array_add(argv, g_strdup("-C"));
		if (port) {
			g_ptr_array_add(argv, g_strdup("-p"));
			g_ptr_array_add(argv, g_strdup_printf("%d", port));
		}
		if (user || (o->username && *o->username)) {
			g_ptr_array_add(argv, g_strdup("-l"));
			g_ptr_array_add(argv, g_strdup(user ? user : o->username));
		}
		if (key) {
			g_ptr_array_add(argv, g_strdup("-i"));
			g_ptr_array_add(argv, g_strdup(key));
			g_ptr_array_add(argv, g_strdup("-o"));
			g_ptr_array_add(argv, g_strdup("IdentitiesOnly=yes"));
		}
		if (o->proxycommand && *o->proxycommand) {
			g_ptr_array_add(argv, g_strdup("-o"));
			g_ptr_array_add(argv, g_strdup_printf("ProxyCommand=%s", o->proxycommand));
		}
		g_ptr_array_add(argv, g_strdup(host));
		g_ptr_array_add(argv, g_strdup("--"));
		g_ptr_array_add(argv, g_strdup(command));
		g_ptr_array_add(argv, NULL);
		spec.name = host;
		spec.argv = (char **)g_ptr_array_free(argv, FALSE);
		g_array_append_val(nodes, spec);
		g_free(user);
	}
	g_strfreev(entries);
	g_free(command);
	g_free(key);
	*n_nodes = nodes->len;
	if (!nodes->len) {
		snprintf(err, errlen, "--remote-host: no host given");
		g_array_free(nodes, TRUE);
		return NULL;
	}
	return (struct remote_node_spec *)(void *)g_array_free(nodes, FALSE);
}

void remote_ssh_cleanup(void)
{
	if (key_dir) {
		char *copy = g_build_filename(key_dir, "key", NULL);

		unlink(copy);
		rmdir(key_dir);
		g_free(copy);
		g_clear_pointer(&key_dir, g_free);
	}
}
