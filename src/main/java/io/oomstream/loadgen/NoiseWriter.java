package io.oomstream.loadgen;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * Ordinary fleet syslog, the 99% an OOM pipeline must pass over cheaply: nginx access lines, sshd, CRON,
 * systemd, kubelet, containerd, postfix, sudo, chrony, dhclient, and kernel noise (e1000e link messages,
 * UFW/iptables blocks, conntrack, EXT4, audit). Kernel noise is a few percent, as on real hosts, and goes
 * through the kernel grammar like any kernel line. The last line written is read from the fields
 * (no allocation per line beyond its text). Not thread-safe.
 */
final class NoiseWriter {

    /** Cumulative weights (out of 100) of the programs below. */
    private static final int[] WEIGHTS = {30, 41, 49, 61, 68, 72, 74, 81, 83, 86, 88, 91, 92, 100};

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    private static final String[] PATHS = {"/api/v1/orders/", "/api/v1/items/", "/static/app.", "/healthz?probe=",
        "/login?next=/account/", "/cart/add/", "/search?q=shoes&page="};
    private static final String[] AGENTS = {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/122.0 Safari/537.36",
        "curl/8.5.0", "kube-probe/1.29", "Go-http-client/1.1", "python-requests/2.31.0"};
    private static final String[] USERS = {"deploy", "ops", "ubuntu", "ec2-user", "backup"};
    private static final String[] CRON_CMDS = {"   cd / && run-parts --report /etc/cron.hourly",
        "command -v debian-sa1 > /dev/null && debian-sa1 1 1", "/usr/local/bin/backup.sh --incremental",
        "[ -x /usr/lib/php/sessionclean ] && if [ ! -d /run/systemd/system ]; then /usr/lib/php/sessionclean; fi"};
    private static final String[] SYSTEMD = {"Starting Daily apt download activities...", "logrotate.service: Succeeded.",
        "Finished Rotate log files.", "Started Daily Cleanup of Temporary Directories.",
        "Reloading The NGINX HTTP and reverse proxy server...", "Starting Message of the Day...",
        "motd-news.service: Deactivated successfully.", "Finished Daily man-db regeneration."};

    String program;
    int pid;
    String text;
    int severity;
    boolean kernel;

    private final SplittableRandom rnd;
    private final StringBuilder sb = new StringBuilder(256);
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedClf;
    private String cachedIso;

    NoiseWriter(final SplittableRandom rnd) {
        this.rnd = rnd;
    }

    /** Writes one ordinary line of host {@code h} at {@code epochMicros} into the fields. */
    void next(final HostProfile h, final long epochMicros) {
        sb.setLength(0);
        pid = -1;
        severity = 6;
        kernel = false;
        final int w = rnd.nextInt(100);
        int which = 0;
        while (w >= WEIGHTS[which]) {
            which++;
        }
        switch (which) {
            case 0 -> nginx(epochMicros);
            case 1 -> sshd();
            case 2 -> cron();
            case 3 -> systemd();
            case 4 -> kernel();
            case 5 -> postfix();
            case 6 -> sudo();
            case 7 -> kubelet(epochMicros);
            case 8 -> chrony();
            case 9 -> logind();
            case 10 -> dhclient();
            case 11 -> containerd(epochMicros);
            case 12 -> rsyslog();
            default -> php();
        }
        text = sb.toString();
    }

    private void nginx(final long epochMicros) {
        program = "nginx";
        clock(epochMicros);
        ip10().append(" - - [").append(cachedClf).append(" +0000] \"GET ").append(PATHS[rnd.nextInt(PATHS.length)])
                .append(rnd.nextInt(100_000)).append(" HTTP/1.1\" ").append(rnd.nextInt(20) == 0 ? 404 : 200).append(' ')
                .append(200 + rnd.nextInt(60_000)).append(" \"-\" \"").append(AGENTS[rnd.nextInt(AGENTS.length)])
                .append('"');
    }

    private void sshd() {
        program = "sshd";
        pid = 1_000 + rnd.nextInt(60_000);
        final String user = USERS[rnd.nextInt(USERS.length)];
        switch (rnd.nextInt(5)) {
            case 0 -> {
                sb.append("Accepted publickey for ").append(user).append(" from ");
                ip10().append(" port ").append(30_000 + rnd.nextInt(30_000)).append(" ssh2: ED25519 SHA256:");
                hex(43);
            }
            case 1 -> sb.append("pam_unix(sshd:session): session opened for user ").append(user)
                    .append("(uid=1000) by (uid=0)");
            case 2 -> {
                sb.append("Connection closed by ");
                ip10().append(" port ").append(30_000 + rnd.nextInt(30_000)).append(" [preauth]");
            }
            case 3 -> sb.append("Invalid user admin from 203.0.113.").append(rnd.nextInt(255)).append(" port ")
                    .append(30_000 + rnd.nextInt(30_000));
            default -> {
                sb.append("Disconnected from user ").append(user).append(' ');
                ip10().append(" port ").append(30_000 + rnd.nextInt(30_000));
            }
        }
    }

    private void cron() {
        program = "CRON";
        pid = 1_000 + rnd.nextInt(60_000);
        switch (rnd.nextInt(3)) {
            case 0 -> sb.append("(root) CMD (").append(CRON_CMDS[rnd.nextInt(CRON_CMDS.length)]).append(')');
            case 1 -> sb.append("pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)");
            default -> sb.append("pam_unix(cron:session): session closed for user root");
        }
    }

