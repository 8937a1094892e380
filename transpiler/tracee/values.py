"""Argument values raw and parsed: the text forms Tracee's ParseArgs gives
(libbpfgo's helpers/argumentParsing.go), and back.

``parse(event, arg, value)`` is the parsed text of a raw value (None when
we have no table for that argument); ``unparse(event, arg, text)`` the raw
number of a parsed text (None when it cannot be read back; a parsed mode
has lost its setuid/setgid/sticky bits, as Tracee writes it).
"""

from __future__ import annotations

from .formats import CAPABILITIES

__all__ = ["parse", "unparse"]

PTRACE = {
    0: "PTRACE_TRACEME", 1: "PTRACE_PEEKTEXT", 2: "PTRACE_PEEKDATA", 3: "PTRACE_PEEKUSR",
    4: "PTRACE_POKETEXT", 5: "PTRACE_POKEDATA", 6: "PTRACE_POKEUSR", 7: "PTRACE_CONT",
    8: "PTRACE_KILL", 9: "PTRACE_SINGLESTEP", 12: "PTRACE_GETREGS", 13: "PTRACE_SETREGS",
    14: "PTRACE_GETFPREGS", 15: "PTRACE_SETFPREGS", 16: "PTRACE_ATTACH", 17: "PTRACE_DETACH",
    18: "PTRACE_GETFPXREGS", 19: "PTRACE_SETFPXREGS", 24: "PTRACE_SYSCALL",
    0x4200: "PTRACE_SETOPTIONS", 0x4201: "PTRACE_GETEVENTMSG", 0x4202: "PTRACE_GETSIGINFO",
    0x4203: "PTRACE_SETSIGINFO", 0x4204: "PTRACE_GETREGSET", 0x4205: "PTRACE_SETREGSET",
    0x4206: "PTRACE_SEIZE", 0x4207: "PTRACE_INTERRUPT", 0x4208: "PTRACE_LISTEN",
}
# other spellings accepted when reading a parsed value back
_PTRACE_ALIASES = {"PTRACE_PEEKUSER": 3, "PTRACE_POKEUSER": 6}

# open(2) flags after the access mode, in the order Tracee writes them
OPEN_FLAGS = (
    (0o100, "O_CREAT"), (0o200, "O_EXCL"), (0o400, "O_NOCTTY"), (0o1000, "O_TRUNC"),
    (0o2000, "O_APPEND"), (0o4000, "O_NONBLOCK"), (0o4010000, "O_SYNC"), (0o10000, "O_DSYNC"),
    (0o20000, "FASYNC"), (0o40000, "O_DIRECT"), (0o100000, "O_LARGEFILE"),
    (0o200000, "O_DIRECTORY"), (0o400000, "O_NOFOLLOW"), (0o1000000, "O_NOATIME"),
    (0o2000000, "O_CLOEXEC"), (0o10000000, "O_PATH"),
)
_ACCESS = {0: "O_RDONLY", 1: "O_WRONLY", 2: "O_RDWR"}

FILE_TYPES = (
    (0o140000, "S_IFSOCK"), (0o120000, "S_IFLNK"), (0o100000, "S_IFREG"), (0o060000, "S_IFBLK"),
    (0o040000, "S_IFDIR"), (0o020000, "S_IFCHR"), (0o010000, "S_IFIFO"),
)
_PERMS = (  # (all, name of all, (bit, name)...) per class
    (0o700, "S_IRWXU", ((0o400, "S_IRUSR"), (0o200, "S_IWUSR"), (0o100, "S_IXUSR"))),
    (0o070, "S_IRWXG", ((0o040, "S_IRGRP"), (0o020, "S_IWGRP"), (0o010, "S_IXGRP"))),
    (0o007, "S_IRWXO", ((0o004, "S_IROTH"), (0o002, "S_IWOTH"), (0o001, "S_IXOTH"))),
)

