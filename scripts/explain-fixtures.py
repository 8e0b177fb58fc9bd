#!/usr/bin/env python3
# Writes src/test/resources/explain/**: python3 scripts/explain-fixtures.py src/test/resources/explain
"""Writes the explain fixtures from the kernel's printk formats (mm/oom_kill.c dump_header/dump_task/
oom_kill_process, mm/page_alloc.c show_free_areas, lib/show_mem.c, mm/hugetlb.c hugetlb_show_meminfo,
mm/slab_common.c dump_unreclaimable_slab, mm/memcontrol.c mem_cgroup_print_oom_meminfo)."""
import os, sys
OUT = sys.argv[1]

RAM = 4194304          # 16 GB in 4 kB pages
RESERVED = 98304

class T:
    def __init__(s, pid, uid, name, rss, vm=None, ptes=None, swap=0, adj=0, anon=None, file=None, shmem=0):
        s.pid, s.uid, s.name, s.rss, s.adj, s.swap, s.shmem = pid, uid, name, rss, adj, swap, shmem
        s.vm = vm if vm is not None else rss * 2 + 20000
        s.ptes = ptes if ptes is not None else max(4, rss // 512)   # page-table pages
        s.anon = anon if anon is not None else rss - (file if file is not None else rss // 100) - shmem
        s.file = file if file is not None else rss // 100

def base_tasks():
    return [T(1, 0, "systemd", 2380), T(421, 0, "systemd-udevd", 612, adj=-1000), T(612, 0, "cron", 402),
            T(634, 104, "rsyslogd", 611), T(701, 0, "sshd", 512, adj=-1000), T(1013, 0, "containerd", 9120, adj=-999)]

def mem(**kw):
    d = dict(active_anon=1600000, inactive_anon=400000, active_file=9000, inactive_file=7000, unevictable=0,
             dirty=0, writeback=0, slab_reclaimable=20000, slab_unreclaimable=30000, mapped=4000, shmem=3000,
             pagetables=9000, free=40000)
    d.update(kw)
    return d

def meminfo(era, m):
    if era == "e3":
        return ["Mem-Info:",
                f"active_anon:{m['active_anon']} inactive_anon:{m['inactive_anon']} isolated_anon:0",
                f" active_file:{m['active_file']} inactive_file:{m['inactive_file']} isolated_file:0",
                f" unevictable:{m['unevictable']} dirty:{m['dirty']} writeback:{m['writeback']} unstable:0",
                f" free:{m['free']} slab_reclaimable:{m['slab_reclaimable']} slab_unreclaimable:{m['slab_unreclaimable']}",
                f" mapped:{m['mapped']} shmem:{m['shmem']} pagetables:{m['pagetables']} bounce:0"]
    lines = ["Mem-Info:",
             f"active_anon:{m['active_anon']} inactive_anon:{m['inactive_anon']} isolated_anon:0",
             f" active_file:{m['active_file']} inactive_file:{m['inactive_file']} isolated_file:0",
             f" unevictable:{m['unevictable']} dirty:{m['dirty']} writeback:{m['writeback']}" + (" unstable:0" if era in ("e4", "e4b") else ""),
             f" slab_reclaimable:{m['slab_reclaimable']} slab_unreclaimable:{m['slab_unreclaimable']}"]
    if era == "e6":
        lines += [f" mapped:{m['mapped']} shmem:{m['shmem']} pagetables:{m['pagetables']}",
                  " sec_pagetables:0 bounce:0", " kernel_misc_reclaimable:0",
                  f" free:{m['free']} free_pcp:410 free_cma:0"]
    else:
        lines += [f" mapped:{m['mapped']} shmem:{m['shmem']} pagetables:{m['pagetables']} bounce:0",
                  f" free:{m['free']} free_pcp:410 free_cma:0"]
    if era in ("e5", "e6", "e4b"):
        k = {x: m[x] * 4 for x in m}
        lines.append(f"Node 0 active_anon:{k['active_anon']}kB inactive_anon:{k['inactive_anon']}kB active_file:{k['active_file']}kB "
                     f"inactive_file:{k['inactive_file']}kB unevictable:{k['unevictable']}kB isolated(anon):0kB isolated(file):0kB "
                     f"mapped:{k['mapped']}kB dirty:{k['dirty']}kB writeback:{k['writeback']}kB shmem:{k['shmem']}kB "
                     f"writeback_tmp:0kB all_unreclaimable? no")
    return lines

def zones(hugepages):
    lines = ["Node 0 Normal free:61680kB min:45000kB low:56248kB high:67496kB active_anon:6400000kB inactive_anon:1600000kB "
             "active_file:36000kB inactive_file:28000kB unevictable:0kB writepending:0kB present:16777216kB managed:16384000kB "
             "mlocked:0kB pagetables:36000kB bounce:0kB free_pcp:1640kB local_pcp:400kB free_cma:0kB",
             "lowmem_reserve[]: 0 0 0 0",
             "Node 0 Normal: 5336*4kB (UME) 2012*8kB (UME) 811*16kB (UME) 230*32kB (UME) 41*64kB (UM) 6*128kB (UM) "
             "2*256kB (M) 0*512kB 0*1024kB 0*2048kB 0*4096kB = 61680kB"]
    for (total, free, size) in hugepages:
        lines.append(f"Node 0 hugepages_total={total} hugepages_free={free} hugepages_surp=0 hugepages_size={size}kB")
    return lines

def show_mem_tail(era, swap_total, swap_free):
    lines = ["16000 total pagecache pages", "0 pages in swap cache", "Swap cache stats: add 0, delete 0, find 0/0",
             f"Free swap  = {swap_free}kB", f"Total swap = {swap_total}kB", f"{RAM} pages RAM"]
    if era != "e3":
        lines.append("0 pages HighMem/MovableOnly")
    lines.append(f"{RESERVED} pages reserved")
    if era in ("e4b", "e5", "e6"):
        lines += ["0 pages cma reserved", "0 pages hwpoisoned"]
    return lines

def slab_info(caches):
    if not caches:
        return []
    return ["Unreclaimable slab info:", "Name                      Used          Total"] + [
        f"{n:<17} {u:>10}KB {t:>10}KB" for (n, u, t) in caches]

def table(era, tasks):
    if era == "e3":
        out = ["[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name"]
        for t in tasks:
            oom_adj = -17 if t.adj == -1000 else (t.adj * 15 // 1000 if t.adj > 0 else -((-t.adj) * 17 // 1000))
            out.append(f"[{t.pid:>5}] {t.uid:>5} {t.pid:>5} {t.vm:>8} {t.rss:>8} {1:>3} {oom_adj:>7} {t.adj:>13} {t.name}")
        return out
    if era == "e4":
        out = ["[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name"]
        for t in tasks:
            out.append(f"[{t.pid:>5}] {t.uid:>5} {t.pid:>5} {t.vm:>8} {t.rss:>8} {t.ptes:>7} {t.swap:>8} {t.adj:>13} {t.name}")
        return out
    if era == "e4b":
        out = ["[ pid ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name"]
    elif era == "e6":
        out = ["Tasks state (memory values in pages):",
               "[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name"]
        for t in tasks:
            out.append(f"[{t.pid:>7}] {t.uid:>5} {t.pid:>5} {t.vm:>8} {t.rss:>8} {t.anon:>8} {t.file:>8} {t.shmem:>9} "
                       f"{t.ptes * 4096:>14} {t.swap:>8} {t.adj:>13} {t.name}")
        return out
    else:
        out = ["Tasks state (memory values in pages):",
               "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name"]
    for t in tasks:
        out.append(f"[{t.pid:>7}] {t.uid:>5} {t.pid:>5} {t.vm:>8} {t.rss:>8} {t.ptes * 4096:>14} {t.swap:>8} {t.adj:>13} {t.name}")
    return out

def total_pages(swap_total_kb, memcg_limit_kb=None):
    if memcg_limit_kb is not None:
        return memcg_limit_kb // 4
    return RAM - RESERVED + swap_total_kb // 4

def badness(era, t, total, version):
    """oom_badness() per version, the printed value (score N): written from mm/oom_kill.c."""
    pts = t.rss + t.ptes + t.swap
    root = t.uid == 0
    if era == "e3":
        p = pts * 1000 // total - (30 if root else 0) + t.adj
        return max(1, min(p, 1000)), max(1, min(p, 1000))
    if version < (3, 14):
        b = max(1, pts + (t.adj - (30 if root else 0)) * (total // 1000))
    elif version < (4, 19):
        b = max(1, pts - (pts * 3 // 100 if root else 0) + t.adj * (total // 1000))
    else:
        b = max(1, pts + t.adj * (total // 1000))
    return b, b * 1000 // total

VERSIONS = {"e3": ((2, 6, 32), "2.6.32-754.el6.x86_64"), "e4": ((3, 10), "3.10.0-1160.el7.x86_64"),
            "e4b": ((4, 15), "4.15.0-213-generic"), "e5": ((5, 10), "5.10.0-28-amd64"),
            "e6": ((6, 8), "6.8.0-45-generic")}

def header(era, comm, pid):
    v = VERSIONS[era][1]
    if era == "e3":
        return [f"{comm} invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0",
                f"{comm} cpuset=/ mems_allowed=0", f"Pid: {pid}, comm: {comm} Not tainted {v} #1", "Call Trace:",
                " [<ffffffff810d6d31>] ? dump_header+0x91/0x1e0", " [<ffffffff810d7282>] ? oom_kill_process+0x82/0x2a0"]
    if era == "e4":
        return [f"{comm} invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0",
                f"{comm} cpuset=/ mems_allowed=0", f"CPU: 2 PID: {pid} Comm: {comm} Kdump: loaded Not tainted {v} #1",
                "Call Trace:", " [<ffffffff8e779262>] dump_stack+0x19/0x1b", " [<ffffffff8e773c04>] dump_header+0x90/0x229"]
    if era == "e4b":
        return [f"{comm} invoked oom-killer: gfp_mask=0x14200ca(GFP_HIGHUSER_MOVABLE), nodemask=(null), order=0, oom_score_adj=0",
                f"{comm} cpuset=/ mems_allowed=0", f"CPU: 1 PID: {pid} Comm: {comm} Not tainted {v} #224-Ubuntu",
                "Call Trace:", " dump_stack+0x6d/0x8b", " dump_header+0x71/0x285"]
    tail = "#1 Debian 5.10.209-2" if era == "e5" else "#45-Ubuntu"
    return [f"{comm} invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
            f"CPU: 1 PID: {pid} Comm: {comm} Not tainted {v} {tail}", "Call Trace:",
            " dump_stack+0x6b/0x83", " dump_header+0x4a/0x1f4"]

def kill_lines(era, victim, total, memcg=None, selected=None):
    sel = selected or victim
    version = VERSIONS[era][0]
    _, printed = badness(era, sel, total, version)
    prefix = "Memory cgroup out of memory" if memcg else "Out of memory"
    anon, file, shmem, vm = victim.anon * 4, victim.file * 4, victim.shmem * 4, victim.vm * 4
    if era == "e3":
        return [f"{prefix}: Kill process {sel.pid} ({sel.name}) score {printed} or sacrifice child",
                f"Killed process {victim.pid}, UID {victim.uid}, ({victim.name}) total-vm:{vm}kB, anon-rss:{anon}kB, file-rss:{file}kB"]
    if era == "e4":
        return [f"{prefix}: Kill process {sel.pid} ({sel.name}) score {printed} or sacrifice child",
                f"Killed process {victim.pid} ({victim.name}), UID {victim.uid}, total-vm:{vm}kB, anon-rss:{anon}kB, file-rss:{file}kB, shmem-rss:{shmem}kB"]
    if era == "e4b":
        return [f"{prefix}: Kill process {sel.pid} ({sel.name}) score {printed} or sacrifice child",
                f"Killed process {victim.pid} ({victim.name}) total-vm:{vm}kB, anon-rss:{anon}kB, file-rss:{file}kB, shmem-rss:{shmem}kB"]
    if memcg:
        summary = (f"oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset={memcg.split('/')[-1]},mems_allowed=0,"
                   f"oom_memcg={memcg},task_memcg={memcg},task={sel.name},pid={sel.pid},uid={sel.uid}")
    else:
        summary = (f"oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
                   f"task_memcg=/system.slice/app.service,task={sel.name},pid={sel.pid},uid={sel.uid}")
    return [summary, f"{prefix}: Killed process {victim.pid} ({victim.name}) total-vm:{vm}kB, anon-rss:{anon}kB, "
                     f"file-rss:{file}kB, shmem-rss:{shmem}kB, UID:{victim.uid} pgtables:{victim.ptes * 4}kB oom_score_adj:{victim.adj}"]

def write(name, host, lines):
    path = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        for l in lines:
            f.write(f"Mar  3 10:00:01 {host} kernel: {l}\n")

def global_report(name, era, tasks, victim, m=None, swap=(0, 0), hugepages=((0, 0, 2048),), slab=(), selected=None,
                  drop=(), comm=None, table_tasks=None):
    host = name.split("/")[-1].split("-")[0] + "-host"
    total = total_pages(swap[0])
    lines = header(era, comm or victim.name, victim.pid)
    lines += meminfo(era, m or mem())
    lines += zones(hugepages if era != "e3" else ())
    lines += show_mem_tail(era, swap[0], swap[1])
    lines += slab_info(slab)
    lines += table(era, table_tasks if table_tasks is not None else tasks)
    lines += kill_lines(era, victim, total, selected=selected)
    lines = [l for l in lines if not any(d in l for d in drop)]
    write(name, host, lines)

def memcg_report(name, era, tasks, victim, limit_kb, usage_kb, stat_lines, swap_line=None, v1=None):
    cg = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7c1d.slice/cri-containerd-4f2e.scope"
    host = name.split("/")[-1].split("-")[0] + "-host"
    lines = header(era, victim.name, victim.pid)
    if v1:
        cg = "/kubepods/burstable/pod7c1d/4f2e"
        lines += [f"Task in {cg} killed as a result of limit of {cg}",
                  f"memory: usage {usage_kb}kB, limit {limit_kb}kB, failcnt 2210",
                  f"memory+swap: usage {usage_kb}kB, limit 9007199254740988kB, failcnt 0",
                  f"kmem: usage {v1['kmem']}kB, limit 9007199254740988kB, failcnt 0",
                  f"Memory cgroup stats for {cg}: cache:{v1['cache']}KB rss:{v1['rss']}KB rss_huge:0KB mapped_file:{v1['mapped']}KB "
                  f"swap:0KB inactive_anon:0KB active_anon:{v1['rss']}KB inactive_file:{v1['cache'] // 2}KB "
                  f"active_file:{v1['cache'] - v1['cache'] // 2}KB unevictable:0KB"]
    else:
        lines += [f"memory: usage {usage_kb}kB, limit {limit_kb}kB, failcnt 4410",
                  swap_line or "swap: usage 0kB, limit 0kB, failcnt 0",
                  f"Memory cgroup stats for {cg}:"] + stat_lines
    total = limit_kb // 4
    lines += table(era, tasks)
    lines += kill_lines(era, victim, total, memcg=cg)
    write(name, host, lines)

def v2_stats(anon, file, kernel_parts=None, kernel=None, shmem=0, dirty=0, writeback=0, zswap=None):
    """memory.stat in bytes, in the kernel's order (memory_stat_format); 'kernel' exists from 5.18."""
    out = [f"anon {anon}", f"file {file}"]
    if kernel is not None:
        out.append(f"kernel {kernel}")
    kp = kernel_parts or {"kernel_stack": 98304, "pagetables": 1138688, "percpu": 0, "sock": 0}
    out += [f"kernel_stack {kp['kernel_stack']}", f"pagetables {kp['pagetables']}", f"percpu {kp['percpu']}",
            f"sock {kp['sock']}", f"shmem {shmem}"]
    if zswap is not None:
        out += [f"zswap {zswap[0]}", f"zswapped {zswap[1]}"]
    out += [f"file_mapped {file // 4}", f"file_dirty {dirty}", f"file_writeback {writeback}", "anon_thp 0",
            f"inactive_anon {anon // 2}", f"active_anon {anon - anon // 2}", f"inactive_file {file // 2}",
            f"active_file {file - file // 2}", "unevictable 0"]
    slab = kp.get("slab", 2048000)
    out += [f"slab_reclaimable {slab // 2}", f"slab_unreclaimable {slab - slab // 2}", f"slab {slab}",
            "workingset_refault_anon 0", "workingset_refault_file 233", "pgfault 214811", "pgmajfault 12"]
    return out

GB = 262144  # pages per GB

def main():
    # ---------------- ranking ----------------
    for era in ("e3", "e4", "e5", "e6"):
        big = T(2210, 1001, "java", 5 * GB // 2)
        canary = T(3301, 1001, "batch-canary", GB // 8, adj=1000 if era != "e4" else 500)
        tasks = base_tasks() + [big, canary]
        global_report(f"rank/{era}-score-adj-makes-a-small-task-first.log", era, tasks, canary)
    for era, adj in (("e3", -998), ("e4", -998), ("e5", -1000), ("e6", -998)):
        db = T(1500, 27, "mysqld", 3 * GB, adj=adj)
        app = T(2210, 1001, "java", 2 * GB)
        tasks = base_tasks() + [db, app, T(2300, 1001, "sidecar", GB // 16)]
        global_report(f"rank/{era}-largest-protected-by-negative-adj.log", era, tasks, app)
    for era in ("e3", "e4b"):
        rootd = T(900, 0, "dockerd", 2 * GB + GB // 64)
        app = T(2210, 1001, "node", 2 * GB)
        global_report(f"rank/{era}-root-bonus-spares-the-larger-root-daemon.log", era, base_tasks() + [rootd, app], app,
                      swap=(2097148, 0))
    rootd = T(900, 0, "dockerd", 2 * GB + GB // 64)
    app = T(2210, 1001, "node", 2 * GB)
    global_report("rank/e5-no-root-bonus-the-larger-root-daemon-dies.log", "e5", base_tasks() + [rootd, app], rootd)
    w1, w2 = T(4101, 33, "php-fpm", GB // 2), T(4102, 33, "php-fpm", GB // 2)
    global_report("rank/e5-tie-between-equal-workers.log", "e5", base_tasks() + [w1, w2], w1)
    big, small = T(5100, 1001, "java", 3 * GB), T(5200, 1001, "python3", GB)
    global_report("rank/e5-victim-ranks-second-table-disagrees.log", "e5", base_tasks() + [big, small], small)
    exempt = T(5300, 1001, "python3", GB, adj=-1000)
    global_report("rank/e5-selected-task-shown-exempt-stale-table.log", "e5", base_tasks() + [big, exempt], exempt)
    global_report("rank/e5-victim-row-missing-from-table.log", "e5", base_tasks() + [big], small,
                  table_tasks=base_tasks() + [big])
    canary = T(3301, 1001, "batch-canary", GB // 8, adj=1000)
    global_report("rank/e5-no-pages-ram-line-scale-unknown.log", "e5", base_tasks() + [big, canary], canary,
                  drop=("pages RAM",))
    # ---------------- composition: global ----------------
    plain = base_tasks() + [T(2210, 1001, "java", 2 * GB)]
    victim = plain[-1]
    slab_caches = [("kmalloc-2048", 5123456, 5123460), ("kmalloc-256", 412000, 412160), ("task_struct", 9000, 9120),
                   ("kmalloc-64", 380000, 380032), ("TCP", 1800, 1920)]
    global_report("composition/e4b-4.15-unreclaimable-slab-info.log", "e4b", plain, victim,
                  m=mem(active_anon=520000, inactive_anon=10000, slab_unreclaimable=1520000), slab=slab_caches)
    global_report("composition/e5-unreclaimable-slab-info.log", "e5", plain, victim,
                  m=mem(active_anon=520000, inactive_anon=10000, slab_unreclaimable=1520000),
                  slab=[("kmalloc-1k", 3000000, 3000128), ("skbuff_head_cache", 2100000, 2100224),
                        ("kmalloc-192", 900000, 900096)])
    global_report("composition/e6-unreclaimable-slab-info.log", "e6", plain, victim,
                  m=mem(active_anon=520000, inactive_anon=10000, slab_unreclaimable=1520000),
                  slab=[("kmalloc-rnd-05-4k", 5900000, 5900160), ("kmalloc-cg-512", 100000, 100352)])
    global_report("composition/e4-3.10-slab-unreclaimable-meminfo-only.log", "e4", plain, victim,
                  m=mem(active_anon=700000, inactive_anon=10000, slab_unreclaimable=1400000))
    global_report("composition/e3-slab-unreclaimable-meminfo-only.log", "e3", plain, victim,
                  m=mem(active_anon=700000, inactive_anon=10000, slab_unreclaimable=1400000))
    global_report("composition/e4-shmem-tmpfs.log", "e4", plain, victim,
                  m=mem(active_anon=600000, inactive_anon=1400000, shmem=1300000), swap=(2097148, 0))
    global_report("composition/e6-hugepages-reserved-free.log", "e6", plain, victim,
                  m=mem(active_anon=800000, inactive_anon=100000), hugepages=((4, 3, 1048576), (1024, 1024, 2048)))
    for era in ("e3", "e6"):
        global_report(f"composition/{era}-dirty-writeback.log", era, plain, victim,
                      m=mem(active_file=500000, inactive_file=300000, dirty=420000, writeback=160000))
    for era in ("e3", "e4", "e6"):
        global_report(f"composition/{era}-page-cache-not-reclaimed.log", era, plain, victim,
                      m=mem(active_anon=900000, inactive_anon=100000, active_file=900000, inactive_file=400000,
                            mapped=1100000))
    for era in ("e3", "e4", "e5"):
        global_report(f"composition/{era}-unevictable-mlocked.log", era, plain, victim,
                      m=mem(active_anon=1200000, unevictable=700000))
    global_report("composition/e5-slab-below-threshold-silent.log", "e5", plain, victim,
                  m=mem(slab_unreclaimable=400000))
    for era in ("e3", "e5", "e6"):
        global_report(f"composition/{era}-shmem-tmpfs.log", era, plain, victim,
                      m=mem(active_anon=600000, inactive_anon=1400000, shmem=1300000))
    global_report("composition/e4-hugepages-reserved-free.log", "e4", plain, victim,
                  m=mem(active_anon=800000, inactive_anon=100000), hugepages=((1, 1, 1048576), (2048, 1980, 2048)),
                  swap=(2097148, 0))
    global_report("composition/e5-hugepages-reserved-free.log", "e5", plain, victim,
                  m=mem(active_anon=800000, inactive_anon=100000), hugepages=((0, 0, 1048576), (3072, 3000, 2048)))
    global_report("composition/e5-hugepages-all-in-use-silent.log", "e5", plain, victim,
                  hugepages=((0, 0, 1048576), (3072, 0, 2048)))
    global_report("composition/e4-dirty-writeback.log", "e4", plain, victim,
                  m=mem(active_file=500000, inactive_file=300000, dirty=420000, writeback=160000), swap=(2097148, 0))
    global_report("composition/e5-dirty-writeback.log", "e5", plain, victim,
                  m=mem(active_file=500000, inactive_file=300000, dirty=420000, writeback=160000))
    global_report("composition/e5-page-cache-not-reclaimed.log", "e5", plain, victim,
                  m=mem(active_anon=900000, inactive_anon=100000, active_file=900000, inactive_file=400000,
                        mapped=1100000))
    global_report("composition/e6-unevictable-mlocked.log", "e6", plain, victim,
                  m=mem(active_anon=1200000, unevictable=700000))
    # ---------------- composition: memcg ----------------
    app = T(7781, 1000, "python3", 60000)
    tini = T(7702, 0, "tini", 247)
    mb = 1 << 20
    memcg_report("composition/e5-memcg-v2-mostly-file-cache.log", "e5", [tini, app], app, 1048576, 1048576,
                 v2_stats(anon=250 * mb, file=740 * mb, dirty=300 * mb, writeback=40 * mb))
    memcg_report("composition/e5-memcg-v2-kernel-parts-before-5.18.log", "e5", [tini, app], app, 1048576, 1048576,
                 v2_stats(anon=300 * mb, file=20 * mb, kernel_parts={"kernel_stack": 8 * mb, "pagetables": 6 * mb,
                          "percpu": 2 * mb, "sock": 380 * mb, "slab": 300 * mb}))
    memcg_report("composition/e6-memcg-v2-kernel-memory.log", "e6", [tini, app], app, 1048576, 1048576,
                 v2_stats(anon=400 * mb, file=30 * mb, kernel=590 * mb,
                          kernel_parts={"kernel_stack": 8 * mb, "pagetables": 6 * mb, "percpu": 2 * mb, "sock": 4 * mb,
                                        "slab": 570 * mb}))
    memcg_report("composition/e6-memcg-v2-mostly-file-cache.log", "e6", [tini, app], app, 1048576, 1048576,
                 v2_stats(anon=250 * mb, file=740 * mb, kernel=30 * mb, dirty=300 * mb, writeback=40 * mb))
    memcg_report("composition/e6-memcg-v2-shmem.log", "e6", [tini, app], app, 1048576, 1048576,
                 v2_stats(anon=300 * mb, file=700 * mb, kernel=20 * mb, shmem=660 * mb))
    memcg_report("composition/e5-memcg-v2-shmem.log", "e5", [tini, app], app, 1048576, 1048576,
                 v2_stats(anon=300 * mb, file=700 * mb, shmem=660 * mb))
    memcg_report("composition/e6-memcg-v2-swap-limit-reached-zswap.log", "e6", [tini, T(7781, 1000, "python3", 250000)],
                 T(7781, 1000, "python3", 250000), 1048576, 1048576,
                 v2_stats(anon=990 * mb, file=20 * mb, kernel=14 * mb, zswap=(150 * mb, 512 * mb)),
                 swap_line="swap: usage 524288kB, limit 524288kB, failcnt 77")
    memcg_report("composition/e4-memcg-v1-mostly-cache.log", "e4", [tini, app], app, 2097152, 2097152, None,
                 v1={"cache": 1300000, "rss": 760000, "mapped": 12000, "kmem": 30000})
    memcg_report("composition/e4-memcg-v1-kmem.log", "e4", [tini, app], app, 2097152, 2097152, None,
                 v1={"cache": 40000, "rss": 1200000, "mapped": 12000, "kmem": 850000})

main()
