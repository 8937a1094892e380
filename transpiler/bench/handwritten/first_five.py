"""The first five hand-written signatures (see the package's docstring for the standard):

- TRC-R2P-001 (ptrace): PTRACE_TRACEME on itself (signatures/v0/anti_debugging.rego)
- TRC-R2P-003 (file open): /proc/<pid>/mem opened for writing (v0/proc_mem_code_injection.rego)
- TRC-R2P-008 (magic_write): ELF header written, not by the toolchain (v0/dropped_executable.rego)
- TRC-R2P-035 (file open): shadow files read (v1/shadow_read.rego)
- TRC-R2P-056 (exec): execution from a temporary directory (v1/temp_dir_exec.rego)
"""

from __future__ import annotations

import re

from ._common import DIGITS as _DIGITS
from ._common import MISSING as _MISSING
from ._common import arg as _arg
from ._common import in_container as _in_container
from ._common import is_file_read as _is_read
from ._common import is_file_write as _is_write
from ._common import is_number as _number


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
    comm = event.get("processName", _MISSING)  # not toolchain[input.processName]: undefined when it is missing
    if comm is _MISSING or (comm.__class__ is str and comm in _TOOLCHAIN):
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
