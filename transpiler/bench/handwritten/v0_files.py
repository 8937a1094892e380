"""The v0 signatures that select security_file_open (signatures/v0/), by
hand. Each one answers for every event, not only those it selects (the
rename and exec rules too)."""

from __future__ import annotations

import re

from ._common import DIGITS, MISSING, arg, has_arg, in_container, is_file_read, is_file_write, is_number, origin, str_in


def _written(event, flags_name="flags"):
    """the flags argument defined and helpers.is_file_write of it"""
    flags = arg(event, flags_name)
    return flags is not MISSING and is_file_write(flags)


def _read(event):
    flags = arg(event, "flags")
    return flags is not MISSING and is_file_read(flags)


def _unknown_or_in(event, field, names) -> bool:
    """true when ``not names[input.field]`` (or ``not input.field in names``)
    fails: the field is missing (OPA evaluates the reference before the
    negation, so the whole expression is undefined) or a string in names."""
    v = event.get(field, MISSING)
    return v is MISSING or str_in(v, names)


def _basename(path) -> str:
    return path.rsplit("/", 1)[-1]


# ---------------------------------------------------------------- TRC-R2P-006 (ld_so_preload_write)

_PRELOAD = "/etc/ld.so.preload"


def trc_r2p_006(event):
    name = event.get("eventName")
    if name == "security_file_open":
        if arg(event, "pathname") == _PRELOAD and _written(event):
            return {"pathname": _PRELOAD, "operation": "write"}
    elif name == "security_inode_rename":
        if arg(event, "new_path") == _PRELOAD:
            return {"pathname": _PRELOAD, "operation": "rename"}
    return None


# ---------------------------------------------------------------- TRC-R2P-012 (k8s_cert_read)

_CONTROL_PLANE = frozenset({"kube-apiserver", "kube-controller", "kube-scheduler", "kubelet", "etcd"})


def trc_r2p_012(event):
    if event.get("eventName") != "security_file_open":
        return None
    path = arg(event, "pathname")
    if path.__class__ is not str or not path.startswith("/etc/kubernetes/pki/") or not _read(event):
        return None
    comm = event.get("processName")
    if comm.__class__ is str and (comm in _CONTROL_PLANE or comm.startswith("kube-controller")):
        return None
    return {"pathname": path}


# ---------------------------------------------------------------- TRC-R2P-013 (k8s_sa_token_read)

_TOKEN = re.compile(r"(?:/var)?/run/secrets/kubernetes\.io/serviceaccount/(?:\.\.[0-9_.]+/)?token")
_TOKEN_USERS = frozenset(
    {"kubectl", "kube-proxy", "coredns", "flanneld", "calico-node", "cilium-agent", "aws-k8s-agent"}
)


def trc_r2p_013(event):
    if event.get("eventName") != "security_file_open" or not in_container(event):
        return None
    path = arg(event, "pathname")
    if path.__class__ is not str or _TOKEN.fullmatch(path) is None:
        return None
    comm = event.get("processName", MISSING)
    if comm is MISSING or str_in(comm, _TOKEN_USERS):
        return None
    return {"pathname": path, "process": comm}


# ---------------------------------------------------------------- TRC-R2P-015 (cgroup_release_agent)


def trc_r2p_015(event):
    name = event.get("eventName")
    if name == "security_file_open":
        path = arg(event, "pathname")
        if path.__class__ is str and path.endswith("/release_agent") and _written(event):
            return {"pathname": path}
    elif name == "security_inode_rename":
        path = arg(event, "new_path")
        if path.__class__ is str and path.endswith("/release_agent"):
            return {"pathname": path}
    return None


# ---------------------------------------------------------------- TRC-R2P-016 (cgroup_notify_on_release)


def trc_r2p_016(event):
    if event.get("eventName") != "security_file_open" or origin(event) != "container":
        return None
    c = event.get("container")
    if c.__class__ is not dict or "name" not in c:
        return None
    path = arg(event, "pathname")
    if path.__class__ is not str or _basename(path) != "notify_on_release" or not _written(event):
        return None
    return {"pathname": path, "container": c["name"]}


# ---------------------------------------------------------------- TRC-R2P-017 (core_pattern_modification)

