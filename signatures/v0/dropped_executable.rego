package tracee.TRC_R2P_008

import data.tracee.helpers

__rego_metadoc__ := {
	"id": "TRC-R2P-008",
	"version": "1.0.0",
	"name": "Executable dropped",
	"eventName": "dropped_executable",
	"description": "A process wrote the start of an ELF file, dropping a new executable on the system.",
	"tags": ["linux", "container"],
	"properties": {
		"Severity": 2,
		"MITRE ATT&CK": "Defense Evasion: Masquerading",
	},
}

tracee_selected_events[eventSelector] {
	eventSelector := {
		"source": "tracee",
		"name": "magic_write",
		"origin": "*",
	}
}

# Writes that are not files someone could later run.
pseudo_file(path) {
	startswith(path, "/proc/")
}

pseudo_file(path) {
	startswith(path, "/dev/")
	path != "/dev/shm"
	not startswith(path, "/dev/shm/")
}

pseudo_file(path) {
	regex.match(`^(pipe|socket|anon_inode):`, path)
}

# Compilers, assemblers and linkers write ELF files as a matter of course: a
# kernel build alone makes thousands. Their writes are not drops.
toolchain := {"as", "ld", "ld.bfd", "ld.gold", "ld.lld", "cc", "gcc", "cc1", "collect2", "clang", "objcopy", "objtool", "strip", "ar", "ranlib", "rustc", "resolve_btfids", "pahole"}

tracee_match = {"pathname": path} {
	input.eventName == "magic_write"
	not toolchain[input.processName]
	helpers.is_elf_file(helpers.get_tracee_argument("bytes"))
	path := helpers.get_tracee_argument("pathname")
	not pseudo_file(path)
}
