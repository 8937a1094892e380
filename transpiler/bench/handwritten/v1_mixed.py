"""The v1 signatures that select security_file_open and also exec (or
rename) events, by hand: TRC-R2P-047, 049, 054, 065."""

from __future__ import annotations

import re

from . import _lib_event as ev
from ._common import MISSING, arg, is_file_write, str_in

# ---------------------------------------------------------------- TRC-R2P-047 (account_creation)

_ACCOUNT_TOOLS = frozenset({"useradd", "adduser", "usermod", "groupadd", "addgroup", "newusers"})
_FILE_WRITERS = _ACCOUNT_TOOLS | {"passwd", "chpasswd", "chage", "vipw", "vigr", "visudo", "userdel", "groupdel",
                                  "gpasswd", "systemd-sysuser", "dpkg", "rpm", "pwconv", "grpconv"}
_ACCOUNT_FILES = frozenset({"/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow", "/etc/sudoers"})
_ADMIN_GROUPS = frozenset({"root", "sudo", "wheel", "admin", "adm", "docker", "lxd", "disk", "shadow"})
_GROUPS_OPTION = re.compile(r"-[a-zA-Z]*G|--groups")


def _account_tool(event):
    argv = ev.argv(event)
    n = len(argv)
    groups = set()
    uid_zero = False
    for i, a in enumerate(argv):
        if a.__class__ is not str:
            continue
        if _GROUPS_OPTION.fullmatch(a) and i + 1 < n and argv[i + 1].__class__ is str:
            groups.update(argv[i + 1].split(","))
        if a.startswith("--groups="):
            groups.update(a[9:].split(","))
        if a in ("-u", "--uid") and i + 1 < n and argv[i + 1] == "0":
            uid_zero = True
        if a == "--uid=0":
            uid_zero = True
    admin = groups & _ADMIN_GROUPS
    account = ""
    if n > 1:
        last = argv[-1]
        if not (last.__class__ is str and last.startswith("-")):
            account = last
    return {
        "method": "account tool",
        "tool": ev.exec_name(event),
        "account": account,
        "privileged": uid_zero or bool(admin),
        "admin_groups": sorted(admin),
    }


def trc_r2p_047(event):
    name = event.get("eventName")
    if name == "sched_process_exec":
        tool = ev.exec_name(event)
        if tool is MISSING or not str_in(tool, _ACCOUNT_TOOLS):
            return None
        return _account_tool(event)
    if name == "security_file_open":
        target = arg(event, "pathname")
        if target.__class__ is not str:
            return None
        if not (target in _ACCOUNT_FILES or target.startswith("/etc/sudoers.d/")):
            return None
        flags = arg(event, "flags")
        if flags is MISSING or not is_file_write(flags):
            return None
        comm = event.get("processName", MISSING)
        if comm is MISSING or str_in(comm, _FILE_WRITERS):
            return None
        return {"method": "direct write", "pathname": target, "privileged": target.startswith("/etc/sudoers")}
    return None


# ---------------------------------------------------------------- TRC-R2P-049 (security_tools_disable)

_DISABLING = {
    "setenforce": (("0",), ("Permissive",), ("permissive",)),
    "aa-teardown": ((),),
    "aa-disable": ((),),
    "auditctl": (("-e", "0"), ("-D",)),
    "apparmor_parser": (("-R",), ("--remove",)),
}
_SERVICES = frozenset({"auditd", "apparmor", "falco", "tracee", "osqueryd", "wazuh-agent", "clamav-daemon",
                       "falcon-sensor", "selinux-autorelabel"})
_SECURITY_FILES = {
    "/sys/fs/selinux/enforce": "SELinux enforcement",
    "/sys/kernel/security/apparmor/.remove": "AppArmor profile removal",
    "/proc/sys/kernel/yama/ptrace_scope": "Yama ptrace restrictions",
}


