"""Five corpus signatures written by hand, as a careful engineer would:
plain dict access, early exits, no runtime library. They are the bound on
what generated code could reach, and return the same findings as the Rego
(None, True or the same dict) on Tracee events as the engine hands them
(``args`` a list or absent).

- TRC-R2P-001 (ptrace): PTRACE_TRACEME on itself (signatures/v0/anti_debugging.rego)
- TRC-R2P-003 (file open): /proc/<pid>/mem opened for writing (v0/proc_mem_code_injection.rego)
- TRC-R2P-008 (magic_write): ELF header written, not by the toolchain (v0/dropped_executable.rego)
- TRC-R2P-035 (file open): shadow files read (v1/shadow_read.rego)
- TRC-R2P-056 (exec): execution from a temporary directory (v1/temp_dir_exec.rego)

Semantics kept from OPA's: a missing argument or field makes the rule
undefined; a builtin given the wrong type makes its expression undefined;
booleans are not numbers; Go's ``$`` is the end of the text (``fullmatch``
here, not Python's ``$``).
"""

from __future__ import annotations

import re

__all__ = ["HANDWRITTEN", "SELECTED"]

_MISSING = object()


def _arg(event, name):
    """The value of the first argument called ``name`` that has a value;
    _MISSING when there is none."""
    args = event.get("args")
    if args is None:
        return _MISSING
    for a in args:
        if a.__class__ is dict and a.get("name") == name and "value" in a:
            return a["value"]
    return _MISSING


def _number(v) -> bool:
    c = v.__class__
    return c is int or c is float


def _int_bits(v):
    """v as an integer for bits.and, or None (not an integral number)."""
    c = v.__class__
    if c is int:
        return v
    if c is float and v.is_integer():
        return int(v)
    return None


# ---------------------------------------------------------------- TRC-R2P-001


def trc_r2p_001(event):
    if event.get("eventName") != "ptrace":
        return None
    request = _arg(event, "request")
    if (_number(request) and request == 0) or request == "PTRACE_TRACEME":  # raw or parsed
        return True
    return None


# ---------------------------------------------------------------- TRC-R2P-003

_PROC_MEM = re.compile(r"/proc/(?:[0-9]+|self|thread-self)(?:/task/[0-9]+)?/mem")
_DIGITS = frozenset("0123456789")


def _is_write(flags) -> bool:
    """helpers.is_file_write"""
    n = _int_bits(flags)
    if n is not None:
        return (n & 3) in (1, 2)
    if flags.__class__ is str:
        low = flags.lower()
        return "o_wronly" in low or "o_rdwr" in low
    return False


def _is_read(flags) -> bool:
    """helpers.is_file_read"""
    n = _int_bits(flags)
    if n is not None:
        return (n & 3) in (0, 2)
    if flags.__class__ is str:
        low = flags.lower()
        return "o_rdwr" in low or "o_wronly" not in low
    return False


def trc_r2p_003(event):
    if event.get("eventName") != "security_file_open":
        return None
    path = _arg(event, "pathname")
    if path.__class__ is not str or not path.endswith("/mem") or _PROC_MEM.fullmatch(path) is None:
        return None
    flags = _arg(event, "flags")
    if flags is _MISSING or not _is_write(flags):
        return None
    part = path.split("/")[2]
    if not (part and _DIGITS.issuperset(part)):
        return None  # /proc/self/mem: the process's own memory
    pid = int(part)
    own = event.get("processId", _MISSING)
    if _number(own) and own == pid:
        return None
    return {"pathname": path, "target_pid": pid}


# ---------------------------------------------------------------- TRC-R2P-008

_ELF_MAGIC = (127, 69, 76, 70)


def _is_elf(content) -> bool:
    if content.__class__ is str:
        return content.startswith("f0VMR")
    if content.__class__ is list and len(content) >= 4:
        for have, want in zip(content, _ELF_MAGIC):
            if not _number(have) or have != want:
                return False
        return True
    return False


# compilers, assemblers and linkers write ELF files as a matter of course
_TOOLCHAIN = frozenset(
    {"as", "ld", "ld.bfd", "ld.gold", "ld.lld", "cc", "gcc", "cc1", "collect2", "clang",
     "objcopy", "objtool", "strip", "ar", "ranlib", "rustc", "resolve_btfids", "pahole"}
)


