"""Tracee's two JSON formats: the main-branch event read as trace.Event, once, before dispatch."""

from __future__ import annotations

import orjson
import pytest

from transpiler.engine import Engine, EventError, Sink, as_trace_event
from transpiler.runtime.signature import Signature
from transpiler.tracee.formats import from_main, ns_rfc3339, rfc3339_ns, to_main
from transpiler.tracee.schema import schema

MAIN = schema("main")


def trace_event(name, args, **extra):
    """A trace.Event with every argument of the main-branch definition, in order."""
    defn = MAIN.args(name)
    values = dict(args)
    e = {
        "timestamp": 1_764_151_200_000_000_123,
        "threadStartTime": 1_764_151_100_000_000_000,
        "processId": 23,
        "threadId": 23,
        "parentProcessId": 1,
        "hostProcessId": 200_001,
        "hostThreadId": 200_001,
        "hostParentProcessId": 4170,
        "userId": 0,
        "processName": "evil",
        "executable": {"path": "/tmp/evil"},
        "containerId": "",
        "container": {},
        "kubernetes": {},
        "eventId": "101",
        "eventName": name,
        "matchedPolicies": ["default"],
        "argsNum": len(defn),
        "returnValue": 0,
        "syscall": name,
        "contextFlags": {"containerStarted": False, "isCompat": False},
        "threadEntityId": 7,
        "processEntityId": 7,
        "parentEntityId": 8,
        "args": [_arg(name, a, t, values.get(a, MAIN.zero(name, a, False))) for a, t in defn],
    }
    e.update(extra)
    return e


def _arg(event, name, type_, value):
    if isinstance(value, str) and MAIN.raw_kind(event, name, type_) not in ("string", "pointer"):
        type_ = "string"  # parsed, as Tracee's ParseArgs marks it
    return {"name": name, "type": type_, "value": value}


CONTAINER = {
    "containerId": "9d3b1f6a",
    "container": {"id": "9d3b1f6a", "name": "api", "image": "registry.local/api:2", "imageDigest": "sha256:ab"},
    "kubernetes": {"podName": "api-5f7d", "podNamespace": "shop", "podUID": "4c2e9a71"},
    "contextFlags": {"containerStarted": True, "isCompat": False},
}

EVENTS = [
    trace_event("ptrace", {"request": 0}),
    trace_event("ptrace", {"request": "PTRACE_TRACEME", "addr": "0x0"}),
    trace_event("security_socket_connect", {"sockfd": 3, "type": 1,
                "remote_addr": {"sa_family": "AF_INET", "sin_addr": "10.96.0.1", "sin_port": "6443"}}, **CONTAINER),
    trace_event("sched_process_exec", {"pathname": "/usr/sbin/insmod", "argv": ["insmod", "/tmp/r.ko"],
                "invoked_from_kernel": False, "env": ["A=b"]}),
    trace_event("magic_write", {"pathname": "/dev/shm/.x", "bytes": "f0VMRgIBAQ==", "inode": 2**64 - 1}),
    trace_event("commit_creds", {"old_cred": {"Uid": 1000, "Gid": 1000, "Suid": 1000, "Sgid": 1000, "Euid": 1000,
                "Egid": 1000, "Fsuid": 1000, "Fsgid": 1000, "UserNamespace": 4026531837, "SecureBits": 0,
                "CapInheritable": 0, "CapPermitted": 0, "CapEffective": 0, "CapBounding": 2**41 - 1, "CapAmbient": 0},
                "new_cred": {"Uid": 0, "Gid": 0, "Suid": 0, "Sgid": 0, "Euid": 0, "Egid": 0, "Fsuid": 0,
                "Fsgid": 0, "UserNamespace": 4026531837, "SecureBits": 0, "CapInheritable": 0,
                "CapPermitted": 1 << 21, "CapEffective": (1 << 21) | 1, "CapBounding": 2**41 - 1, "CapAmbient": 0}}),
    trace_event("hooked_proc_fops", {"hooked_fops_pointers": [{"SymbolName": "iterate_shared", "ModuleOwner": "rk"}]}),
    trace_event("utimensat", {"pathname": "/usr/bin/ls", "times": 1.5}),
    trace_event("security_file_open", {"pathname": "/etc/shadow", "flags": "O_RDONLY|O_LARGEFILE"}),
    trace_event("net_packet_dns_request", {"dns_questions": [{"query": "x.top", "query_type": "A", "query_class": "IN"}]}),
]


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e["eventName"])
def test_main_format_round_trip(event):
    main = to_main(event)
    assert "eventName" not in main and "args" not in main
    assert orjson.loads(orjson.dumps(main)) == main
    back = from_main(orjson.loads(orjson.dumps(main)))
    assert back == event
    assert MAIN.validate(back) == []