PROT = ((1, "PROT_READ"), (2, "PROT_WRITE"), (4, "PROT_EXEC"))
ALERTS = {
    1: "Mmaped region with W+E permissions!", 2: "Protection changed to Executable!",
    3: "Protection changed from E to W+E!", 4: "Protection changed from W to E!",
}
FAMILIES = {
    0: "AF_UNSPEC", 1: "AF_UNIX", 2: "AF_INET", 3: "AF_AX25", 4: "AF_IPX", 5: "AF_APPLETALK",
    9: "AF_X25", 10: "AF_INET6", 16: "AF_NETLINK", 17: "AF_PACKET", 38: "AF_ALG", 40: "AF_VSOCK",
    44: "AF_XDP",
}
SOCKET_TYPES = {1: "SOCK_STREAM", 2: "SOCK_DGRAM", 3: "SOCK_RAW", 4: "SOCK_RDM", 5: "SOCK_SEQPACKET",
                6: "SOCK_DCCP", 10: "SOCK_PACKET"}
_SOCK_FLAGS = ((0o4000, "SOCK_NONBLOCK"), (0o2000000, "SOCK_CLOEXEC"))
BPF_CMDS = dict(enumerate((
    "BPF_MAP_CREATE", "BPF_MAP_LOOKUP_ELEM", "BPF_MAP_UPDATE_ELEM", "BPF_MAP_DELETE_ELEM",
    "BPF_MAP_GET_NEXT_KEY", "BPF_PROG_LOAD", "BPF_OBJ_PIN", "BPF_OBJ_GET", "BPF_PROG_ATTACH",
    "BPF_PROG_DETACH", "BPF_PROG_TEST_RUN", "BPF_PROG_GET_NEXT_ID", "BPF_MAP_GET_NEXT_ID",
    "BPF_PROG_GET_FD_BY_ID", "BPF_MAP_GET_FD_BY_ID", "BPF_OBJ_GET_INFO_BY_FD", "BPF_PROG_QUERY",
    "BPF_RAW_TRACEPOINT_OPEN", "BPF_BTF_LOAD", "BPF_BTF_GET_FD_BY_ID", "BPF_TASK_FD_QUERY",
    "BPF_MAP_LOOKUP_AND_DELETE_ELEM", "BPF_MAP_FREEZE", "BPF_BTF_GET_NEXT_ID",
    "BPF_MAP_LOOKUP_BATCH", "BPF_MAP_LOOKUP_AND_DELETE_BATCH", "BPF_MAP_UPDATE_BATCH",
    "BPF_MAP_DELETE_BATCH", "BPF_LINK_CREATE", "BPF_LINK_UPDATE", "BPF_LINK_GET_FD_BY_ID",
    "BPF_LINK_GET_NEXT_ID", "BPF_ENABLE_STATS", "BPF_ITER_CREATE", "BPF_LINK_DETACH",
    "BPF_PROG_BIND_MAP",
)))
READ_FILE_TYPES = {0: "unknown", 1: "firmware", 2: "kernel-module", 3: "kexec-image",
                   4: "kexec-initramfs", 5: "security-policy", 6: "x509-certificate"}
ACCESS_MODES = ((4, "R_OK"), (2, "W_OK"), (1, "X_OK"))


def _flags(value: int, table) -> list[str]:
    return [name for bit, name in table if value & bit == bit]


def open_flags(v: int) -> str:
    return "|".join([_ACCESS.get(v & 3, "O_ACCMODE")] + _flags(v & ~3, OPEN_FLAGS))


def inode_mode(v: int) -> str:
    """Tracee's text of a mode: file type, then permissions (no setuid/setgid/sticky)."""
    out = [name for bits, name in FILE_TYPES if v & 0o170000 == bits]
    for all_, name, each in _PERMS:
        if v & all_ == all_:
            out.append(name)
        else:
            out += [n for b, n in each if v & b]
    return "|".join(out)


def prot(v: int) -> str:
    return "|".join(_flags(v, PROT)) or "PROT_NONE"


