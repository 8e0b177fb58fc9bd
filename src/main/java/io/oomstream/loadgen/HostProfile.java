package io.oomstream.loadgen;

import io.oomstream.kernel.KernelEra;
import java.util.SplittableRandom;

/**
 * One generated host: its name, kernel (era and version), how it ships its logs and the machine facts its
 * reports print. Everything is drawn once from the generator's random source, so a seed fixes the fleet.
 */
final class HostProfile {

    /** Fleet roles; a host name is role-number, e.g. {@code web-0001.dc1.example.com} or {@code db-0042}. */
    static final String[] ROLES = {"web", "db", "cache", "k8s-node", "app", "batch", "mq", "search", "mail", "lb"};

    /** Era mix of a fleet, interleaved so that any 6 consecutive hosts already cover every era. */
    private static final KernelEra[] ERA_MIX = {
        KernelEra.E5, KernelEra.E4, KernelEra.E3, KernelEra.E6, KernelEra.E1, KernelEra.E2, KernelEra.E5,
        KernelEra.E4, KernelEra.E6, KernelEra.E3, KernelEra.E5, KernelEra.E4, KernelEra.E6, KernelEra.E5,
        KernelEra.E3, KernelEra.E4, KernelEra.E6, KernelEra.E5, KernelEra.E4, KernelEra.E5};

    private static final String[] HARDWARE = {
        "VMware, Inc. VMware Virtual Platform/440BX Desktop Reference Platform, BIOS 6.00 12/12/2018",
        "Dell Inc. PowerEdge R640/0W23H8, BIOS 2.8.2 08/27/2020",
        "Amazon EC2 m5.xlarge/, BIOS 1.0 10/16/2017",
        "QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.2-debian-1.16.2-1 04/01/2014",
        "HPE ProLiant DL385 Gen10 Plus v2/ProLiant DL385 Gen10 Plus v2, BIOS A42 11/04/2023",
        "Microsoft Corporation Virtual Machine/Virtual Machine, BIOS Hyper-V UEFI Release v4.1 05/09/2022"};

    final int index;
    final String name;
    final String role;
    final KernelEra era;
    final String kernelVersion;
    final String hardware;
    /** Prints {@code [uptime]} stamps on kernel lines (CONFIG_PRINTK_TIME / printk.time). */
    final boolean stamps;
    /** RHEL kernels of E3 print the {@code Killed process N, UID U, (x)} form. */
    final boolean rhel;
    /** E6 from 6.11: {@code UID:} on the stack header and a decoded taint line. */
    final boolean uidOnStackHeader;
    final OutputFormat format;
    final int cpus;
    final long ramPages;
    final long swapKb;
    /** Kernel uptime at the generator's start instant, microseconds. */
    final long uptimeAtStartMicros;
    private int nextVictimPid;

    /** Host number {@code index} of a generated fleet. */
    HostProfile(final int index, final SplittableRandom rnd, final OutputFormat requested) {
        this(index, fleetName(index), ERA_MIX[index % ERA_MIX.length], rnd, requested);
    }

    /** A host outside the fleet's naming scheme (latency probes), running a kernel of the given era. */
    HostProfile(final int index, final String name, final KernelEra era, final SplittableRandom rnd,
                final OutputFormat requested) {
        this.index = index;
        this.role = ROLES[index % ROLES.length];
        this.name = name;
        this.era = era;
        this.rhel = rnd.nextInt(10) < 7;
        this.uidOnStackHeader = rnd.nextBoolean();
        this.kernelVersion = version(era, rhel, uidOnStackHeader, rnd);
        this.hardware = HARDWARE[rnd.nextInt(HARDWARE.length)];
        this.stamps = switch (era) {
            case E1 -> false;
            case E3 -> !rhel;
            case E4 -> !rhel || rnd.nextBoolean();
            default -> true;
        };
        this.format = requested != OutputFormat.MIXED ? requested
                : OutputFormat.values()[rnd.nextInt(OutputFormat.values().length - 1)];
        this.cpus = era.ordinal() <= KernelEra.E3.ordinal() ? 2 + rnd.nextInt(3) : 2 + 2 * rnd.nextInt(16);
        this.ramPages = (1L << (19 + rnd.nextInt(7))) - rnd.nextInt(2_000);
        this.swapKb = rnd.nextInt(3) == 0 ? 0 : 2_097_148L * (1 + rnd.nextInt(4));
        this.uptimeAtStartMicros = (300L + rnd.nextLong(90L * 86_400)) * 1_000_000L + rnd.nextInt(1_000_000);
        this.nextVictimPid = 1_000 + rnd.nextInt(20_000);
    }

    /** Largest pid the kernel hands out: 32768 before 5.x, 4194304 on 64-bit 5.x/6.x distributions. */
    int pidMax() {
        return era.ordinal() >= KernelEra.E5.ordinal() ? 4_194_304 : 32_768;
    }

    /** A victim pid never used by this host's earlier reports (they grow, as pids do, and wrap at pid_max). */
    int nextVictimPid(final SplittableRandom rnd) {
        nextVictimPid += 50 + rnd.nextInt(era.ordinal() >= KernelEra.E5.ordinal() ? 40_000 : 2_000);
        if (nextVictimPid >= pidMax() - 100) {
            nextVictimPid = 1_000 + rnd.nextInt(1_000);
        }
        return nextVictimPid;
    }

    long uptimeMicros(final long epochMicros, final long startEpochMicros) {
        return uptimeAtStartMicros + (epochMicros - startEpochMicros);
    }

    private static String version(final KernelEra era, final boolean rhel, final boolean newest,
                                  final SplittableRandom rnd) {
        return switch (era) {
            case E1 -> "2.6.9-89.ELsmp #1 SMP";
            case E2 -> "2.6.27-" + (7 + rnd.nextInt(10)) + "-server #1 SMP";
            case E3 -> rhel ? "2.6.32-" + (431 + rnd.nextInt(330)) + ".el6.x86_64 #1" : "3.2.0-4-amd64 #1 SMP Debian 3.2.96-3";
            case E4 -> rhel ? "3.10.0-" + (957 + rnd.nextInt(204)) + ".el7.x86_64 #1" : "4.19.0-25-amd64 #1 Debian 4.19.289-2";
            case E5 -> rnd.nextBoolean() ? "5.15.0-" + (60 + rnd.nextInt(60)) + "-generic #101-Ubuntu"
                    : "5.10.0-28-amd64 #1 Debian 5.10.209-2";
            case E6 -> newest ? "6.12.1 #1" : "6.8.0-" + (30 + rnd.nextInt(20)) + "-generic #45-Ubuntu";
        };
    }

    /** {@code web-0001.dc1.example.com}, {@code db-0001.dc1.example.com}, {@code cache-0001}, ... */
    static String fleetName(final int index) {
        final String base = ROLES[index % ROLES.length] + "-" + pad4(index / ROLES.length + 1);
        return index % 3 == 2 ? base : base + ".dc" + (1 + (index / 7) % 3) + ".example.com";
    }

    static String pad4(final int n) {
        final String s = Integer.toString(n);
        return s.length() >= 4 ? s : "0000".substring(s.length()) + s;
    }
}
