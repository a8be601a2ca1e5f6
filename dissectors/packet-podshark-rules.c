/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Falco rules over a podshark capture: the preference podshark.falco_rules
 * names a rules file or folder; each rule is translated into a display
 * filter (falco_rules/) and compiled once, when the preference is applied,
 * with Wireshark's own filter engine; a postdissector applies the compiled
 * filters to every frame and marks the frames that satisfy a rule with
 * podshark.rule.* fields, an expert info whose severity follows the rule's
 * priority, and a tap for the podshark_rules statistics tree.
 *
 * Why Wireshark's engine: the translated filter is what the user can paste
 * into the filter bar, and a second evaluator could disagree with it.  The
 * fields the filters and outputs read are the postdissector's wanted
 * fields, so Wireshark builds them also when nothing else asked for a tree.
 * Like Falco, the rules are indexed by the calls (evt.type) they can match:
 * a frame is tried only against the rules that name its call and those
 * that name none.
 */
#include <string.h>

#include <epan/dfilter/dfilter.h>
#include <epan/epan_dissect.h>
#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>
#include <epan/stats_tree.h>
#include <epan/tap.h>
#include <wsutil/report_message.h>

#include "falco_rules.h"
#include "packet-podshark-fields.h"
#include "packet-podshark-syscall.h"
#include "ws_compat.h"

#define RULES_TAP "podshark.rule"
/* The frame's rule hits: p_add_proto_data key of the podshark protocol. */
#define RULES_DATA_KEY 0x52554c45u

/* A loaded rule, its filter compiled. */
struct compiled_rule {
	const struct falco_rule *rule;
	dfilter_t *filter;
	int *output_hfids; /* per output piece: the field's id, or -1 */
};

/* What the statistics tree gets for each hit. */
struct rule_hit {
	const char *rule;
	const char *workload;
	const char *process;
};

static int proto_podshark = -1;
static int hf_rule = -1;
static int hf_rule_name = -1;
static int hf_rule_priority = -1;
static int hf_rule_tags = -1;
static int hf_rule_output = -1;
static int hf_rule_filter = -1;
static int ett_rule = -1;

/* One expert info per severity: Wireshark fixes the severity per field. */
static expert_field ei_rule_error = EI_INIT;
static expert_field ei_rule_warn = EI_INIT;
static expert_field ei_rule_note = EI_INIT;
static expert_field ei_rule_chat = EI_INIT;

static int rules_tap = -1;
static dissector_handle_t rules_handle;

static const char *rules_path = "";
static struct falco_ruleset *ruleset;
static GArray *compiled; /* struct compiled_rule */
/* indexes into compiled, ascending: the rules of each evt.type value, and
 * those that may match any call */
static GHashTable *rules_by_type; /* char * -> GArray of unsigned */
static GArray *rules_any_type;

static const value_string priority_names[] = {
	{ FALCO_PRIORITY_EMERGENCY, "Emergency" },
	{ FALCO_PRIORITY_ALERT, "Alert" },
	{ FALCO_PRIORITY_CRITICAL, "Critical" },
	{ FALCO_PRIORITY_ERROR, "Error" },
	{ FALCO_PRIORITY_WARNING, "Warning" },
	{ FALCO_PRIORITY_NOTICE, "Notice" },
	{ FALCO_PRIORITY_INFORMATIONAL, "Informational" },
	{ FALCO_PRIORITY_DEBUG, "Debug" },
	{ 0, NULL },
};

static void unload_rules(void)
{
	for (unsigned i = 0; compiled && i < compiled->len; i++) {
		struct compiled_rule *c = &g_array_index(compiled, struct compiled_rule, i);

		dfilter_free(c->filter);
		g_free(c->output_hfids);
	}
	if (compiled)
		g_array_set_size(compiled, 0);
	g_hash_table_remove_all(rules_by_type);
	g_array_set_size(rules_any_type, 0);
	falco_ruleset_free(ruleset);
	ruleset = NULL;
}

static void want_hfid(GArray *hfids, int hfid)
{
	for (unsigned i = 0; i < hfids->len; i++)
		if (g_array_index(hfids, int, i) == hfid)
			return;
	g_array_append_val(hfids, hfid);
}

