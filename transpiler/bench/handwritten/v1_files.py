"""The v1 signatures that select security_file_open (signatures/v1/), by
hand, with ``tracee.lib.event`` from ``_lib_event``. Each one answers for
every event (036 and 063 check no event name at all)."""

from __future__ import annotations

import re

from . import _lib_event as ev
from ._common import MISSING, arg, in_container, is_file_read, is_file_write, str_in


def _process(event, excluded):
    """input.processName for the finding, MISSING when ``not
    input.processName in excluded`` fails (missing, or one of them)."""
    comm = event.get("processName", MISSING)
    if comm is MISSING or str_in(comm, excluded):
        return MISSING
    return comm


# ---------------------------------------------------------------- TRC-R2P-036 (ssh_private_key_read)

_SSH_TOOLS = frozenset({"ssh", "sshd", "ssh-agent", "ssh-add", "ssh-keygen", "ssh-keysign", "scp", "sftp",
                        "sftp-server", "git", "gpg-agent"})
_USER_KEY = re.compile(r"id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?")
_HOST_KEY = re.compile(r"ssh_host_(?:rsa|dsa|ecdsa|ed25519)_key")


def trc_r2p_036(event):
    path = arg(event, "pathname")
    if path.__class__ is not str:
        return None
    base = ev.basename(path)
    if "/.ssh/" in path and _USER_KEY.fullmatch(base):
        kind = "user"
    elif path.startswith("/etc/ssh/") and _HOST_KEY.fullmatch(base):
        kind = "host"
    else:
        return None
    if not ev.opened_for_read(event):
        return None
    comm = _process(event, _SSH_TOOLS)
    if comm is MISSING:
        return None
    return {"pathname": path, "key": kind, "process": comm}


# ---------------------------------------------------------------- TRC-R2P-037 (authorized_keys_write)

_TRUSTED_037 = frozenset({"cloud-init", "google_guest_ag", "waagent", "ec2-instance-co"})


def trc_r2p_037(event):
    name = event.get("eventName")
    if name == "security_file_open":
        if not ev.opened_for_write(event):
            return None
        path, method = arg(event, "pathname"), "open for write"
    elif name == "security_inode_rename":
        path, method = arg(event, "new_path"), "rename"
    else:
        return None
    if path.__class__ is not str or ev.basename(path) not in ("authorized_keys", "authorized_keys2"):
        return None
    comm = event.get("processName", MISSING)
    if comm is MISSING or str_in(comm, _TRUSTED_037):
        return None
    return {"pathname": path, "method": method, "process": comm}


# ---------------------------------------------------------------- TRC-R2P-038 (history_tampering)

_HISTORY = frozenset({".bash_history", ".zsh_history", ".sh_history", ".ash_history", ".history",
                      ".python_history", ".mysql_history", ".psql_history", ".node_repl_history"})
_HISTORY_COMMANDS = re.compile(
    r"(?:^|[;&|(]\s*)(?:history\s+-c|history\s+-w\s+/dev/null|unset\s+HISTFILE|export\s+HISTFILE=/dev/null"
    r"|set\s+\+o\s+history)",
    re.ASCII,  # Go's \s is ASCII whitespace
)


def _is_history(path) -> bool:
    return path.__class__ is str and ev.basename(path) in _HISTORY


def _disabling(name, value) -> bool:
    if name == "HISTFILE":
        return value in ("/dev/null", "")
    if name in ("HISTSIZE", "HISTFILESIZE"):
        return value == "0"
    return name == "HISTCONTROL" and "ignorespace" in value.split(":")


def trc_r2p_038(event):
    name = event.get("eventName")
    reasons = set()
    if name == "security_inode_unlink":
        if _is_history(arg(event, "pathname")):
            reasons.add("history file deleted")
    elif name == "security_file_open":
        if _is_history(arg(event, "pathname")):
            flags = arg(event, "flags")
            if flags is not MISSING and ev.has_open_flag(flags, "O_TRUNC"):
                reasons.add("history file truncated")
    elif name == "security_inode_symlink":
        if _is_history(arg(event, "linkpath")) and arg(event, "target") == "/dev/null":
            reasons.add("history file linked to /dev/null")
    elif name == "sched_process_exec":
        for k, v in ev.env(event).items():
            if _disabling(k, v):
                reasons.add(f"{k}={v} in the environment")
        for part in ev.argv(event):
            if part.__class__ is str and _HISTORY_COMMANDS.search(part):
                reasons.add("history cleared by a shell command")
                break
    if not reasons or "processName" not in event:
        return None
    return {"reasons": sorted(reasons), "process": event["processName"]}


# ---------------------------------------------------------------- TRC-R2P-045 (log_clearing)

_ROTATORS = frozenset({"logrotate", "systemd-journal", "journalctl", "rsyslogd", "syslog-ng", "savelog", "dpkg",
                       "apt-get", "unattended-upgr"})
_CRITICAL = frozenset({"/var/log/auth.log", "/var/log/secure", "/var/log/wtmp", "/var/log/btmp", "/var/log/lastlog",
                       "/var/log/audit/audit.log"})
_ROTATED = re.compile(r"\.(?:[0-9]+|gz|xz|bz2|zst|old)\Z")
_VACUUM = re.compile(r"--vacuum-(?:size|time|files)(?:=.*)?")


def _is_log(path) -> bool:
    return path.__class__ is str and path.startswith("/var/log/") and _ROTATED.search(path) is None