_CORE_PATTERN = frozenset({"/proc/sys/kernel/core_pattern", "/proc/sys/kernel/core_uses_pid"})


def trc_r2p_017(event):
    if event.get("eventName") != "security_file_open":
        return None
    path = arg(event, "pathname")
    if not str_in(path, _CORE_PATTERN) or not _written(event):
        return None
    return {"pathname": path, "severity": 3 if in_container(event) else 2}


# ---------------------------------------------------------------- TRC-R2P-018 (sysrq_modification)

_SYSRQ = {"/proc/sys/kernel/sysrq": "setting", "/proc/sysrq-trigger": "trigger"}


def trc_r2p_018(event):
    if event.get("eventName") != "security_file_open":
        return None
    path = arg(event, "pathname")
    if path.__class__ is not str or path not in _SYSRQ or not _written(event):
        return None
    return {"pathname": path, "kind": _SYSRQ[path]}


# ---------------------------------------------------------------- TRC-R2P-019 (default_loader_modification)

_LOADER = re.compile(r"/(?:usr/)?lib(?:32|64|x32)?/(?:[a-z0-9_]+-linux-[a-z0-9]+/)?ld-(?:linux|musl)[^/]*\.so(?:\.[0-9]+)*")
_PACKAGE_MANAGERS = frozenset({"dpkg", "apt", "apt-get", "rpm", "dnf", "yum", "apk", "pacman", "zypper"})


def trc_r2p_019(event):
    name = event.get("eventName")
    if name == "security_file_open":
        path = arg(event, "pathname")
        op = "write"
        if path.__class__ is not str or _LOADER.fullmatch(path) is None or not _written(event):
            return None
    elif name == "security_inode_rename":
        path = arg(event, "new_path")
        op = "rename"
        if path.__class__ is not str or _LOADER.fullmatch(path) is None:
            return None
    else:
        return None
    if _unknown_or_in(event, "processName", _PACKAGE_MANAGERS):
        return None
    return {"pathname": path, "operation": op}


# ---------------------------------------------------------------- TRC-R2P-020 (docker_socket_access)

_RUNTIME_SOCKETS = frozenset({"docker.sock", "containerd.sock", "crio.sock", "dockershim.sock"})


def trc_r2p_020(event):
    name = event.get("eventName")
    if name == "security_file_open":
        if not in_container(event):
            return None
        path = arg(event, "pathname")
    elif name == "security_socket_connect":
        if not in_container(event):
            return None
        addr = arg(event, "remote_addr")
        if addr.__class__ is not dict or addr.get("sa_family") != "AF_UNIX" or "sun_path" not in addr:
            return None
        path = addr["sun_path"]
    else:
        return None
    if path.__class__ is not str or _basename(path) not in _RUNTIME_SOCKETS:
        return None
    return {"socket": path}


# ---------------------------------------------------------------- TRC-R2P-023 (kcore_read)


def trc_r2p_023(event):
    if event.get("eventName") == "security_file_open" and arg(event, "pathname") == "/proc/kcore" and _read(event):
        return True
    return None


# ---------------------------------------------------------------- TRC-R2P-024 (sched_debug_read)

_SCHED_DEBUG = frozenset({"/proc/sched_debug", "/sys/kernel/debug/sched/debug", "/sys/kernel/debug/sched_debug"})


def trc_r2p_024(event):
    if event.get("eventName") != "security_file_open":
        return None
    cf = event.get("contextFlags")  # input.contextFlags.containerStarted: defined and not false
    if cf.__class__ is not dict or cf.get("containerStarted", False) is False:
        return None
    path = arg(event, "pathname")
    if not str_in(path, _SCHED_DEBUG) or not _read(event):
        return None
    return {"pathname": path}


# ---------------------------------------------------------------- TRC-R2P-025 (aslr_inspection)


def trc_r2p_025(event):
    if (
        event.get("eventName") == "security_file_open"
        and arg(event, "pathname") == "/proc/sys/kernel/randomize_va_space"
        and _read(event)
        and not _unknown_or_in(event, "processName", ("sysctl", "systemd-sysctl"))
    ):
        return True
    return None