static void index_rule(const struct falco_rule *r, unsigned index)
{
	if (!r->event_types) {
		g_array_append_val(rules_any_type, index);
		return;
	}
	for (unsigned i = 0; i < r->event_types->len; i++) {
		const char *type = g_ptr_array_index(r->event_types, i);
		GArray *rules = g_hash_table_lookup(rules_by_type, type);

		if (!rules) {
			rules = g_array_new(FALSE, FALSE, sizeof(unsigned));
			g_hash_table_insert(rules_by_type, g_strdup(type), rules);
		}
		g_array_append_val(rules, index);
	}
}

/* Compiles one rule; false with *why when Wireshark cannot. */
static bool compile_rule(const struct falco_rule *r, GArray *hfids, GPtrArray *notes,
			 char **why)
{
	struct compiled_rule c = { .rule = r };
	char *err = NULL;

	/* Wireshark's message for a missing field depends on where it stands */
	for (unsigned i = 0; i < r->filter_fields->len; i++) {
		const char *field = g_ptr_array_index(r->filter_fields, i);

		if (proto_registrar_get_id_byname(field) < 0) {
			*why = g_strdup_printf("podshark has no field %s", field);
			return false;
		}
	}
	if (!podshark_dfilter_compile(r->filter, &c.filter, &err) ||
	    !c.filter) {
		/* one line per rule */
		*why = g_strdelimit(g_strdup(err ? err : "empty filter"), "\r\n", ' ');
		g_free(err);
		return false;
	}
	for (unsigned i = 0; i < r->filter_fields->len; i++)
		want_hfid(hfids, proto_registrar_get_id_byname(g_ptr_array_index(r->filter_fields,
										   i)));
	c.output_hfids = g_new(int, r->output->len);
	for (unsigned i = 0; i < r->output->len; i++) {
		const struct falco_output_piece *p = g_ptr_array_index(r->output, i);

		c.output_hfids[i] = p->field ? proto_registrar_get_id_byname(p->field) : -1;
		if (c.output_hfids[i] >= 0)
			want_hfid(hfids, c.output_hfids[i]);
		else if (p->field)
			g_ptr_array_add(notes, g_strdup_printf("%s:%u: rule \"%s\": output field "
							       "%%%s is not a podshark field: "
							       "shown as <NA>", r->file, r->line,
							       r->name, p->text));
	}
	g_array_append_val(compiled, c);
	index_rule(r, compiled->len - 1);
	return true;
}

/* The preference's apply callback: loads and compiles the rules once. */
static void load_rules(void)
{
	GPtrArray *notes = g_ptr_array_new_with_free_func(g_free);
	GArray *hfids = g_array_new(FALSE, FALSE, sizeof(int));
	unsigned loaded = 0, disabled = 0;
	GString *report;

	unload_rules();
	if (!rules_path || !*rules_path) {
		set_postdissector_wanted_hfids(rules_handle, NULL);
		g_array_free(hfids, TRUE);
		g_ptr_array_free(notes, TRUE);
		return;
	}
	ruleset = falco_rules_load_path(rules_path);
	for (unsigned i = 0; i < ruleset->messages->len; i++)
		g_ptr_array_add(notes, g_strdup(g_ptr_array_index(ruleset->messages, i)));
	for (unsigned i = 0; i < ruleset->rules->len; i++) {
		const struct falco_rule *r = g_ptr_array_index(ruleset->rules, i);
		char *why = NULL;

		if (!r->enabled) {
			disabled++;
			continue;
		}
		if (compile_rule(r, hfids, notes, &why)) {
			loaded++;
			continue;
		}
		g_ptr_array_add(notes, g_strdup_printf("%s:%u: rule \"%s\" not loaded: %s",
						       r->file, r->line, r->name, why));
		g_free(why);
	}
	want_hfid(hfids, podshark_hf_proc_name);
	want_hfid(hfids, podshark_hf_evt_type);
	/* Wireshark takes the array */
	set_postdissector_wanted_hfids(rules_handle, compiled->len ? hfids : NULL);
	if (!compiled->len)
		g_array_free(hfids, TRUE);
	if (notes->len) {
		report = g_string_new(NULL);
		g_string_printf(report, "podshark: Falco rules from %s: %u loaded, %u disabled; "
			       "%u messages:", rules_path, loaded, disabled, notes->len);
		for (unsigned i = 0; i < notes->len; i++)
			g_string_append_printf(report, "\n%s", (char *)g_ptr_array_index(notes, i));
		report_warning("%s", report->str);
		g_string_free(report, TRUE);
	}
	g_ptr_array_free(notes, TRUE);
}

