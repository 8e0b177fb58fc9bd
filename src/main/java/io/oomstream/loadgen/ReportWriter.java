package io.oomstream.loadgen;

import io.oomstream.kernel.KernelEra;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes the messages of one kernel report (without transport prefixes or stamps) in the wording of its
 * era, following the format strings of ../shared/reference/oom-formats.md: header, stack, Mem-Info or
 * memcg block, task table, summary, selection, kill line(s), reaper and systemd companion lines.
 * Numbers are random but consistent: the victim is the table's largest task and the kill line's sizes are
 * its row's pages in kB. Not thread-safe.
 */
final class ReportWriter {

    /** One message of a report. {@code pid} is -1 for kernel lines. */
    record Line(String program, int pid, String text) {
        boolean kernel() {
            return "kernel".equals(program);
        }
    }

    /** A report as written, before rendering. */
    static final class Report {
        final ReportKind kind;
        final KernelEra era;
        final List<Line> lines = new ArrayList<>();
        final List<Integer> victimPids = new ArrayList<>();
        final List<String> victimNames = new ArrayList<>();
        /** Index in {@link #lines} of each victim's kill line ({@code Killed process N}), same order as the pids. */
        final List<Integer> killLines = new ArrayList<>();
        /** The service each kill is attributed to without fleet metadata ({@link #serviceOf}), same order. */
        final List<String> victimServices = new ArrayList<>();
        boolean truncated;
        /** The report prints an oom_reaper line for its victim (systemd's unit lines may still follow it). */
        boolean endsWithReaper;
        /** The OOM memory cgroup of a memcg report (one path for all its lines). */
        String memcg;

        Report(final ReportKind kind, final KernelEra era) {
            this.kind = kind;
            this.era = era;
        }
    }

    /** A row of the task table; sizes in pages, pgtables in bytes. */
    private record Task(int pid, int uid, String name, long totalVm, long rss, long rssAnon, long rssFile,
                        long rssShmem, long pgtablesBytes, long swapents, int oomScoreAdj, int oomAdj, int cpu) {
    }

    private static final String[][] SYSTEM_MODERN = {
        {"systemd", "0", "0"}, {"systemd-journal", "0", "-250"}, {"systemd-udevd", "0", "-1000"},
        {"systemd-network", "100", "0"}, {"systemd-resolve", "101", "0"}, {"cron", "0", "0"},
        {"dbus-daemon", "103", "-900"}, {"rsyslogd", "104", "0"}, {"systemd-logind", "0", "0"},
        {"sshd", "0", "-1000"}, {"chronyd", "106", "0"}, {"agetty", "0", "0"}, {"containerd", "0", "-999"},
        {"node_exporter", "65534", "0"}, {"(sd-pam)", "1000", "0"}, {"kworker/u8:2", "0", "0"}};
    private static final String[][] SYSTEM_OLD = {
        {"init", "0", "0"}, {"udevd", "0", "-1000"}, {"rsyslogd", "0", "0"}, {"irqbalance", "0", "0"},
        {"sshd", "0", "-1000"}, {"ntpd", "38", "0"}, {"master", "0", "0"}, {"qmgr", "89", "0"},
        {"crond", "0", "0"}, {"mingetty", "0", "0"}, {"mingetty", "0", "0"}, {"bash", "0", "0"}};

    private static final String[][] CONTAINER_INIT = {{"pause", "65535", "-998"}, {"tini", "0", "0"}};

    /** Per role: the big process (the usual victim), its uid, workers that fill a large table, the systemd unit. */
    private static final String[][] ROLE_APPS = {
        {"php-fpm7.4", "33", "php-fpm7.4", "php7.4-fpm.service"},
        {"mysqld", "27", "postgres", "mysql.service"},
        {"redis-server", "110", "memcached", "redis-server.service"},
        {"java", "1000", "containerd-shim", "kubelet.service"},
        {"node", "1001", "node", "app.service"},
        {"python3", "1002", "python3", "batch-worker.service"},
        {"beam.smp", "112", "erl_child_setup", "rabbitmq-server.service"},
        {"java", "113", "java", "elasticsearch.service"},
        {"clamd", "114", "smtpd", "clamav-daemon.service"},
        {"haproxy", "115", "haproxy", "haproxy.service"}};

    /** Task names that trip naive parsers: spaces, parentheses, 15-character truncation. */
    private static final String[] HOSTILE_VICTIMS = {"Web Content", "(sd-pam)", "C2 CompilerThre", "gnome-session-b"};

    private static final String[] FRAMES_OLD = {
        "cpuset_print_task_mems_allowed+0x91/0xb0", "dump_header+0x90/0x1b0", "oom_kill_process+0x82/0x2a0",
        "select_bad_process+0xe1/0x120", "out_of_memory+0x220/0x3c0", "__alloc_pages_nodemask+0x93c/0x950",
        "alloc_pages_vma+0x9a/0x150", "handle_pte_fault+0x5a2/0xb00", "handle_mm_fault+0x20a/0x300",
        "__do_page_fault+0x146/0x500", "do_page_fault+0x3e/0xa0", "page_fault+0x25/0x30"};
    private static final String[] FRAMES_MODERN = {
        "dump_stack_lvl+0x4a/0x63", "dump_header+0x4a/0x1f0", "oom_kill_process.cold+0xb/0x10",
        "out_of_memory+0x1bd/0x4f0", "__alloc_pages_slowpath.constprop.0+0xcb0/0xe00", "__alloc_pages+0x311/0x330",
        "alloc_pages_vma+0x95/0x270", "do_anonymous_page+0xf6/0x3c0", "__handle_mm_fault+0x3c7/0x700",
        "handle_mm_fault+0xd8/0x2c0", "do_user_addr_fault+0x1c9/0x670", "exc_page_fault+0x77/0x170",
        "asm_exc_page_fault+0x27/0x30"};
    private static final String[] FRAMES_MEMCG = {
        "dump_stack_lvl+0x4a/0x63", "dump_header+0x4a/0x1f0", "oom_kill_process.cold+0xb/0x10",
        "out_of_memory+0x1bd/0x4f0", "mem_cgroup_out_of_memory+0x134/0x150", "try_charge_memcg+0x6d4/0x790",
        "charge_memcg+0x45/0xb0", "__mem_cgroup_charge+0x2d/0x80", "do_anonymous_page+0x110/0x3c0",
        "handle_mm_fault+0xd8/0x2c0", "exc_page_fault+0x77/0x170", "asm_exc_page_fault+0x27/0x30"};
    private static final String[] MEMSTAT_KEYS = {
        "anon", "file", "kernel", "kernel_stack", "pagetables", "percpu", "sock", "vmalloc", "shmem", "file_mapped",
        "file_dirty", "file_writeback", "swapcached", "anon_thp", "file_thp", "shmem_thp", "inactive_anon",
        "active_anon", "inactive_file", "active_file", "unevictable", "slab_reclaimable", "slab_unreclaimable",
        "slab", "workingset_refault_anon", "workingset_refault_file", "workingset_activate_anon",
        "workingset_activate_file", "pgfault", "pgmajfault", "pgscan", "pgsteal", "pgactivate", "thp_fault_alloc"};