def test_main_format_fields():
    main = to_main(EVENTS[2])
    assert main["name"] == "security_socket_connect"
    assert main["timestamp"] == "2025-11-26T10:00:00.000000123Z"
    assert main["workload"]["container"] == {
        "id": "9d3b1f6a", "name": "api", "image": {"name": "registry.local/api:2", "repo_digests": ["sha256:ab"]},
        "started": True,
    }
    assert main["workload"]["k8s"] == {"pod": {"name": "api-5f7d", "uid": "4c2e9a71"}, "namespace": {"name": "shop"}}
    assert main["data"][2] == {"name": "remote_addr", "sockaddr": {"sa_family": "AF_INET", "sin_addr": "10.96.0.1", "sin_port": 6443}}
    creds = to_main(EVENTS[5])["data"][1]["credentials"]
    assert creds["cap_effective"] == ["CAP_CHOWN", "CAP_SYS_ADMIN"]
    assert creds["effective_user"] == {"id": 0}


def test_typed_values_read():
    got = from_main({
        "name": "security_socket_connect", "timestamp": "2025-11-26T11:00:00.5+01:00",
        "data": [
            {"name": "sockfd", "int32": 3}, {"name": "type", "int32": 1},
            {"name": "remote_addr", "sockaddr": {"sa_family": 2, "sin_port": 443, "sin_addr": "1.2.3.4"}},
            {"name": "extra", "u_int64": "18446744073709551615"},
        ],
    })
    assert got["timestamp"] == 1_764_151_200_500_000_000
    assert got["args"][2] == {"name": "remote_addr", "type": "SockAddr",
                              "value": {"sa_family": "AF_INET", "sin_port": "443", "sin_addr": "1.2.3.4"}}
    assert got["args"][3] == {"name": "extra", "type": "uint64", "value": 2**64 - 1}
    assert got["contextFlags"] == {"containerStarted": False, "isCompat": False}
    assert got["returnValue"] == 0


def test_rfc3339():
    assert rfc3339_ns("1970-01-01T00:00:00Z") == 0
    assert rfc3339_ns("1970-01-01T00:00:01.000000001Z") == 1_000_000_001
    assert rfc3339_ns("1970-01-01T01:00:00.25+01:00") == 250_000_000
    assert ns_rfc3339(1_764_151_200_000_000_123) == "2025-11-26T10:00:00.000000123Z"
    for bad in ["yesterday", "2025-11-26T10:00:00", "2025-11-26T10:00:00.1234567890Z", 1.5, None]:
        with pytest.raises(ValueError):
            rfc3339_ns(bad)