/* The value of a field in this frame as Falco prints it, "<NA>" without. */
static const char *field_text(packet_info *pinfo, proto_tree *tree, int hfid)
{
	GPtrArray *finfos = hfid >= 0 ? proto_get_finfo_ptr_array(tree, hfid) : NULL;
	const field_info *fi;

	/* a repeated field (proc.aname): its first, as Falco prints it */
	if (!finfos || !finfos->len)
		return "<NA>";
	fi = g_ptr_array_index(finfos, 0);
	return fvalue_to_string_repr(pinfo->pool, PODSHARK_FINFO_VALUE(fi), FTREPR_DISPLAY,
				     fi->hfinfo->display);
}

static const char *format_output(packet_info *pinfo, proto_tree *tree,
				 const struct compiled_rule *c)
{
	wmem_strbuf_t *out = wmem_strbuf_new(pinfo->pool, "");

	for (unsigned i = 0; i < c->rule->output->len; i++) {
		const struct falco_output_piece *p = g_ptr_array_index(c->rule->output, i);

		if (!p->field && !p->constant)
			wmem_strbuf_append(out, p->text);
		else if (p->constant)
			wmem_strbuf_append(out, p->constant);
		else
			wmem_strbuf_append(out, field_text(pinfo, tree, c->output_hfids[i]));
	}
	/* Falco's output is one line */
	return g_strchomp(wmem_strbuf_finalize(out));
}

static expert_field *expert_for(enum falco_priority p)
{
	if (p <= FALCO_PRIORITY_ERROR)
		return &ei_rule_error;
	if (p == FALCO_PRIORITY_WARNING)
		return &ei_rule_warn;
	if (p == FALCO_PRIORITY_NOTICE)
		return &ei_rule_note;
	return &ei_rule_chat;
}

/* The rules a frame satisfies, found on its first pass and kept with it.
 * Wireshark builds the fields the filters read (the postdissector's wanted
 * fields) on the first pass only; later passes (selecting a packet,
 * refiltering, statistics) show and count what was kept.  Wireshark
 * forgets it when it dissects everything again (new preferences). */
struct frame_hits {
	unsigned n;
	const unsigned *rules;  /* indexes into compiled */
	const char *const *outputs;
	const char *process;    /* proc.name, for the statistics */
};

static void add_hit(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
		    const struct compiled_rule *c, const char *output, const char *process)
{
	const struct falco_rule *r = c->rule;
	struct rule_hit *hit;
	proto_item *ti;
	proto_tree *rule_tree;

	ti = proto_tree_add_string_format(tree, hf_rule, tvb, 0, 0, r->name, "Falco rule: %s (%s)",
					  r->name, falco_priority_name(r->priority));
	proto_item_set_generated(ti);
	rule_tree = proto_item_add_subtree(ti, ett_rule);
	proto_item_set_generated(proto_tree_add_string(rule_tree, hf_rule_name, tvb, 0, 0,
						       r->name));
	proto_item_set_generated(proto_tree_add_uint(rule_tree, hf_rule_priority, tvb, 0, 0,
						     r->priority));
	for (unsigned i = 0; i < r->tags->len; i++)
		proto_item_set_generated(proto_tree_add_string(rule_tree, hf_rule_tags, tvb, 0, 0,
							       g_ptr_array_index(r->tags, i)));
	proto_item_set_generated(proto_tree_add_string(rule_tree, hf_rule_output, tvb, 0, 0,
						       output));
	proto_item_set_generated(proto_tree_add_string(rule_tree, hf_rule_filter, tvb, 0, 0,
						       r->filter));
	expert_add_info_format(pinfo, ti, expert_for(r->priority), "%s (%s): %s", r->name,
			       falco_priority_name(r->priority), output);

	hit = wmem_new(pinfo->pool, struct rule_hit);
	hit->rule = r->name;
	hit->workload = podshark_workload(pinfo);
	hit->process = process;
	tap_queue_packet(rules_tap, pinfo, hit);
}

