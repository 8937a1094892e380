package tracee.TRC_R2P_053_test

import rego.v1

import data.tracee.TRC_R2P_053 as sig
import data.tracee.lib.fixtures as fx

# insmod is a link to kmod: pathname is kmod, cmdpath and argv[0] say insmod
kmod_event(name, argv) := object.union(fx.exec_event("/usr/bin/kmod", argv), {
	"processName": name,
	"args": [a |
		some original in fx.exec_args("/usr/bin/kmod", argv, [])
		a := cmdpath_fixed(original, name)
	],
})

cmdpath_fixed(a, name) := {"name": "cmdpath", "type": a.type, "value": concat("", ["/usr/sbin/", name])} if a.name == "cmdpath"

cmdpath_fixed(a, _) := a if a.name != "cmdpath"

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-053"
	sig.tracee_selected_events == {{"source": "tracee", "name": "sched_process_exec", "origin": "*"}}
}

test_insmod_from_tmp if {
	ev := kmod_event("insmod", ["insmod", "/tmp/diamorphine.ko"])
	sig.tracee_match == {"tool": "insmod", "module": "/tmp/diamorphine.ko", "from_temporary_dir": true} with input as ev
}

test_modprobe_by_name if {
	ev := kmod_event("modprobe", ["modprobe", "-v", "nf_tables"])
	sig.tracee_match == {"tool": "modprobe", "module": "nf_tables", "from_temporary_dir": false} with input as ev
}

test_modprobe_remove if {
	ev := kmod_event("modprobe", ["modprobe", "-r", "nf_tables"])
	not sig.tracee_match with input as ev
}

test_kernel_request_module if {
	ev := fx.exec_event("/usr/sbin/modprobe", ["/sbin/modprobe", "-q", "--", "net-pf-10"])
	ev2 := json.patch(ev, [{"op": "replace", "path": "/args/14/value", "value": 1}])
	ev2.args[14].name == "invoked_from_kernel"
	not sig.tracee_match with input as ev2
	sig.tracee_match.module == "net-pf-10" with input as ev
}

# From v0.24 invoked_from_kernel is a bool.
test_kernel_request_module_bool if {
	ev := fx.exec_event("/usr/sbin/modprobe", ["/sbin/modprobe", "-q", "--", "net-pf-10"])
	ev2 := json.patch(ev, [{"op": "replace", "path": "/args/14", "value": {"name": "invoked_from_kernel", "type": "bool", "value": true}}])
	not sig.tracee_match with input as ev2
	ev3 := json.patch(ev, [{"op": "replace", "path": "/args/14", "value": {"name": "invoked_from_kernel", "type": "bool", "value": false}}])
	sig.tracee_match.module == "net-pf-10" with input as ev3
}

test_lsmod if {
	ev := kmod_event("lsmod", ["lsmod"])
	not sig.tracee_match with input as ev
}