    private final SplittableRandom rnd;
    private final int fixedTableSize;
    private final StringBuilder sb = new StringBuilder(256);

    ReportWriter(final SplittableRandom rnd, final int fixedTableSize) {
        this.rnd = rnd;
        this.fixedTableSize = fixedTableSize;
    }

    /** The report kinds a host's kernel can print (one is drawn per report). */
    static ReportKind[] kindsFor(final HostProfile h) {
        return switch (h.era) {
            case E1 -> new ReportKind[] {ReportKind.E1_GLOBAL};
            case E2 -> new ReportKind[] {ReportKind.E2_GLOBAL};
            case E3 -> new ReportKind[] {h.rhel ? ReportKind.E3_RHEL6 : ReportKind.E3_UPSTREAM};
            case E4 -> h.rhel ? new ReportKind[] {ReportKind.E4_RHEL7, ReportKind.E4_MEMCG_V1}
                    : new ReportKind[] {ReportKind.E4_TASKS_STATE, ReportKind.E4_MEMCG_V1};
            case E5 -> new ReportKind[] {ReportKind.E5_GLOBAL, ReportKind.E5_GLOBAL, ReportKind.E5_MEMCG_V2,
                ReportKind.E5_OOM_GROUP};
            case E6 -> new ReportKind[] {ReportKind.E6_GLOBAL, ReportKind.E6_MEMCG_V2};
        };
    }

    /**
     * Writes one report.
     *
     * @param truncate stop after Mem-Info (global reports only; ignored otherwise)
     */
    Report write(final HostProfile h, final ReportKind kind, final boolean truncate) {
        if (kind == ReportKind.ALLOC_FAILURE) {
            return allocFailure(h);
        }
        final Report r = new Report(kind, kind.era());
        r.memcg = kind.memcg() ? memcgPath(h) : null;
        final int rows = fixedTableSize > 0 ? fixedTableSize : 12 + rnd.nextInt(49);
        final Task victim = victim(h, kind);
        final Task trigger = rnd.nextInt(3) == 0 ? victim
                : new Task(victim.pid() + 1 + rnd.nextInt(40), victim.uid(), triggerName(victim), 0, 0, 0, 0, 0, 0, 0,
                victim.oomScoreAdj(), 0, rnd.nextInt(h.cpus));
        header(r, h, kind, trigger);
        if (kind.memcg()) {
            memcgBlock(r, h, kind, victim);
        } else {
            memInfo(r, h);
            if (truncate) {
                r.truncated = true;
                return r;
            }
        }
        final List<Task> table = kind == ReportKind.E1_GLOBAL ? List.of() : table(h, kind, victim, trigger, rows);
        taskTable(r, kind, table);
        kill(r, h, kind, victim, table);
        return r;
    }

    // ---- header and stack ------------------------------------------------------------------------------------

    private void header(final Report r, final HostProfile h, final ReportKind kind, final Task trigger) {
        final String comm = trigger.name();
        switch (kind) {
            case E1_GLOBAL -> k(r, "oom-killer: gfp_mask=0x" + (rnd.nextBoolean() ? "1d2" : "d0"));
            case E2_GLOBAL -> {
                k(r, comm + " invoked oom-killer: gfp_mask=0x201d2, order=0, oomkilladj=0");
                k(r, comm + " cpuset=/ mems_allowed=0");
                stackOld(r, h, trigger);
            }
            case E3_RHEL6, E3_UPSTREAM -> {
                k(r, comm + " invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0");
                k(r, comm + " cpuset=/ mems_allowed=0");
                stackOld(r, h, trigger);
            }
            case E4_RHEL7 -> {
                k(r, comm + " invoked oom-killer: gfp_mask=0x280da, order=0, oom_score_adj=" + trigger.oomScoreAdj());
                k(r, comm + " cpuset=/ mems_allowed=0");
                stackModern(r, h, trigger, FRAMES_OLD, false);
            }
            case E4_TASKS_STATE -> {
                k(r, comm + " invoked oom-killer: gfp_mask=0x6280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), nodemask=(null), "
                        + "order=0, oom_score_adj=" + trigger.oomScoreAdj());
                k(r, comm + " cpuset=/ mems_allowed=0");
                stackModern(r, h, trigger, FRAMES_MODERN, false);
            }
            case E4_MEMCG_V1 -> {
                k(r, comm + " invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=" + trigger.oomScoreAdj());
                k(r, comm + " cpuset=" + hex(64) + " mems_allowed=0-1");
                stackModern(r, h, trigger, FRAMES_OLD, false);
            }
            case E5_GLOBAL, E6_GLOBAL -> {
                k(r, comm + " invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, "
                        + "oom_score_adj=" + trigger.oomScoreAdj());
                stackModern(r, h, trigger, FRAMES_MODERN, true);
            }
            case E5_MEMCG_V2, E5_OOM_GROUP, E6_MEMCG_V2 -> {
                k(r, comm + " invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj="
                        + trigger.oomScoreAdj());
                stackModern(r, h, trigger, FRAMES_MEMCG, true);
            }
            default -> throw new IllegalStateException("no header for " + kind);
        }
    }

