package tracee.TRC_R2P_063_test

import rego.v1

import data.tracee.TRC_R2P_063 as sig
import data.tracee.lib.fixtures as fx

test_metadata if {
	sig.__rego_metadoc__.id == "TRC-R2P-063"
	sig.tracee_selected_events == {{"source": "tracee", "name": "security_file_open"}}
}

test_logger_reads_keyboard if {
	ev := fx.as_user(fx.open_event("logkeys", "/usr/local/bin/logkeys", "/dev/input/by-id/usb-Logitech_USB_Keyboard-event-kbd", fx.O_RDONLY), 0)
	sig.tracee_match == {
		"device": "/dev/input/by-id/usb-Logitech_USB_Keyboard-event-kbd",
		"kind": "keyboard",
		"process": "logkeys",
	} with input as ev
}

test_python_reads_event_device if {
	ev := fx.open_event("python3", "/usr/bin/python3", "/dev/input/event3", "O_RDONLY|O_NONBLOCK")
	sig.tracee_match.kind == "event device" with input as ev
}

test_xorg_reads_devices if {
	ev := fx.open_event("Xorg", "/usr/lib/xorg/Xorg", "/dev/input/event3", fx.O_RDWR)
	not sig.tracee_match with input as ev
}

test_other_device if {
	ev := fx.open_event("python3", "/usr/bin/python3", "/dev/ttyUSB0", fx.O_RDWR)
	not sig.tracee_match with input as ev
}

test_services_list_as_data if {
	ev := fx.open_event("python3", "/usr/bin/python3", "/dev/input/mice", fx.O_RDONLY)
	sig.tracee_match.kind == "mouse" with input as ev
	not sig.tracee_match with input as ev with data.tracee.TRC_R2P_063.input_services as {"python3"}
}