@pytest.mark.parametrize("bad, why", [
    ({"name": 3}, "name is not a string"),
    ({"name": "x", "data": {}}, "data is not an array"),
    ({"name": "x", "data": [{"name": "a", "int32": 1, "str": "b"}]}, "has 2 values"),
    ({"name": "x", "data": [{"name": "a", "int64": "x1"}]}, "is not an integer"),
    ({"name": "x", "data": [{"name": "a", "str_array": 5}]}, "malformed value"),
    ({"name": "x", "workload": []}, "workload is not an object"),
    ({"name": "x", "workload": {"container": {"started": "yes"}}}, "started is not a boolean"),
    ({"name": "x", "timestamp": "noon"}, "not an RFC 3339 time"),
])
def test_malformed_main_events(bad, why):
    with pytest.raises(EventError, match=why):
        as_trace_event(bad)


def _sig(sid, names, match):
    return Signature(sid, {"id": sid}, [{"source": "tracee", "name": n} for n in names], match, f"tracee.{sid}")


def test_engine_reads_both_formats_the_same():
    seen = []

    def match(event):
        seen.append(event)
        return {"request": event["args"][0]["value"], "pid": event["hostProcessId"]}

    engine = Engine([_sig("S", ["ptrace"], match)])
    lines = []
    for e in EVENTS[:2]:
        lines += [orjson.dumps(e), orjson.dumps(to_main(e))]
    lines.append(b'{"name": "ptrace", "data": 7}')
    sink = Sink()
    engine.scan(lines, "x.jsonl", 0, sink)
    assert [f.data for f in sink.findings] == [{"request": 0, "pid": 200_001}] * 2 + [
        {"request": "PTRACE_TRACEME", "pid": 200_001}] * 2
    # findings keep the event as read; the signature saw the trace.Event shape
    assert sink.findings[1].event == orjson.loads(lines[1])
    assert seen[1] == seen[0]
    assert sink.problems == ["x.jsonl:5: skipped: main-branch event: data is not an array: " + lines[4].decode()]
    # the library entry point converts too
    found = Engine([_sig("S", ["ptrace"], match)]).process(to_main(EVENTS[0]))
    assert [f.data for f in found] == [{"request": 0, "pid": 200_001}] and found[0].event["name"] == "ptrace"


def test_engine_main_format_with_wide_integers():
    engine = Engine([_sig("S", ["magic_write"], lambda e: {"inode": e["args"][3]["value"]})])
    ev = dict(EVENTS[4])
    ev["args"] = [dict(a) for a in ev["args"]]
    ev["args"][3]["value"] = 2**64 + 5  # wider than orjson keeps
    sink = Sink()
    engine.scan([orjson.dumps(to_main(ev)).replace(b'"18446744073709551621"', b"18446744073709551621")], "w", 0, sink)
    assert [f.data for f in sink.findings] == [{"inode": 2**64 + 5}]


from hypothesis import given, settings
from hypothesis import strategies as st

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
_keys = st.sampled_from(["timestamp", "id", "name", "policies", "workload", "data", "process", "thread",
                         "container", "k8s", "pod", "started", "ancestors", "user_stack_trace", "value",
                         "int32", "int64", "u_int64", "str_array", "sockaddr", "credentials",
                         "hooked_syscalls", "hooked_seq_ops", "timespec", "pointer", "start_time"])
_shaped = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.just("2025-11-26T10:00:00Z"),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_keys, _shaped | _json, max_size=6), st.text(max_size=6))
def test_any_main_event_reads_or_is_a_clean_error(event, name):
    event["name"] = name
    try:
        out = as_trace_event(event)
    except EventError as exc:
        assert str(exc).startswith("main-branch event: ")
    else:
        assert out["eventName"] == name and isinstance(out["args"], list)


def test_text_finding_of_a_main_branch_event():
    from transpiler.run.render import render_text
    from transpiler.engine import Finding

    sig = _sig("S", ["ptrace"], lambda e: True)
    text = render_text(Finding(sig, None, to_main(EVENTS[0]), "m.jsonl", 3)).decode()
    assert "Event:     ptrace (m.jsonl:3)" in text
    assert "Process:   evil (pid 23, host pid 200001, uid 0)" in text
    assert "Time:      2025-11-26T10:00:00.000000123Z" in text