def trc_r2p_049(event):
    name = event.get("eventName")
    actions = set()
    if name == "sched_process_exec":
        program = ev.exec_name(event)
        argv = ev.argv(event)
        if program.__class__ is str and program in _DISABLING:
            for needed in _DISABLING[program]:
                if all(w in argv for w in needed):
                    actions.add(f"{program} {' '.join(needed)}")
        if program in ("systemctl", "service"):
            units = {a.removesuffix(".service") for a in argv if a.__class__ is str} & _SERVICES
            for verb in ("stop", "disable", "mask", "kill"):
                if verb in argv:
                    actions.update(f"{verb} of {u}" for u in units)
    elif name == "security_file_open":
        path = arg(event, "pathname")
        if path.__class__ is str and path in _SECURITY_FILES:
            flags = arg(event, "flags")
            if flags is not MISSING and is_file_write(flags):
                actions.add(f"write to {path} ({_SECURITY_FILES[path]})")
    if not actions or "processName" not in event:
        return None
    return {"actions": sorted(a.strip() for a in actions), "process": event["processName"]}


# ---------------------------------------------------------------- TRC-R2P-054 (dynamic_linker_hijack)

_WRITABLE = re.compile(r"(?:/tmp|/var/tmp|/dev/shm|/run/shm|/run/user/[0-9]+)/")
_LIB_SEP = re.compile(r"[: ]+")


def _env_value(env, key):
    """helpers.env_value; MISSING when undefined"""
    prefix = key + "="
    for entry in ev.values_of(env):
        if entry.__class__ is str and entry.startswith(prefix):
            return entry[len(prefix):]
    return MISSING


def _libraries(value):
    if value.__class__ is not str:
        return []
    return [lib for lib in _LIB_SEP.split(value) if lib != ""]


def _suspicious(lib) -> bool:
    if _WRITABLE.match(lib):
        return True
    return any(part.startswith(".") and part not in (".", "..") for part in lib.split("/"))


def trc_r2p_054(event):
    name = event.get("eventName")
    hijacks = set()
    if name == "sched_process_exec":
        env = ev.arg_or(event, "env", [])
        for lib in _libraries(_env_value(env, "LD_AUDIT")):
            hijacks.add((lib, "LD_AUDIT"))
        for lib in _libraries(_env_value(env, "LD_PRELOAD")):
            if _suspicious(lib):
                hijacks.add((lib, "LD_PRELOAD"))
    elif name == "security_file_open":
        if arg(event, "pathname") == "/etc/ld.so.preload" and ev.opened_for_write(event):
            comm = event.get("processName", MISSING)
            if comm is not MISSING and not str_in(comm, ("dpkg", "rpm", "apk", "yum", "dnf")):
                hijacks.add(("", "/etc/ld.so.preload"))
    if not hijacks or "processName" not in event:
        return None
    # objects sort by their keys' values in key order: library, then via
    return {"hijacks": [{"via": via, "library": lib} for lib, via in sorted(hijacks)], "process": event["processName"]}


# ---------------------------------------------------------------- TRC-R2P-065 (systemd_unit_write)

_UNIT_DIRS = ("/etc/systemd/system/", "/lib/systemd/system/", "/usr/lib/systemd/system/", "/run/systemd/system/",
              "/etc/systemd/user/", "/usr/lib/systemd/user/")
_USER_UNIT_DIR = re.compile(r"/(?:home/[^/]+|root)/\.config/systemd/user/")
_UNIT_KINDS = frozenset({"service", "timer", "socket", "path"})
_UNIT_TOOLS = frozenset({"dpkg", "rpm", "apk", "yum", "dnf", "snapd", "systemctl", "systemd", "flatpak"})


def _unit_of(path):
    name = ev.basename(path)
    if name.split(".")[-1] in _UNIT_KINDS:
        return name
    if path.endswith(".conf"):
        d = ev.dirname(path)
        if d.endswith(".d"):
            return ev.basename(d).removesuffix(".d")
    return MISSING


def trc_r2p_065(event):
    name = event.get("eventName")
    if name == "security_file_open":
        if not ev.opened_for_write(event):
            return None
        target = arg(event, "pathname")
    elif name == "security_inode_rename":
        target = arg(event, "new_path")
    else:
        return None
    if target.__class__ is not str:
        return None
    if target.startswith(_UNIT_DIRS):
        scope = "system"
    elif _USER_UNIT_DIR.match(target):
        scope = "user"
    else:
        return None
    unit = _unit_of(target)
    if unit is MISSING:
        return None
    kind = unit.split(".")[-1]
    if kind not in _UNIT_KINDS:
        return None
    comm = event.get("processName", MISSING)
    if comm is MISSING or str_in(comm, _UNIT_TOOLS):
        return None
    return {"unit": unit, "kind": kind, "drop_in": target.endswith(".conf"), "scope": scope, "pathname": target}