def socket_type(v: int) -> str:
    base = SOCKET_TYPES.get(v & 0xF, str(v & 0xF))
    return "|".join([base] + _flags(v, _SOCK_FLAGS))


def access_mode(v: int) -> str:
    return "|".join(_flags(v, ACCESS_MODES)) or "F_OK"


# (event, argument) -> raw number to text
_PARSERS = {
    "request": lambda v: PTRACE.get(v),
    "flags": open_flags,
    "mode": inode_mode,
    "stdin_type": inode_mode,
    "in_file_type": inode_mode,
    "prot": prot,
    "prev_prot": prot,
    "alert": lambda v: ALERTS.get(v),
    "family": lambda v: FAMILIES.get(v),
    "domain": lambda v: FAMILIES.get(v),
    "cmd": lambda v: BPF_CMDS.get(v),
    "cap": lambda v: CAPABILITIES[v] if 0 <= v < len(CAPABILITIES) else None,
}
_BY_EVENT = {
    ("security_kernel_read_file", "type"): lambda v: READ_FILE_TYPES.get(v),
    ("security_kernel_post_read_file", "type"): lambda v: READ_FILE_TYPES.get(v),
    ("security_socket_create", "type"): socket_type,
    ("socket", "type"): socket_type,
    ("access", "mode"): access_mode,
    ("faccessat", "mode"): access_mode,
}


def parse(event: str, arg: str, value) -> str | None:
    """Tracee's parsed text of a raw argument value (None: no table for it)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    f = _BY_EVENT.get((event, arg)) or _PARSERS.get(arg)
    if f is None:
        return None
    try:
        return f(value)
    except (KeyError, IndexError):
        return None


def _reverse(table: dict) -> dict:
    return {v: k for k, v in table.items()}


def unparse(event: str, arg: str, text: str) -> int | None:
    """The raw number of a parsed value, when it can be read back."""
    if not isinstance(text, str):
        return None
    if text.startswith("0x"):
        try:
            return int(text, 16)
        except ValueError:
            return None
    parts = text.split("|")
    key = (event, arg)
    if arg == "request":
        return _reverse(PTRACE).get(text, _PTRACE_ALIASES.get(text))
    if key in (("security_kernel_read_file", "type"), ("security_kernel_post_read_file", "type")):
        return _reverse(READ_FILE_TYPES).get(text)
    if key in (("security_socket_create", "type"), ("socket", "type")):
        base = _reverse(SOCKET_TYPES).get(parts[0])
        flags = dict((n, b) for b, n in _SOCK_FLAGS)
        if base is None or any(p not in flags for p in parts[1:]):
            return None
        return base | sum(flags[p] for p in parts[1:])
    if arg == "flags":
        acc = _reverse(_ACCESS).get(parts[0])
        names = dict((n, b) for b, n in OPEN_FLAGS)
        if acc is None or any(p not in names for p in parts[1:]):
            return None
        return acc | sum(names[p] for p in parts[1:])
    if arg in ("prot", "prev_prot"):
        if text == "PROT_NONE":
            return 0
        names = dict((n, b) for b, n in PROT)
        return sum(names[p] for p in parts) if all(p in names for p in parts) else None
    if arg == "alert":
        return _reverse(ALERTS).get(text)
    if arg in ("family", "domain"):
        return _reverse(FAMILIES).get(text)
    if arg == "cmd":
        return _reverse(BPF_CMDS).get(text)
    if arg in ("mode", "stdin_type", "in_file_type") and key not in (("access", "mode"), ("faccessat", "mode")):
        # without the setuid/setgid/sticky bits, which a parsed mode never has
        names = dict((n, b) for b, n in FILE_TYPES)
        for all_, name, each in _PERMS:
            names[name] = all_
            names.update((n, b) for b, n in each)
        return sum(names[p] for p in parts) if all(p in names for p in parts) else None
    return None