def trc_r2p_008(event):
    if event.get("eventName") != "magic_write":
        return None
    comm = event.get("processName")
    if comm.__class__ is str and comm in _TOOLCHAIN:
        return None
    content = _arg(event, "bytes")
    if content is _MISSING or not _is_elf(content):
        return None
    path = _arg(event, "pathname")
    if path is _MISSING:
        return None
    if path.__class__ is str and (
        path.startswith("/proc/")
        or (path.startswith("/dev/") and path != "/dev/shm" and not path.startswith("/dev/shm/"))
        or path.startswith(("pipe:", "socket:", "anon_inode:"))
    ):
        return None
    return {"pathname": path}


# ---------------------------------------------------------------- TRC-R2P-035

_SHADOW = frozenset(
    {"/etc/shadow", "/etc/gshadow", "/etc/shadow-", "/etc/gshadow-", "/etc/security/opasswd"}
)
_TRUSTED = frozenset(
    {
        "passwd", "chpasswd", "chage", "unix_chkpwd", "login", "su", "sudo", "sshd",
        "useradd", "usermod", "userdel", "groupadd", "groupmod", "gpasswd", "vipw",
        "pwck", "grpck", "systemd-logind", "gdm-session-wor", "lightdm", "cron",
    }
)


def trc_r2p_035(event):
    path = _arg(event, "pathname")
    if path.__class__ is not str or path not in _SHADOW:
        return None
    comm = event.get("processName", _MISSING)
    if comm is _MISSING or (comm.__class__ is str and comm in _TRUSTED):
        return None
    uid = event.get("userId", _MISSING)
    if uid is _MISSING:
        return None
    flags = _arg(event, "flags")
    if flags is _MISSING or not _is_read(flags):
        return None
    return {"pathname": path, "process": comm, "uid": uid}


# ---------------------------------------------------------------- TRC-R2P-056

_TEMP_ROOTS = ("/tmp/", "/var/tmp/", "/dev/shm/", "/run/shm/")
_PROC_FD = re.compile(r"/proc/(?:self|[0-9]+)/fd/[0-9]+")
_EXPECTED = re.compile(
    r"/tmp/go-build[0-9]+/|/tmp/pip-[a-z0-9_-]+/|/tmp/\.mount_[A-Za-z0-9]+/"
    r"|/tmp/tmp[a-z0-9_]+/bin/|/var/tmp/rpm-tmp\.[A-Za-z0-9]+\Z"
)


def _in_container(event) -> bool:
    """lib.event.in_container: origin "container" or "container-init"."""
    cf = event.get("contextFlags")
    if cf.__class__ is dict and cf.get("containerStarted") is True:
        return True
    c = event.get("container")
    return c.__class__ is dict and "id" in c and c["id"] != ""


def trc_r2p_056(event):
    path = _arg(event, "pathname")
    if path.__class__ is not str:
        return None
    for root in _TEMP_ROOTS:
        if path.startswith(root):
            where = root[:-1]
            break
    else:
        if path.startswith("memfd:") or _PROC_FD.fullmatch(path) is not None:
            where = "memfd"
        else:
            return None
    if _EXPECTED.match(path) is not None:
        return None
    return {
        "pathname": path,
        "location": where,
        "in_container": _in_container(event),
        "hidden": "/." in path,
    }


# signature id -> hand-written match
HANDWRITTEN = {
    "TRC-R2P-001": trc_r2p_001,
    "TRC-R2P-003": trc_r2p_003,
    "TRC-R2P-008": trc_r2p_008,
    "TRC-R2P-035": trc_r2p_035,
    "TRC-R2P-056": trc_r2p_056,
}

# signature id -> the event names it selects (origin "*" for all five)
SELECTED = {
    "TRC-R2P-001": ("ptrace",),
    "TRC-R2P-003": ("security_file_open",),
    "TRC-R2P-008": ("magic_write",),
    "TRC-R2P-035": ("security_file_open",),
    "TRC-R2P-056": ("sched_process_exec",),
}
