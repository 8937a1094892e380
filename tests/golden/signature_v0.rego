# query: x = [data.tracee.GOLDEN_1.tracee_match, data.tracee.GOLDEN_1.tracee_selected_events]
# input: {"eventName": "security_file_open", "args": [{"name": "pathname", "type": "const char*", "value": "/etc/shadow"}, {"name": "flags", "type": "int", "value": 0}]}
# want: [{"path": "/etc/shadow"}, [{"name": "security_file_open", "origin": "*", "source": "tracee"}]]
package tracee.GOLDEN_1

__rego_metadoc__ := {"id": "GOLDEN-1", "name": "golden", "version": "1", "eventName": "golden"}

tracee_selected_events[s] {
	s := {"source": "tracee", "name": "security_file_open", "origin": "*"}
}

sensitive := {"/etc/shadow", "/etc/gshadow"}

tracee_match = {"path": path} {
	input.eventName == "security_file_open"
	arg := input.args[_]
	arg.name == "pathname"
	path := arg.value
	sensitive[path]
}