# ---------------------------------------------------------------- TRC-R2P-026 (rcd_modification)

_INIT_SCRIPT = re.compile(
    r"/etc/rc\.local|/etc/rc\.d/rc\.local|/etc/init\.d/[^/]+|/etc/rc\.d/init\.d/[^/]+|/etc/rc[0-6S]\.d/[^/]+"
)


def trc_r2p_026(event):
    name = event.get("eventName")
    if name == "security_file_open":
        path = arg(event, "pathname")
        if path.__class__ is str and _INIT_SCRIPT.fullmatch(path) is not None and _written(event):
            return {"pathname": path, "operation": "write"}
    elif name == "security_inode_rename":
        path = arg(event, "new_path")
        if path.__class__ is str and _INIT_SCRIPT.fullmatch(path) is not None:
            return {"pathname": path, "operation": "rename"}
    elif name == "sched_process_exec":
        path = arg(event, "pathname")
        if path.__class__ is str and _basename(path) == "update-rc.d":
            if not has_arg(event, "argv"):
                argv = []
            else:
                argv = arg(event, "argv")
                if argv is MISSING:
                    return None
            return {"pathname": path, "operation": "update-rc.d", "argv": argv}
    return None


# ---------------------------------------------------------------- TRC-R2P-027 (cron_modification)

_CRON_FILES = frozenset({"/etc/crontab", "/etc/anacrontab"})
_CRON_DIRS = ("/etc/cron.d/", "/etc/cron.hourly/", "/etc/cron.daily/", "/etc/cron.weekly/", "/etc/cron.monthly/",
              "/var/spool/cron/")


def trc_r2p_027(event):
    name = event.get("eventName")
    if name == "security_file_open":
        if not _written(event):
            return None
        path = arg(event, "pathname")
    elif name == "security_inode_rename":
        path = arg(event, "new_path")
    else:
        return None
    if path.__class__ is not str or not (path in _CRON_FILES or path.startswith(_CRON_DIRS)):
        return None
    if _unknown_or_in(event, "processName", ("crontab", "anacron")):
        return None
    return {"pathname": path}


# ---------------------------------------------------------------- TRC-R2P-028 (sudoers_modification)


def _sudoers(path) -> bool:
    return path == "/etc/sudoers" or (
        path.__class__ is str and path.startswith("/etc/sudoers.d/") and not path.endswith("/README")
    )


def trc_r2p_028(event):
    name = event.get("eventName")
    if name == "security_file_open":
        path = arg(event, "pathname")
        if not _sudoers(path) or not _written(event):
            return None
    elif name == "security_inode_rename":
        path = arg(event, "new_path")
        if not _sudoers(path):
            return None
    else:
        return None
    tool = event.get("processName", MISSING)  # "visudo" when it is visudo, else the process name
    if tool is MISSING:
        return None
    return {"pathname": path, "tool": tool}


# ---------------------------------------------------------------- TRC-R2P-033 (proc_mem_read)

_PROC_PID_MEM = re.compile(r"/proc/(?:[0-9]+|self|thread-self)(?:/task/[0-9]+)?/mem")
_DEBUGGERS = ("gdb", "lldb", "gcore", "strace", "ltrace", "perf")


def _same_number(a, b) -> bool:
    return is_number(b) and a == b


def trc_r2p_033(event):
    if event.get("eventName") != "security_file_open":
        return None
    path = arg(event, "pathname")
    if path.__class__ is not str or _PROC_PID_MEM.fullmatch(path) is None:
        return None
    part = path.split("/")[2]
    if not (part and DIGITS.issuperset(part)):
        return None  # /proc/self/mem, /proc/thread-self/mem: no pid
    pid = int(part)
    # not pid in {input.processId, input.hostProcessId}: undefined when either is missing
    own, host = event.get("processId", MISSING), event.get("hostProcessId", MISSING)
    if own is MISSING or host is MISSING or _same_number(pid, own) or _same_number(pid, host):
        return None
    flags = arg(event, "flags")
    if flags is MISSING or not is_file_read(flags) or is_file_write(flags):
        return None
    if _unknown_or_in(event, "processName", _DEBUGGERS):
        return None
    return {"pathname": path, "target_pid": pid}