def trc_r2p_045(event):
    name = event.get("eventName", MISSING)
    if name == "security_inode_unlink":
        path = arg(event, "pathname")
        if not _is_log(path):
            return None
        action = "deleted"
    elif name == "security_file_open":
        path = arg(event, "pathname")
        flags = arg(event, "flags")
        if not _is_log(path) or flags is MISSING or not ev.has_open_flag(flags, "O_TRUNC"):
            return None
        action = "truncated"
    elif name == "sched_process_exec":
        if ev.exec_name(event) != "journalctl":
            return None
        if not any(a.__class__ is str and _VACUUM.fullmatch(a) for a in ev.argv(event)):
            return None
        action, path = "journal vacuumed", "/var/log/journal"
    else:
        return None
    comm = event.get("processName", MISSING)
    if comm is MISSING:
        return None
    if name != "sched_process_exec" and str_in(comm, _ROTATORS):
        return None  # trusted
    return {"action": action, "pathname": path, "critical": path in _CRITICAL, "process": comm}


# ---------------------------------------------------------------- TRC-R2P-063 (input_capture)

_INPUT_SERVICES = frozenset({
    "Xorg", "Xwayland", "gnome-shell", "kwin_wayland", "sway", "weston", "mutter", "systemd-logind",
    "systemd-udevd", "(udev-worker)", "upowerd", "acpid", "thermald", "gpm", "gsd-power", "libinput",
})
_KEYBOARD = re.compile(r"kbd|keyboard", re.I)
_MOUSE = re.compile(r"mouse|mice|ptr", re.I)
_EVENT_DEVICE = re.compile(r"/dev/input/event[0-9]+")


def trc_r2p_063(event):
    path = arg(event, "pathname")
    if path.__class__ is not str or not path.startswith("/dev/input/"):
        return None
    if path in ("/dev/input/", "/dev/input/by-id", "/dev/input/by-path"):
        return None
    comm = _process(event, _INPUT_SERVICES)
    if comm is MISSING:
        return None
    flags = arg(event, "flags")
    if flags is MISSING or not is_file_read(flags):
        return None
    if _KEYBOARD.search(path):
        kind = "keyboard"
    elif _MOUSE.search(path):
        kind = "mouse"
    elif _EVENT_DEVICE.fullmatch(path):
        kind = "event device"
    else:
        kind = "input device"
    return {"device": path, "kind": kind, "process": comm}


# ---------------------------------------------------------------- TRC-R2P-066 (shell_profile_modification)

_USER_FILES = frozenset({".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile", ".zshrc",
                         ".zprofile", ".zshenv", ".zlogin", ".kshrc", ".cshrc", ".tcshrc"})
_SYSTEM_FILES = frozenset({"/etc/profile", "/etc/bash.bashrc", "/etc/bashrc", "/etc/zsh/zshrc", "/etc/zsh/zprofile",
                           "/etc/zshrc", "/etc/environment", "/etc/csh.cshrc"})
_PROFILE_D = re.compile(r"/etc/profile\.d/[^/]+\.(?:sh|zsh|csh)")
_HOME_FILE = re.compile(r"/(?:home/[^/]+|root)/[^/]+")


def trc_r2p_066(event):
    name = event.get("eventName")
    if name == "security_file_open":
        flags = arg(event, "flags")
        if flags is MISSING or not is_file_write(flags):
            return None
        path = arg(event, "pathname")
    elif name == "security_inode_rename":
        path = arg(event, "new_path")
    else:
        return None
    if path.__class__ is not str:
        return None
    if path in _SYSTEM_FILES or _PROFILE_D.fullmatch(path):
        scope = "system"
    elif _HOME_FILE.fullmatch(path) and ev.basename(path) in _USER_FILES:
        scope = "user"
    else:
        return None
    comm = _process(event, ("dpkg", "rpm", "apk", "yum", "dnf", "useradd", "cp"))
    if comm is MISSING:
        return None
    return {"pathname": path, "scope": scope, "process": comm}


# ---------------------------------------------------------------- TRC-R2P-070 (proc_sys_write)

_SETTINGS = {
    "kernel/core_pattern": "a pipe handler here runs as root in the host's context",
    "kernel/modprobe": "the kernel runs this program as root to load modules",
    "kernel/randomize_va_space": "address space layout randomisation",
    "kernel/kptr_restrict": "kernel pointer hiding",
    "kernel/dmesg_restrict": "kernel log access",
    "kernel/yama/ptrace_scope": "ptrace restrictions",
    "kernel/unprivileged_bpf_disabled": "unprivileged eBPF",
    "kernel/perf_event_paranoid": "perf event restrictions",
    "kernel/kexec_load_disabled": "kexec lockdown",
    "vm/mmap_min_addr": "NULL dereference protection",
    "vm/nr_hugepages": "huge pages, wanted by RandomX miners",
    "fs/binfmt_misc/register": "binfmt_misc handlers run for matching executables",
    "fs/suid_dumpable": "core dumps of setuid programs",
}


def trc_r2p_070(event):
    path = arg(event, "pathname")
    if path.__class__ is not str or not path.startswith("/proc/sys/") or not ev.opened_for_write(event):
        return None
    setting = path[10:]
    purpose = _SETTINGS.get(setting)
    if purpose is None:
        if not setting.startswith("vm/") or setting in ("vm/drop_caches", "vm/compact_memory"):
            return None
        purpose = "virtual memory tuning"
    comm = _process(event, ("systemd-sysctl", "tuned", "sysctl-init", "kubelet"))
    if comm is MISSING:
        return None
    return {"setting": setting.replace("/", "."), "purpose": purpose, "process": comm,
            "in_container": in_container(event)}