    /** x86 before 3.10: {@code Pid: N, comm: X Not tainted V} and {@code [<addr>] ? fn+off/len} frames. */
    private void stackOld(final Report r, final HostProfile h, final Task trigger) {
        k(r, "Pid: " + trigger.pid() + ", comm: " + trigger.name() + " Not tainted " + h.kernelVersion);
        k(r, "Call Trace:");
        final int frames = 8 + rnd.nextInt(5);
        for (int i = 0; i < frames && i < FRAMES_OLD.length; i++) {
            k(r, " [<ffffffff81" + hex(6) + ">] ? " + FRAMES_OLD[i]);
        }
    }

    /** 3.10+: {@code CPU: N PID: P Comm: X ...}, hardware name, frames, and from 5.x registers and {@code <TASK>}. */
    private void stackModern(final Report r, final HostProfile h, final Task trigger, final String[] frames,
                             final boolean registers) {
        final boolean e6uid = h.era == KernelEra.E6 && h.uidOnStackHeader;
        final boolean tainted = e6uid && rnd.nextInt(4) == 0;
        k(r, "CPU: " + trigger.cpu() + (e6uid ? " UID: " + trigger.uid() : "") + " PID: " + trigger.pid() + " Comm: "
                + trigger.name() + (tainted ? " Tainted: P           O       " : " Not tainted ") + h.kernelVersion);
        if (tainted) {
            k(r, "Tainted: [P]=PROPRIETARY_MODULE, [O]=OOT_MODULE");
        }
        k(r, "Hardware name: " + h.hardware);
        k(r, "Call Trace:");
        final boolean taskMarkers = h.era == KernelEra.E6 || h.kernelVersion.startsWith("5.15");
        if (taskMarkers) {
            k(r, " <TASK>");
        }
        final int n = frames.length - rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            k(r, registers ? " " + frames[i] : " [<ffffffff9a" + hex(6) + ">] " + frames[i]);
        }
        if (registers) {
            k(r, "RIP: 0033:0x7f" + hex(10));
            k(r, "RSP: 002b:00007ffc" + hex(8) + " EFLAGS: 00010206");
            k(r, "RAX: 00007f" + hex(10) + " RBX: 0000000000000000 RCX: 00007f" + hex(10));
            k(r, "RDX: 0000000000001000 RSI: 0000000000000000 RDI: 00007f" + hex(10));
            k(r, "RBP: 00007ffc" + hex(8) + " R08: 0000000000000000 R09: 0000000000000000");
            k(r, "R10: 0000000000000022 R11: 0000000000000246 R12: 0000000000001000");
            k(r, "R13: 00007f" + hex(10) + " R14: 0000000000000000 R15: 00007f" + hex(10));
        }
        if (taskMarkers) {
            k(r, " </TASK>");
        }
    }

    // ---- Mem-Info ----------------------------------------------------------------------------------------------

    private void memInfo(final Report r, final HostProfile h) {
        switch (h.era) {
            case E1 -> memInfoE1(r, h);
            case E2, E3 -> memInfoOld(r, h);
            default -> memInfoModern(r, h);
        }
    }

    private void memInfoE1(final Report r, final HostProfile h) {
        k(r, "Mem-info:");
        for (final String zone : new String[] {"DMA", "Normal"}) {
            k(r, zone + " per-cpu:");
            for (int c = 0; c < 2; c++) {
                k(r, "cpu " + c + " hot: low " + (zone.equals("DMA") ? "2, high 6, batch 1" : "32, high 96, batch 16"));
                k(r, "cpu " + c + " cold: low 0, high " + (zone.equals("DMA") ? "2, batch 1" : "32, batch 16"));
            }
        }
        k(r, "HighMem per-cpu: empty");
        k(r, "");
        final long free = 3_000 + rnd.nextInt(3_000);
        k(r, "Free pages:      " + free * 4 + "kB (0kB HighMem)");
        k(r, "Active:" + (h.ramPages / 2) + " inactive:" + (h.ramPages / 3) + " dirty:0 writeback:" + rnd.nextInt(20)
                + " unstable:0 free:" + free + " slab:" + (5_000 + rnd.nextInt(5_000)) + " mapped:" + (h.ramPages / 2)
                + " pagetables:" + (2_000 + rnd.nextInt(3_000)));
        k(r, "DMA free:12304kB min:16kB low:32kB high:48kB active:0kB inactive:0kB present:16384kB pages_scanned:"
                + rnd.nextInt(5_000) + " all_unreclaimable? yes");
        k(r, "protections[]: 8 476 732");
        final long normalFree = Math.max(1_024, free * 4 - 12_304);
        k(r, "Normal free:" + normalFree + "kB min:936kB low:1872kB high:2808kB active:402312kB inactive:388040kB "
                + "present:901120kB pages_scanned:" + rnd.nextInt(3_000_000) + " all_unreclaimable? yes");
        k(r, "protections[]: 0 468 724");
        k(r, "DMA: " + buddy(12_304, false));
        k(r, "Normal: " + buddy(normalFree, false));
        k(r, "Swap cache: add " + rnd.nextInt(5_000_000) + ", delete " + rnd.nextInt(5_000_000) + ", find 1125602/1583337,"
                + " race 0+31");
        k(r, "Free swap:            0kB");
        k(r, h.ramPages + " pages of RAM");
        k(r, "0 pages of HIGHMEM");
        k(r, (4_000 + rnd.nextInt(4_000)) + " reserved pages");
        k(r, rnd.nextInt(400_000) + " pages shared");
        k(r, rnd.nextInt(1_000) + " pages swap cached");
    }

    private void memInfoOld(final Report r, final HostProfile h) {
        k(r, h.era == KernelEra.E2 ? "Mem-info:" : "Mem-Info:");
        for (final String zone : new String[] {"DMA", "DMA32", "Normal"}) {
            k(r, "Node 0 " + zone + " per-cpu:");
            for (int c = 0; c < h.cpus; c++) {
                final boolean dma = zone.equals("DMA");
                k(r, "CPU" + pad(Integer.toString(c), 5) + ": hi:" + pad(dma ? "0" : "186", 5) + ", btch:"
                        + pad(dma ? "1" : "31", 4) + " usd:" + pad(Integer.toString(dma ? 0 : rnd.nextInt(186)), 4));
            }
        }
        final long free = 10_000 + rnd.nextInt(30_000);
        final long anon = h.ramPages * 9 / 10;
        if (h.era == KernelEra.E2) {
            k(r, "Active:" + anon + " inactive:" + rnd.nextInt(200_000) + " dirty:0 writeback:0 unstable:0");
            k(r, " free:" + free + " slab:" + rnd.nextInt(20_000) + " mapped:" + rnd.nextInt(3_000) + " pagetables:"
                    + rnd.nextInt(20_000) + " bounce:0");
        } else {
            k(r, "active_anon:" + anon + " inactive_anon:" + rnd.nextInt(300_000) + " isolated_anon:0");
            k(r, " active_file:" + rnd.nextInt(500) + " inactive_file:" + rnd.nextInt(500) + " isolated_file:0");
            k(r, " unevictable:0 dirty:0 writeback:" + rnd.nextInt(100) + " unstable:0");
            k(r, " free:" + free + " slab_reclaimable:" + rnd.nextInt(10_000) + " slab_unreclaimable:"
                    + rnd.nextInt(20_000));
            k(r, " mapped:" + rnd.nextInt(500) + " shmem:" + rnd.nextInt(1_000) + " pagetables:" + rnd.nextInt(30_000)
                    + " bounce:0");
        }
        final long[] zoneFree = {15_328, free * 2, free * 4 - 15_328 - free * 2};
        final String[] zones = {"DMA", "DMA32", "Normal"};
        final String[] reserves = {"0 3000 8050 8050", "0 0 5050 5050", "0 0 0 0"};
        for (int z = 0; z < 3; z++) {
            k(r, "Node 0 " + zones[z] + " free:" + zoneFree[z] + "kB min:" + (60 + z * 12_000) + "kB low:"
                    + (72 + z * 15_000) + "kB high:" + (88 + z * 18_000) + "kB active_anon:" + (z == 0 ? 0 : anon * 2 * z)
                    + "kB inactive_anon:0kB active_file:0kB inactive_file:0kB unevictable:0kB isolated(anon):0kB "
                    + "isolated(file):0kB present:" + (z == 0 ? 15_348 : h.ramPages * 2) + "kB mlocked:0kB dirty:0kB "
                    + "writeback:0kB mapped:0kB shmem:0kB slab_reclaimable:0kB slab_unreclaimable:0kB kernel_stack:0kB "
                    + "pagetables:0kB unstable:0kB bounce:0kB writeback_tmp:0kB pages_scanned:" + rnd.nextInt(5_000)
                    + " all_unreclaimable? " + (z == 0 ? "yes" : "no"));
            k(r, "lowmem_reserve[]: " + reserves[z]);
        }
        for (int z = 0; z < 3; z++) {
            k(r, "Node 0 " + zones[z] + ": " + buddy(zoneFree[z], false));
        }
        k(r, rnd.nextInt(30_000) + " total pagecache pages");
        k(r, rnd.nextInt(1_000) + " pages in swap cache");
        k(r, "Swap cache stats: add " + rnd.nextInt(500_000) + ", delete " + rnd.nextInt(500_000) + ", find "
                + rnd.nextInt(100_000) + "/" + rnd.nextInt(200_000));
        k(r, "Free swap  = 0kB");
        k(r, "Total swap = " + h.swapKb + "kB");
        k(r, h.ramPages + (h.era == KernelEra.E2 ? " pages of RAM" : " pages RAM"));
        k(r, (h.ramPages / 25) + " pages reserved");
        k(r, rnd.nextInt(30_000) + " pages shared");
        k(r, (h.ramPages * 9 / 10) + " pages non-shared");
    }

    private void memInfoModern(final Report r, final HostProfile h) {
        k(r, "Mem-Info:");
        final long anon = h.ramPages * 9 / 10;
        final long free = 20_000 + rnd.nextInt(40_000);
        k(r, "active_anon:" + anon + " inactive_anon:" + rnd.nextInt(50_000) + " isolated_anon:0");
        k(r, " active_file:" + rnd.nextInt(900) + " inactive_file:" + rnd.nextInt(900) + " isolated_file:0");
        k(r, " unevictable:0 dirty:0 writeback:0" + (h.era == KernelEra.E6 ? "" : " unstable:0"));
        k(r, " slab_reclaimable:" + rnd.nextInt(40_000) + " slab_unreclaimable:" + rnd.nextInt(40_000));
        k(r, " mapped:" + rnd.nextInt(10_000) + " shmem:" + rnd.nextInt(10_000) + " pagetables:" + rnd.nextInt(40_000)
                + (h.era == KernelEra.E6 ? "" : " bounce:0"));
        if (h.era == KernelEra.E6) {
            k(r, " sec_pagetables:0 bounce:0");
            k(r, " kernel_misc_reclaimable:0");
        }
        k(r, " free:" + free + " free_pcp:" + rnd.nextInt(2_000) + " free_cma:0");
        final boolean nodeLine = h.era != KernelEra.E4 || !h.rhel;
        if (nodeLine) {
            k(r, "Node 0 active_anon:" + anon * 4 + "kB inactive_anon:" + rnd.nextInt(200_000) + "kB active_file:"
                    + rnd.nextInt(4_000) + "kB inactive_file:" + rnd.nextInt(4_000) + "kB unevictable:0kB "
                    + "isolated(anon):0kB isolated(file):0kB mapped:" + rnd.nextInt(40_000) + "kB dirty:0kB "
                    + "writeback:0kB shmem:" + rnd.nextInt(40_000) + "kB shmem_thp: 0kB shmem_pmdmapped: 0kB "
                    + "anon_thp: 0kB writeback_tmp:0kB unstable:0kB all_unreclaimable? no");
        }
        final String highatomic = h.era == KernelEra.E6 || h.kernelVersion.startsWith("5.15")
                ? " reserved_highatomic:0KB" : "";
        final long dma32Free = free;
        final long normalFree = free * 4 - 15_880 - dma32Free;
        final long[] zoneFree = {15_880, dma32Free, Math.max(4_096, normalFree)};
        final String[] zones = {"DMA", "DMA32", "Normal"};
        final String[] reserves = {"0 2976 7896 7896 7896", "0 0 4920 4920 4920", "0 0 0 0 0"};
        for (int z = 0; z < 3; z++) {
            k(r, "Node 0 " + zones[z] + " free:" + zoneFree[z] + "kB min:" + (132 + z * 13_000) + "kB low:"
                    + (164 + z * 16_000) + "kB high:" + (196 + z * 19_000) + "kB" + highatomic + " active_anon:"
                    + (z == 0 ? 0 : anon * 2) + "kB inactive_anon:0kB active_file:0kB inactive_file:0kB "
                    + "unevictable:0kB writepending:0kB present:" + (z == 0 ? 15_996 : h.ramPages * 2) + "kB managed:"
                    + (z == 0 ? 15_908 : h.ramPages * 2 - 60_000) + "kB mlocked:0kB kernel_stack:" + rnd.nextInt(5_000)
                    + "kB pagetables:" + rnd.nextInt(40_000) + "kB bounce:0kB free_pcp:" + rnd.nextInt(2_000)
                    + "kB local_pcp:" + rnd.nextInt(500) + "kB free_cma:0kB");
            k(r, "lowmem_reserve[]: " + reserves[z]);
        }
        for (int z = 0; z < 3; z++) {
            k(r, "Node 0 " + zones[z] + ": " + buddy(zoneFree[z], true));
        }
        k(r, "Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=1048576kB");
        k(r, "Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB");
        k(r, rnd.nextInt(80_000) + " total pagecache pages");
        k(r, "0 pages in swap cache");
        if (h.era != KernelEra.E6) {
            k(r, "Swap cache stats: add 0, delete 0, find 0/0");
        }
        k(r, "Free swap  = 0kB");
        k(r, "Total swap = " + h.swapKb + "kB");
        k(r, h.ramPages + " pages RAM");
        k(r, "0 pages HighMem/MovableOnly");
        k(r, (h.ramPages / 30) + " pages reserved");
        if (h.era != KernelEra.E4) {
            k(r, "0 pages cma reserved");
        }
        if (h.era != KernelEra.E4 || !h.rhel) {
            k(r, "0 pages hwpoisoned");
        }
    }

    /** A buddy list whose blocks add up to {@code totalKb} ({@code N*4kB (UME) ... = TkB}). */
    private String buddy(final long totalKb, final boolean migrateTypes) {
        final long[] counts = new long[11];
        long rest = Math.max(0, totalKb / 4);
        for (int order = 10; order >= 1; order--) {
            final long size = 1L << order;
            final long max = rest / size;
            final long n = max == 0 ? 0 : rnd.nextLong(Math.min(max, 40) + 1) / (order > 6 ? 4 : 1);
            counts[order] = n;
            rest -= n * size;
        }
        counts[0] = rest;
        final StringBuilder b = new StringBuilder(200);
        long total = 0;
        for (int order = 0; order <= 10; order++) {
            if (order > 0) {
                b.append(' ');
            }
            b.append(counts[order]).append('*').append(4L << order).append("kB");
            if (migrateTypes && counts[order] > 0) {
                b.append(order < 4 ? " (UME)" : order < 8 ? " (UM)" : " (M)");
            }
            total += counts[order] * (4L << order);
        }
        return b.append(" = ").append(total).append("kB").toString();
    }

    // ---- memcg ---------------------------------------------------------------------------------------------------

    private void memcgBlock(final Report r, final HostProfile h, final ReportKind kind, final Task victim) {
        final long limitKb = victim.rss() * 4 + 4_096 * (1 + rnd.nextInt(8));
        if (kind == ReportKind.E4_MEMCG_V1) {
            final String pod = "/kubepods/burstable/pod" + uuid();
            final String container = pod + "/" + hex(64);
            k(r, "Task in " + container + " killed as a result of limit of " + pod);
            k(r, "memory: usage " + limitKb + "kB, limit " + limitKb + "kB, failcnt " + rnd.nextInt(10_000));
            k(r, "memory+swap: usage " + limitKb + "kB, limit 9007199254740988kB, failcnt 0");
            k(r, "kmem: usage 0kB, limit 9007199254740988kB, failcnt 0");
            k(r, "Memory cgroup stats for " + pod + ": cache:0KB rss:0KB rss_huge:0KB mapped_file:0KB swap:0KB "
                    + "inactive_anon:0KB active_anon:0KB inactive_file:0KB active_file:0KB unevictable:0KB");
            k(r, "Memory cgroup stats for " + container + ": cache:" + rnd.nextInt(200) + "KB rss:" + victim.rss() * 4
                    + "KB rss_huge:0KB mapped_file:" + rnd.nextInt(100) + "KB swap:0KB inactive_anon:0KB active_anon:"
                    + victim.rss() * 4 + "KB inactive_file:" + rnd.nextInt(100) + "KB active_file:" + rnd.nextInt(100)
                    + "KB unevictable:0KB");
            return;
        }
        final String cg = r.memcg;
        k(r, "memory: usage " + limitKb + "kB, limit " + limitKb + "kB, failcnt " + rnd.nextInt(10_000));
        k(r, "swap: usage 0kB, limit 0kB, failcnt 0");
        k(r, "Memory cgroup stats for " + cg + ":");
        for (final String key : MEMSTAT_KEYS) {
            final long v = key.equals("anon") || key.equals("inactive_anon") ? limitKb * 1024 - rnd.nextInt(1 << 20)
                    : rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(3_000_000);
            k(r, key + " " + v);
        }
    }

    private String memcgPath(final HostProfile h) {
        return h.role.equals("k8s-node") ? "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                + uuid().replace('-', '_') + ".slice/cri-containerd-" + hex(64) + ".scope"
                : "/system.slice/docker-" + hex(64) + ".scope";
    }

    // ---- task table --------------------------------------------------------------------------------------------

    private Task victim(final HostProfile h, final ReportKind kind) {
        final String[] app = ROLE_APPS[h.index % ROLE_APPS.length];
        final String name = rnd.nextInt(40) == 0 ? HOSTILE_VICTIMS[rnd.nextInt(HOSTILE_VICTIMS.length)] : app[0];
        final long rss = kind.memcg() ? 65_536L * (1 + rnd.nextInt(32)) : h.ramPages * (50 + rnd.nextInt(40)) / 100;
        final long shmem = rnd.nextInt(4) == 0 ? rnd.nextInt(2_000) : 0;
        final long file = 10 + rnd.nextInt(3_000);
        return new Task(h.nextVictimPid(rnd), Integer.parseInt(app[1]), name, rss + rss / 3 + rnd.nextInt(100_000),
                rss, rss - file - shmem, file, shmem, (rss / 512 + 20) * 4_096, 0,
                kind.memcg() ? 900 + rnd.nextInt(100) : 0, 0, rnd.nextInt(h.cpus));
    }

    private String triggerName(final Task victim) {
        if (victim.name().equals("java") && rnd.nextBoolean()) {
            return "C2 CompilerThre";
        }
        return rnd.nextInt(4) == 0 ? "kworker/u16:" + rnd.nextInt(9) : victim.name();
    }

    /**
     * The victim, the trigger (when another task), then system tasks (global OOM) or the container's init
     * (memcg OOM: only the cgroup's tasks are listed), then workers, in pid order.
     */
    private List<Task> table(final HostProfile h, final ReportKind kind, final Task victim, final Task trigger,
                             final int rows) {
        final String[][] system = kind.memcg() ? CONTAINER_INIT
                : h.era.ordinal() <= KernelEra.E3.ordinal() ? SYSTEM_OLD : SYSTEM_MODERN;
        final String[] app = ROLE_APPS[h.index % ROLE_APPS.length];
        final Task[] tasks = new Task[Math.max(rows, 2)];
        int n = 0;
        tasks[n++] = victim;
        if (trigger != victim && !trigger.name().startsWith("kworker")) {
            tasks[n++] = new Task(trigger.pid(), trigger.uid(), trigger.name(), victim.totalVm() / 8, victim.rss() / 50,
                    victim.rss() / 50, 0, 0, 65_536, 0, trigger.oomScoreAdj(), 0, trigger.cpu());
        }
        final int pidMax = h.pidMax();
        int sysPid = kind.memcg() ? 100 + rnd.nextInt(1_000) : 1;
        // A pid is one task's: the kernel never lists two rows under one pid, and a reader keyed by pid must not
        // be shown that.
        final Set<Integer> taken = new HashSet<>();
        for (int i = 0; i < n; i++) {
            taken.add(tasks[i].pid());
        }
        for (int i = 0; n < tasks.length && i < system.length; i++) {
            final String[] s = system[i];
            while (!taken.add(sysPid)) {
                sysPid++;
            }
            final long rss = 50 + rnd.nextInt(4_000);
            tasks[n++] = new Task(sysPid, Integer.parseInt(s[1]), s[0], rss * 8, rss, rss - 20, 20, 0,
                    40_960 + rnd.nextInt(300) * 1_024L, 0, Integer.parseInt(s[2]), Integer.parseInt(s[2]) == -1000 ? -17 : 0,
                    rnd.nextInt(h.cpus));
            sysPid += 1 + rnd.nextInt(Math.max(2, Math.min(pidMax / 64, 300)));
        }
        final int fillerSpan = Math.max(1, (pidMax - 2_000) / Math.max(1, tasks.length));
        int pid = 2_000;
        while (n < tasks.length) {
            pid += 1 + rnd.nextInt(Math.max(1, Math.min(fillerSpan, 30)));
            if (!taken.add(pid)) {
                continue;
            }
            final long rss = 200 + rnd.nextInt(30_000);
            tasks[n++] = new Task(pid, Integer.parseInt(app[1]), app[2], rss * 3, rss, rss - 100, 100, 0,
                    65_536 + rnd.nextInt(500) * 1_024L, 0, 0, 0, rnd.nextInt(h.cpus));
        }
        final Task[] out = Arrays.copyOf(tasks, n);
        Arrays.sort(out, (a, b) -> Integer.compare(a.pid(), b.pid()));
        return Arrays.asList(out);
    }

    private void taskTable(final Report r, final ReportKind kind, final List<Task> table) {
        if (table.isEmpty()) {
            return;
        }
        switch (kind) {
            case E2_GLOBAL -> k(r, "[ pid ]   uid  tgid total_vm      rss cpu oom_adj name");
            case E3_RHEL6, E3_UPSTREAM -> k(r, "[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name");
            case E4_RHEL7, E4_MEMCG_V1 -> k(r, "[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name");
            case E4_TASKS_STATE, E5_GLOBAL, E5_MEMCG_V2, E5_OOM_GROUP -> {
                k(r, "Tasks state (memory values in pages):");
                k(r, "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name");
            }
            case E6_GLOBAL, E6_MEMCG_V2 -> {
                k(r, "Tasks state (memory values in pages):");
                k(r, "[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents "
                        + "oom_score_adj name");
            }
            default -> throw new IllegalStateException("no table for " + kind);
        }
        for (final Task t : table) {
            k(r, row(kind, t));
        }
    }

    private String row(final ReportKind kind, final Task t) {
        sb.setLength(0);
        final boolean wide = kind.era().ordinal() >= KernelEra.E5.ordinal() || kind == ReportKind.E4_TASKS_STATE;
        sb.append('[');
        padTo(Integer.toString(t.pid()), wide ? 7 : 5);
        sb.append("] ");
        padTo(Integer.toString(t.uid()), 5);
        sb.append(' ');
        padTo(Integer.toString(t.pid()), 5);
        sb.append(' ');
        padTo(Long.toString(t.totalVm()), 8);
        sb.append(' ');
        padTo(Long.toString(t.rss()), 8);
        switch (kind) {
            case E2_GLOBAL -> {
                sb.append(' ');
                padTo(Integer.toString(t.cpu()), 3);
                sb.append("     ");
                padTo(Integer.toString(t.oomAdj()), 3);
            }
            case E3_RHEL6, E3_UPSTREAM -> {
                sb.append(' ');
                padTo(Integer.toString(t.cpu()), 3);
                sb.append("     ");
                padTo(Integer.toString(t.oomAdj()), 3);
                sb.append("         ");
                padTo(Integer.toString(t.oomScoreAdj()), 5);
            }
            case E4_RHEL7, E4_MEMCG_V1 -> {
                sb.append(' ');
                padTo(Long.toString(t.pgtablesBytes() / 4_096), 7);
                sb.append(' ');
                padTo(Long.toString(t.swapents()), 8);
                sb.append("         ");
                padTo(Integer.toString(t.oomScoreAdj()), 5);
            }
            case E6_GLOBAL, E6_MEMCG_V2 -> {
                sb.append(' ');
                padTo(Long.toString(t.rssAnon()), 8);
                sb.append(' ');
                padTo(Long.toString(t.rssFile()), 8);
                sb.append(' ');
                padTo(Long.toString(t.rssShmem()), 9);
                sb.append(' ');
                padTo(Long.toString(t.pgtablesBytes()), 8);
                sb.append(' ');
                padTo(Long.toString(t.swapents()), 8);
                sb.append("         ");
                padTo(Integer.toString(t.oomScoreAdj()), 5);
            }
            default -> {
                sb.append(' ');
                padTo(Long.toString(t.pgtablesBytes()), 8);
                sb.append(' ');
                padTo(Long.toString(t.swapents()), 8);
                sb.append("         ");
                padTo(Integer.toString(t.oomScoreAdj()), 5);
            }
        }
        sb.append(' ').append(t.name());
        return sb.toString();
    }

    // ---- kill --------------------------------------------------------------------------------------------------

    private void kill(final Report r, final HostProfile h, final ReportKind kind, final Task victim,
                      final List<Task> table) {
        final int firstKillLine = r.lines.size();
        final long score = kind == ReportKind.E2_GLOBAL ? 10_000 + rnd.nextInt(900_000) : 300 + rnd.nextInt(700);
        switch (kind) {
            case E1_GLOBAL -> k(r, "Out of Memory: Killed process " + victim.pid() + " (" + victim.name() + ").");
            case E2_GLOBAL -> {
                k(r, "Out of memory: kill process " + victim.pid() + " (" + victim.name() + ") score " + score
                        + " or a child");
                k(r, "Killed process " + victim.pid() + " (" + victim.name() + ")");
            }
            case E3_RHEL6 -> {
                selection(r, "Out of memory", victim, score);
                k(r, "Killed process " + victim.pid() + ", UID " + victim.uid() + ", (" + victim.name() + ") "
                        + sizes(victim, false));
            }
            case E3_UPSTREAM -> {
                selection(r, "Out of memory", victim, score);
                k(r, "Killed process " + victim.pid() + " (" + victim.name() + ") " + sizes(victim, false));
            }
            case E4_RHEL7, E4_TASKS_STATE, E4_MEMCG_V1 -> {
                selection(r, kind.memcg() ? "Memory cgroup out of memory" : "Out of memory", victim, score);
                k(r, "Killed process " + victim.pid() + " (" + victim.name() + ") " + sizes(victim, true));
                if (kind == ReportKind.E4_TASKS_STATE || rnd.nextBoolean()) {
                    reaper(r, victim);
                }
            }
            case E5_GLOBAL, E6_GLOBAL -> {
                summary(r, h, victim, null);
                k(r, "Out of memory: Killed process " + victim.pid() + " (" + victim.name() + ") " + modernSizes(victim));
                if (rnd.nextInt(5) != 0) {
                    reaper(r, victim);
                }
                if (rnd.nextInt(3) == 0) {
                    unitLines(r, h);
                }
            }
            case E5_MEMCG_V2, E6_MEMCG_V2 -> {
                summary(r, h, victim, r.memcg);
                k(r, "Memory cgroup out of memory: Killed process " + victim.pid() + " (" + victim.name() + ") "
                        + modernSizes(victim));
                if (rnd.nextInt(5) != 0) {
                    reaper(r, victim);
                }
            }
            case E5_OOM_GROUP -> oomGroup(r, h, victim, table);
            default -> throw new IllegalStateException("no kill for " + kind);
        }
        if (r.victimPids.isEmpty()) {
            r.victimPids.add(victim.pid());
            r.victimNames.add(victim.name());
            r.killLines.add(killLineOf(r, firstKillLine, victim.pid()));
            r.victimServices.add(serviceOf(kind, h, victim.name()));
        }
    }

    /** The line naming the victim killed ({@code Killed process N}, any era's wording), from {@code from} on. */
    private static int killLineOf(final Report r, final int from, final int pid) {
        for (int i = from; i < r.lines.size(); i++) {
            final String text = r.lines.get(i).text();
            if (text.contains("illed process " + pid + " ") || text.contains("illed process " + pid + ",")) {
                return i;
            }
        }
        throw new IllegalStateException("no kill line for pid " + pid + " in a " + r.kind + " report");
    }

    /**
     * The service a kill is attributed to when no fleet metadata is loaded (README, service attribution): the
     * systemd unit its memory cgroup names (the {@code oom-kill:} summary of 5.x/6.x global reports puts the victim
     * in {@code /system.slice/<unit>.service}), else the victim's process name (containers, and kernels that print
     * no cgroup, name no unit).
     */
    static String serviceOf(final ReportKind kind, final HostProfile h, final String victimName) {
        if (kind == ReportKind.E5_GLOBAL || kind == ReportKind.E6_GLOBAL) {
            final String unit = ROLE_APPS[h.index % ROLE_APPS.length][3];
            return unit.substring(0, unit.length() - ".service".length());
        }
        return victimName;
    }

    private void selection(final Report r, final String prefix, final Task victim, final long score) {
        k(r, prefix + ": Kill process " + victim.pid() + " (" + victim.name() + ") score " + score
                + " or sacrifice child");
    }

    private static String sizes(final Task t, final boolean shmem) {
        return "total-vm:" + t.totalVm() * 4 + "kB, anon-rss:" + t.rssAnon() * 4 + "kB, file-rss:" + t.rssFile() * 4
                + "kB" + (shmem ? ", shmem-rss:" + t.rssShmem() * 4 + "kB" : "");
    }

    private static String modernSizes(final Task t) {
        return sizes(t, true) + ", UID:" + t.uid() + " pgtables:" + t.pgtablesBytes() / 1_024 + "kB oom_score_adj:"
                + t.oomScoreAdj();
    }

    private void summary(final Report r, final HostProfile h, final Task victim, final String memcg) {
        final String taskMemcg = memcg != null ? memcg : "/system.slice/" + ROLE_APPS[h.index % ROLE_APPS.length][3];
        k(r, "oom-kill:constraint=" + (memcg != null ? "CONSTRAINT_MEMCG" : "CONSTRAINT_NONE") + ",nodemask=(null),"
                + "cpuset=/,mems_allowed=0" + (memcg != null ? ",oom_memcg=" + memcg : ",global_oom") + ",task_memcg="
                + taskMemcg + ",task=" + victim.name() + ",pid=" + victim.pid() + ",uid=" + victim.uid());
    }

    private void reaper(final Report r, final Task victim) {
        k(r, "oom_reaper: reaped process " + victim.pid() + " (" + victim.name() + "), now anon-rss:0kB, file-rss:0kB, "
                + "shmem-rss:0kB");
        r.endsWithReaper = true;
    }

    /** memory.oom.group: the victim, the notice, then the rest of the cgroup's tasks, each its own kill line. */
    private void oomGroup(final Report r, final HostProfile h, final Task victim, final List<Task> table) {
        final String cg = r.memcg;
        summary(r, h, victim, cg);
        final String prefix = "Memory cgroup out of memory: Killed process ";
        r.killLines.add(r.lines.size());
        k(r, prefix + victim.pid() + " (" + victim.name() + ") " + modernSizes(victim));
        r.victimPids.add(victim.pid());
        r.victimNames.add(victim.name());
        r.victimServices.add(serviceOf(r.kind, h, victim.name()));
        k(r, "Tasks in " + cg + " are going to be killed due to memory.oom.group set");
        int extra = 2 + rnd.nextInt(3);
        for (final Task t : table) {
            if (extra == 0) {
                break;
            }
            if (t.pid() != victim.pid() && t.pid() > 1_000 && t.oomScoreAdj() > -1000) {
                r.killLines.add(r.lines.size());
                k(r, prefix + t.pid() + " (" + t.name() + ") " + modernSizes(t));
                r.victimPids.add(t.pid());
                r.victimNames.add(t.name());
                r.victimServices.add(serviceOf(r.kind, h, t.name()));
                extra--;
            }
        }
        reaper(r, victim);
    }

    private void unitLines(final Report r, final HostProfile h) {
        final String unit = ROLE_APPS[h.index % ROLE_APPS.length][3];
        r.lines.add(new Line("systemd", 1, unit + ": A process of this unit has been killed by the OOM killer."));
        r.lines.add(new Line("systemd", 1, unit + ": Main process exited, code=killed, status=9/KILL"));
        r.lines.add(new Line("systemd", 1, unit + ": Failed with result 'oom-kill'."));
    }

    // ---- allocation failure ----------------------------------------------------------------------------------

    private Report allocFailure(final HostProfile h) {
        final Report r = new Report(ReportKind.ALLOC_FAILURE, h.era);
        final String[] comms = {"swapper/0", "kswapd0", "java", "nginx", "kworker/u16:3", "postgres"};
        final String comm = comms[rnd.nextInt(comms.length)];
        final int order = 1 + rnd.nextInt(4);
        final Task trigger = new Task(100 + rnd.nextInt(30_000), 0, comm, 0, 0, 0, 0, 0, 0, 0, 0, 0, rnd.nextInt(h.cpus));
        switch (h.era) {
            case E1, E2, E3 -> {
                k(r, comm + ": page allocation failure. order:" + order + ", mode:0x20");
                stackOld(r, h, trigger);
                memInfoOld(r, h);
            }
            case E4 -> {
                k(r, comm + ": page allocation failure: order:" + order + ", mode:0x1080020(GFP_ATOMIC|__GFP_COMP), "
                        + "nodemask=(null)");
                stackModern(r, h, trigger, FRAMES_MODERN, false);
                memInfoModern(r, h);
            }
            default -> {
                k(r, comm + ": page allocation failure: order:" + order + ", mode:0x40a20(GFP_ATOMIC|__GFP_COMP),"
                        + "nodemask=(null),cpuset=/,mems_allowed=0");
                stackModern(r, h, trigger, FRAMES_MODERN, true);
                memInfoModern(r, h);
            }
        }
        return r;
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static void k(final Report r, final String text) {
        r.lines.add(new Line("kernel", -1, text));
    }

    private String hex(final int digits) {
        final char[] c = new char[digits];
        for (int i = 0; i < digits; i++) {
            c[i] = Character.forDigit(rnd.nextInt(16), 16);
        }
        return new String(c);
    }

    private String uuid() {
        return hex(8) + "-" + hex(4) + "-" + hex(4) + "-" + hex(4) + "-" + hex(12);
    }

    private void padTo(final String s, final int width) {
        for (int i = s.length(); i < width; i++) {
            sb.append(' ');
        }
        sb.append(s);
    }

    private static String pad(final String s, final int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