/* The rules the frame satisfies, evaluated now (first pass); NULL for none. */
static struct frame_hits *evaluate(packet_info *pinfo, proto_tree *tree)
{
	/* dfilter_apply_edt() reads only the tree of the dissection; made once
	 * (the struct holds a whole packet_info) */
	static epan_dissect_t edt;
	GPtrArray *types = proto_get_finfo_ptr_array(tree, podshark_hf_evt_type);
	const GArray *by_type, *any = rules_any_type;
	wmem_array_t *rules, *outputs;
	struct frame_hits *fh;
	unsigned t = 0, a = 0;

	/* every rule's filter starts with evt.type: frames of system calls */
	if (!types || !types->len)
		return NULL;
	by_type = g_hash_table_lookup(rules_by_type,
				      fvalue_get_string(PODSHARK_FINFO_VALUE(
					      (field_info *)g_ptr_array_index(types, 0))));
	rules = wmem_array_new(pinfo->pool, sizeof(unsigned));
	outputs = wmem_array_new(pinfo->pool, sizeof(const char *));
	edt.tree = tree;
	/* both lists in rule order, merged */
	while ((by_type && t < by_type->len) || a < any->len) {
		unsigned next;
		const char *output;

		if (by_type && t < by_type->len &&
		    (a >= any->len || g_array_index(by_type, unsigned, t) <
					       g_array_index(any, unsigned, a)))
			next = g_array_index(by_type, unsigned, t++);
		else
			next = g_array_index(any, unsigned, a++);
		if (!dfilter_apply_edt(g_array_index(compiled, struct compiled_rule, next).filter,
				       &edt))
			continue;
		output = format_output(pinfo, tree, &g_array_index(compiled, struct compiled_rule,
								   next));
		wmem_array_append_one(rules, next);
		wmem_array_append_one(outputs, output);
	}
	if (!wmem_array_get_count(rules))
		return NULL;
	fh = wmem_new(wmem_file_scope(), struct frame_hits);
	fh->n = wmem_array_get_count(rules);
	fh->rules = wmem_memdup(wmem_file_scope(), wmem_array_get_raw(rules),
				fh->n * sizeof(unsigned));
	fh->outputs = wmem_alloc(wmem_file_scope(), fh->n * sizeof(const char *));
	for (unsigned i = 0; i < fh->n; i++)
		((const char **)fh->outputs)[i] = wmem_strdup(
			wmem_file_scope(), *(const char **)wmem_array_index(outputs, i));
	fh->process = wmem_strdup(wmem_file_scope(), field_text(pinfo, tree, podshark_hf_proc_name));
	return fh;
}

static int dissect_rules(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
	struct frame_hits *fh;

	if (!compiled || !compiled->len)
		return 0;
	if (!PINFO_FD_VISITED(pinfo)) {
		fh = tree ? evaluate(pinfo, tree) : NULL;
		if (fh)
			p_add_proto_data(wmem_file_scope(), pinfo, proto_podshark, RULES_DATA_KEY,
					 fh);
	} else {
		fh = p_get_proto_data(wmem_file_scope(), pinfo, proto_podshark, RULES_DATA_KEY);
	}
	if (!fh)
		return 0;
	for (unsigned i = 0; i < fh->n; i++)
		add_hit(tvb, pinfo, tree, &g_array_index(compiled, struct compiled_rule,
							 fh->rules[i]),
			fh->outputs[i], fh->process);
	return tvb_captured_length(tvb);
}

/* --- Statistics: -z podshark_rules,tree --------------------------------- */

static const char st_rules[] = "Falco rule hits";
static int node_rules = -1;

static void rules_stats_init(stats_tree *st)
{
	node_rules = stats_tree_create_node(st, st_rules, 0, STAT_DT_INT, TRUE);
}

static tap_packet_status rules_stats_packet(stats_tree *st, packet_info *pinfo _U_,
					    epan_dissect_t *edt _U_, const void *data,
					    tap_flags_t flags _U_)
{
	const struct rule_hit *hit = data;
	int rule, pod;

	tick_stat_node(st, st_rules, 0, TRUE);
	rule = tick_stat_node(st, hit->rule, node_rules, TRUE);
	pod = tick_stat_node(st, hit->workload, rule, TRUE);
	tick_stat_node(st, hit->process, pod, FALSE);
	return TAP_PACKET_REDRAW;
}