    private void systemd() {
        program = "systemd";
        pid = 1;
        switch (rnd.nextInt(3)) {
            case 0 -> sb.append("Started Session ").append(rnd.nextInt(90_000)).append(" of User ")
                    .append(USERS[rnd.nextInt(USERS.length)]).append('.');
            case 1 -> {
                sb.append("run-containerd-runc-k8s.io-");
                hex(64);
                sb.append("-runc.").append(rnd.nextInt(1_000_000)).append(".mount: Deactivated successfully.");
            }
            default -> sb.append(SYSTEMD[rnd.nextInt(SYSTEMD.length)]);
        }
    }

    private void kernel() {
        program = "kernel";
        kernel = true;
        severity = 4;
        switch (rnd.nextInt(9)) {
            case 0 -> sb.append("e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx");
            case 1 -> sb.append("e1000e 0000:00:19.0 eth0: Reset adapter unexpectedly");
            case 2, 3 -> {
                sb.append("[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=203.0.113.")
                        .append(rnd.nextInt(255)).append(" DST=");
                ip10().append(" LEN=40 TOS=0x00 PREC=0x00 TTL=").append(40 + rnd.nextInt(200)).append(" ID=")
                        .append(rnd.nextInt(65_536)).append(" PROTO=TCP SPT=").append(1_024 + rnd.nextInt(60_000))
                        .append(" DPT=").append(rnd.nextBoolean() ? 22 : 3389)
                        .append(" WINDOW=1024 RES=0x00 SYN URGP=0");
            }
            case 4 -> sb.append("nf_conntrack: nf_conntrack: table full, dropping packet");
            case 5 -> sb.append("TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  "
                    + "Check SNMP counters.");
            case 6 -> sb.append("IPv6: ADDRCONF(NETDEV_CHANGE): veth").append(rnd.nextInt(100_000))
                    .append(": link becomes ready");
            case 7 -> sb.append("perf: interrupt took too long (").append(2_500 + rnd.nextInt(500))
                    .append(" > 2500), lowering kernel.perf_event_max_sample_rate to 79750");
            default -> sb.append("audit: type=1400 audit(1709251200.").append(rnd.nextInt(1_000))
                    .append(":").append(rnd.nextInt(10_000)).append("): apparmor=\"DENIED\" operation=\"open\" "
                            + "profile=\"snap.lxd.daemon\" name=\"/proc/sys/kernel/core_pattern\" pid=")
                    .append(rnd.nextInt(30_000)).append(" comm=\"lxd\" requested_mask=\"r\" denied_mask=\"r\"");
        }
    }

    private void postfix() {
        program = "postfix/smtpd";
        pid = 1_000 + rnd.nextInt(60_000);
        sb.append(rnd.nextBoolean() ? "connect from unknown[" : "disconnect from unknown[");
        ip10().append(']');
    }

    private void sudo() {
        program = "sudo";
        sb.append(USERS[rnd.nextInt(USERS.length)])
                .append(" : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx");
    }

    private void kubelet(final long epochMicros) {
        program = "kubelet";
        pid = 1_822;
        clock(epochMicros);
        sb.append("I0301 ").append(cachedIso, 11, 19).append('.').append(rnd.nextInt(1_000_000))
                .append("    1822 kubelet.go:1932] \"SyncLoop (PLEG): event for pod\" pod=\"payments/ledger-")
                .append(rnd.nextInt(1_000)).append("\" event=&{Type:ContainerStarted}");
    }

    private void chrony() {
        program = "chronyd";
        pid = 612;
        sb.append("Selected source 169.254.169.123 (ntp.example.com)");
    }

    private void logind() {
        program = "systemd-logind";
        pid = 660;
        final int session = rnd.nextInt(90_000);
        switch (rnd.nextInt(3)) {
            case 0 -> sb.append("New session ").append(session).append(" of user deploy.");
            case 1 -> sb.append("Session ").append(session).append(" logged out. Waiting for processes to exit.");
            default -> sb.append("Removed session ").append(session).append('.');
        }
    }

    private void dhclient() {
        program = "dhclient";
        pid = 811;
        sb.append("DHCPREQUEST for ");
        ip10().append(" on eth0 to 10.0.0.1 port 67");
    }

    private void containerd(final long epochMicros) {
        program = "containerd";
        pid = 540;
        clock(epochMicros);
        sb.append("time=\"").append(cachedIso).append(".").append(100_000_000 + rnd.nextInt(800_000_000))
                .append("Z\" level=info msg=\"shim disconnected\" id=");
        hex(64);
        sb.append(" namespace=k8s.io");
    }

    private void rsyslog() {
        program = "rsyslogd";
        sb.append("action 'action-0-omkafka' resumed (module 'omkafka') [v8.2302.0 try https://www.rsyslog.com/e/2359 ]");
    }

    private void php() {
        program = "php-fpm";
        pid = 900 + rnd.nextInt(100);
        sb.append("[pool www] child ").append(10_000 + rnd.nextInt(50_000)).append(" exited with code 0 after ")
                .append(rnd.nextInt(4_000)).append('.').append(rnd.nextInt(1_000_000)).append(" seconds from start");
    }

    private StringBuilder ip10() {
        return sb.append("10.").append(rnd.nextInt(256)).append('.').append(rnd.nextInt(256)).append('.')
                .append(1 + rnd.nextInt(254));
    }

    private void hex(final int digits) {
        for (int i = 0; i < digits; i++) {
            sb.append(Character.forDigit(rnd.nextInt(16), 16));
        }
    }

    private void clock(final long epochMicros) {
        final long second = Math.floorDiv(epochMicros, 1_000_000L);
        if (second == cachedSecond) {
            return;
        }
        cachedSecond = second;
        final LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
        cachedClf = String.format("%02d/%s/%04d:%02d:%02d:%02d", t.getDayOfMonth(), MONTHS[t.getMonthValue() - 1],
                t.getYear(), t.getHour(), t.getMinute(), t.getSecond());
        cachedIso = String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond());
    }
}