void podshark_rules_stats_register(void)
{
	stats_tree_register_plugin(RULES_TAP, "podshark_rules",
				   "podshark" PODSHARK_MENU_SEP "Falco rule hits", 0,
				   rules_stats_packet, rules_stats_init, NULL);
}

void proto_register_podshark_rules(void)
{
	static hf_register_info hf[] = {
		{ &hf_rule,
		  { "Falco rule", "podshark.rule", FT_STRING, BASE_NONE, NULL, 0,
		    "A Falco rule of the podshark.falco_rules preference that this frame "
		    "satisfies (one per rule)", HFILL } },
		{ &hf_rule_name,
		  { "Name", "podshark.rule.name", FT_STRING, BASE_NONE, NULL, 0,
		    "The name of a Falco rule this frame satisfies", HFILL } },
		{ &hf_rule_priority,
		  { "Priority", "podshark.rule.priority", FT_UINT8, BASE_DEC,
		    VALS(priority_names), 0,
		    "The rule's priority, Falco's numbers: 0 Emergency to 7 Debug", HFILL } },
		{ &hf_rule_tags,
		  { "Tag", "podshark.rule.tags", FT_STRING, BASE_NONE, NULL, 0,
		    "A tag of the rule (one field per tag)", HFILL } },
		{ &hf_rule_output,
		  { "Output", "podshark.rule.output", FT_STRING, BASE_NONE, NULL, 0,
		    "The rule's output with its %field references filled from this frame, as "
		    "Falco prints it", HFILL } },
		{ &hf_rule_filter,
		  { "As display filter", "podshark.rule.filter", FT_STRING, BASE_NONE, NULL, 0,
		    "The rule's condition translated into the display filter podshark "
		    "evaluates (paste it into the filter bar to edit it)", HFILL } },
	};
	static int *ett[] = { &ett_rule };
	static ei_register_info ei[] = {
		{ &ei_rule_error,
		  { "podshark.rule.hit.error", PI_SECURITY, PI_ERROR,
		    "Falco rule of priority Emergency, Alert, Critical or Error", EXPFILL } },
		{ &ei_rule_warn,
		  { "podshark.rule.hit.warning", PI_SECURITY, PI_WARN,
		    "Falco rule of priority Warning", EXPFILL } },
		{ &ei_rule_note,
		  { "podshark.rule.hit.notice", PI_SECURITY, PI_NOTE,
		    "Falco rule of priority Notice", EXPFILL } },
		{ &ei_rule_chat,
		  { "podshark.rule.hit.info", PI_SECURITY, PI_CHAT,
		    "Falco rule of priority Informational or Debug", EXPFILL } },
	};
	module_t *module;

	proto_podshark = proto_get_id_by_filter_name("podshark");
	proto_register_field_array(proto_podshark, hf, array_length(hf));
	proto_register_subtree_array(ett, array_length(ett));
	expert_register_field_array(expert_register_protocol(proto_podshark), ei,
				    array_length(ei));

	module = prefs_register_protocol(proto_podshark, load_rules);
	prefs_register_filename_preference(
		module, "falco_rules", "Falco rules file or folder",
		"A Falco rules file (YAML), or a folder whose *.yaml and *.yml files are loaded "
		"in name order; frames that satisfy a rule get podshark.rule.* fields "
		"(docs/TRIAGE.md)", &rules_path, FALSE);

	compiled = g_array_new(FALSE, FALSE, sizeof(struct compiled_rule));
	rules_by_type = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					      (GDestroyNotify)g_array_unref);
	rules_any_type = g_array_new(FALSE, FALSE, sizeof(unsigned));
	rules_handle = create_dissector_handle(dissect_rules, proto_podshark);
	rules_tap = register_tap(RULES_TAP);
}

/* Last of podshark's hand-offs: the postdissectors run in the order they
 * were registered, and the rules read the container and flow fields that
 * the k8s and flow postdissectors add. */
void proto_reg_handoff_podshark_rules(void)
{
	register_postdissector(rules_handle);
}
