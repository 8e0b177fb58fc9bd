package io.oomstream.metamorphic;

import io.oomstream.kernel.KernelGrammar;
import io.oomstream.kernel.LineKind;
import io.oomstream.syslog.LogLine;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One thing a real export or paste does to a syslog text, named, with the event fields it may legitimately lose
 * (a field the transformed text no longer shows, e.g. the host when the new layout has no host).
 *
 * @param name        how the test names it
 * @param mayLose     top-level event fields that may differ from the original's (they are not compared)
 * @param oneRecord   in the stream, the transformed text arrives as one record (a paste posted whole), not a
 *                    record per line: only inside one record can the stream see the lines around a line
 * @param notFor      why the transformation does not apply to a fixture, or null when it does
 * @param apply       the transformed text
 */
record Transformation(String name, Set<String> mayLose, boolean oneRecord, Function<FixtureText, String> notFor,
        Function<FixtureText, String> apply) {

    /**
     * Fields the layout's host and time carry (event_id is derived from the host and the first line's stamp), and
     * what only time decides: whether a reaper line came after the report closed (a late one re-emits the event
     * with fewer task rows), and line_count (an empty kernel line and an empty paste line are the same text).
     */
    private static final Set<String> HOST_AND_TIME = Set.of("event_id", "host", "time", "first_line_time",
            "uptime_seconds", "analysis.verdict", "analysis.report_span_seconds", "analysis.thrashing", "line_count",
            "tasks", "tasks_omitted");

    @Override
    public String toString() {
        return name;
    }

    static List<Transformation> all() {
        final List<Transformation> all = new ArrayList<>();
        for (final Locale locale : List.of(Locale.FRANCE, Locale.GERMANY, new Locale("es", "ES"), new Locale("ru", "RU"),
                Locale.CHINA)) {
            all.add(new Transformation("dmesg -T " + locale.toLanguageTag(),
                    // dmesg shows the ring buffer only: no host, no stamp, no systemd lines; wall time to the second.
                    Set.of("event_id", "host", "uptime_seconds", "analysis.verdict", "systemd_unit", "time",
                            "first_line_time", "analysis.report_span_seconds", "analysis.thrashing"),
                    false, Transformation::notForDmesg, f -> dmesgT(f, locale)));
        }
        // dmesg --time-format iso: the ring buffer with each message's wall time to the microsecond, no host.
        all.add(new Transformation("dmesg --time-format iso",
                Set.of("event_id", "host", "uptime_seconds", "analysis.verdict", "systemd_unit", "time",
                        "first_line_time", "analysis.report_span_seconds", "analysis.thrashing"),
                false, Transformation::notForDmesg, Transformation::dmesgIso));
        all.add(new Transformation("no prefix", HOST_AND_TIME, false, Transformation::noPrefixApplies,
                Transformation::noPrefix));
        all.add(new Transformation("<N> priority", Set.of(), false, Transformation::textLines,
                // A priority heads a record; an indented continuation line has none.
                f -> eachRaw(f, raw -> raw.startsWith(" ") || raw.startsWith("\t") ? raw : "<4>" + raw)));
        all.add(new Transformation("caller id", Set.of(), false, Transformation::stamped, Transformation::callerId));
        all.add(new Transformation("grep -C1 with -- separators", Set.of("line_count"), false, f -> null,
                Transformation::grepContext));
        // A wrapped line whose two parts each parse on their own (a register dump, a Mem-Info line cut between two
        // counters) stays two lines: two lines that each parse are never joined. Only the line count shows it.
        all.add(new Transformation("wrap at 72 (mid-word)", Set.of("line_count"), true, Transformation::textLines,
                f -> eachLine(f, raw -> hardWrap(raw, 72))));
        all.add(new Transformation("wrap at 80 (at blanks)", Set.of("line_count"), true, Transformation::textLines,
                f -> eachLine(f, raw -> wordWrap(raw, 80))));
        all.add(new Transformation("> quoting", Set.of(), true, f -> null, f -> eachRaw(f, raw -> "> " + raw)));
        all.add(new Transformation(">> quoting", Set.of(), true, f -> null, f -> eachRaw(f, raw -> ">> " + raw)));
        all.add(new Transformation("format=flowed", Set.of("line_count"), true, Transformation::textLines,
                f -> eachLine(f, raw -> flowed(raw, 78))));
        // A Markdown code block, a ticket or a mail indents every line of the paste; the header stays whole behind it.
        all.add(new Transformation("indented 4 spaces", Set.of(), true, Transformation::textLines,
                f -> eachRaw(f, raw -> "    " + raw)));
        all.add(new Transformation("indented by a tab", Set.of(), false, Transformation::textLines,
                f -> eachRaw(f, raw -> "\t" + raw)));
        // Tools that put something before each whole line: the header behind it still names host and time.
        all.add(new Transformation("zgrep file name prefix", Set.of(), false, Transformation::headedLines,
                f -> eachRaw(f, raw -> "/var/log/kern.log.1:" + raw)));
        all.add(new Transformation("logcli time and labels", Set.of(), false, Transformation::headedLines,
                f -> eachRaw(f, raw -> "2026-01-01T00:00:00Z {job=\"syslog\", filename=\"/var/log/syslog\"} " + raw)));
        all.add(new Transformation("CSV export, raw line quoted", Set.of(), false, Transformation::headedLines,
                f -> eachRaw(f, raw -> "\"2026-01-01T00:00:00.000+0000\",\"syslog\",\"" + raw.replace("\"", "\"\"") + "\"")));
        all.add(new Transformation("CRLF", Set.of(), false, f -> null, f -> String.join("\r\n", raws(f)) + "\r\n"));
        // BusyBox syslogd's file layout: the facility and level between host and tag ("%s %.64s %s %s").
        all.add(new Transformation("busybox syslogd facility.level", Set.of(), false, Transformation::textLines,
                f -> eachRaw(f, raw -> RFC3164_HEADER.matcher(raw).replaceFirst(
                        m -> m.group() + (raw.startsWith("kernel:", m.end()) ? "kern.warn " : "daemon.info ")))));
        // dmesg -d: the time since the previous message inside each kernel stamp.
        all.add(new Transformation("dmesg -d (delta in the stamp)", Set.of(), false, Transformation::dmesgListing,
                Transformation::dmesgDelta));
        // journalctl -o short-full --utc: weekday, ISO date, time and zone before host and tag.
        all.add(new Transformation("journalctl -o short-full", Set.of(), false, Transformation::textLines,
                Transformation::shortFull));
        // dmesg -H / -e (--reltime): the minute of the first message of each minute, else the time since the message
        // before; no stamp gives a line's time or uptime: read as bare kernel lines, as "no prefix" is.
        all.add(new Transformation("dmesg -H (reltime)", union(HOST_AND_TIME, Set.of("systemd_unit")), false,
                Transformation::noPrefixApplies, Transformation::dmesgRelTime));
        // journalctl -o with-unit: the unit in place of the identifier (systemd logs-show.c), so PID 1's lines read
        // "init.scope[1]: ..."; the kernel's lines have no unit and keep "kernel:".
        all.add(new Transformation("journalctl -o with-unit", Set.of(), false, Transformation::systemdLines,
                f -> eachRaw(f, raw -> WITH_UNIT.matcher(raw).replaceAll("$1init.scope[1]: "))));
        // journalctl -o short-unix: the entry's epoch time to the microsecond ("%10llu.%06llu") before host and tag.
        all.add(new Transformation("journalctl -o short-unix", Set.of(), false, Transformation::textLines,
                Transformation::shortUnix));
        // OpenWrt's logread: ctime() with its year, facility.level, " kernel:" for the kernel's lines; no host.
        all.add(new Transformation("OpenWrt logread",
                Set.of("event_id", "host", "time", "first_line_time", "analysis.verdict",
                        "analysis.report_span_seconds", "analysis.thrashing"),
                false, Transformation::logreadApplies, Transformation::logread));
        // Numbered listings: cat -n and nl print "%6d\t"; an editor's numbered view copied from a terminal ("%3d ").
        all.add(new Transformation("cat -n", Set.of(), false, Transformation::textLines,
                f -> numbered(f, "%6d\t")));
        all.add(new Transformation("vim :set number copy", Set.of(), true, Transformation::textLines,
                f -> numbered(f, "%3d ")));
        // A captured terminal: grep --color=always marks its matches (ESC[K after each escape), journalctl colours
        // a warning's message; the escapes are bytes of the text.
        all.add(new Transformation("terminal colours (grep --color, journalctl)", Set.of(), false,
                Transformation::textLines, Transformation::terminalColours));
        all.add(new Transformation("NBSP and tabs", Set.of(), false, Transformation::textLines, Transformation::nbspTabs));
        all.add(new Transformation("stamp alone on its line", Set.of(), true, Transformation::stampedText,
                Transformation::loneStamp));
        // The foreign lines are the same host's kernel lines: the report counts them among its lines.
        all.add(new Transformation("Oops lines interleaved", Set.of("line_count"), false, Transformation::textLines,
                f -> interleave(f, OOPS)));
        all.add(new Transformation("hung-task lines interleaved", Set.of("line_count"), false, Transformation::textLines,
                f -> interleave(f, HUNG_TASK)));
        all.add(new Transformation("two hosts interleaved", Set.of(), false, Transformation::withHost,
                Transformation::twoHosts));
        // Shippers that do not parse send each line of the file whole in a JSON record, a record per line: Filebeat's
        // filestream input (ECS: the machine that read the file in host.name, the read time in @timestamp) and Fluent
        // Bit's tail input without a parser (the line in log, the read time a double in @timestamp, as its Kafka
        // output writes it). The line names its host and time: nothing is lost.
        all.add(new Transformation("Filebeat filestream (whole line in ECS message)", Set.of(), false,
                Transformation::logFile, f -> shipped(f, Transformation::filebeatRecord)));
        all.add(new Transformation("Fluent Bit tail without a parser", Set.of(), false, Transformation::logFile,
                f -> shipped(f, Transformation::fluentBitTailRecord)));
        // Search and log-store exports and shippers' records that carry each line of the file whole (the line names
        // its host and time; the record's host and time are the collector's and the read time). Each from the tool's
        // own documentation or source: Splunk's search export with output_mode=json ({"preview":..,"result":{..}}),
        // a GELF 1.1 message (short_message, host, timestamp in epoch seconds), Loki's logcli -o jsonl (labels, line,
        // timestamp: pkg/logcli/output/jsonl.go), a Cloud Logging LogEntry with textPayload, CloudWatch Logs'
        // subscription record (logEvents of id, timestamp in ms, message; empty lines are no log event).
        all.add(new Transformation("Splunk search export (output_mode=json, _raw)", Set.of(), false,
                Transformation::logFile, f -> shipped(f, Transformation::splunkExportRecord)));
        all.add(new Transformation("GELF (whole line in short_message)", Set.of(), false,
                Transformation::logFile, f -> shipped(f, Transformation::gelfRecord)));
        all.add(new Transformation("logcli query -o jsonl", Set.of(), false,
                Transformation::logFile, f -> shipped(f, Transformation::logcliJsonl)));
        all.add(new Transformation("Cloud Logging LogEntry (textPayload)", Set.of(), false,
                Transformation::logFile, f -> shipped(f, Transformation::cloudLoggingEntry)));
        all.add(new Transformation("CloudWatch Logs subscription record (logEvents)", Set.of("line_count"), false,
                Transformation::logFile, Transformation::cloudWatchSubscription));
        all.add(new Transformation("Loki push API (streams of values)", Set.of("line_count"), false,
                Transformation::logFile, Transformation::lokiPush));
        all.add(new Transformation("aws logs filter-log-events (one JSON document)", Set.of("line_count"), true,
                f -> logFile(f) != null ? logFile(f) : f.lines.size() > io.oomstream.syslog.SyslogDecoder.MAX_LINES_PER_RECORD
                        ? "more events than one record holds" : null, Transformation::filterLogEvents));
        // kubectl logs --timestamps: RFC 3339 with nanoseconds and a blank before each line of a pod that prints a
        // host's log; the CRI log file under /var/log/pods adds the stream and a partial/full tag.
        all.add(new Transformation("kubectl logs --timestamps", Set.of(), false, Transformation::headedLines,
                f -> eachRaw(f, raw -> "2026-01-01T00:00:00.123456789Z " + raw)));
        all.add(new Transformation("CRI log file (stdout F)", Set.of(), false, Transformation::headedLines,
                f -> eachRaw(f, raw -> "2026-01-01T00:00:00.123456789Z stdout F " + raw)));
        // A ticket or chat: the log inside a Markdown fence; and the same text HTML-escaped, as an issue tracker's
        // plain-text export or a page's source shows it.
        all.add(new Transformation("Markdown fence", Set.of(), true, Transformation::textLines,
                f -> "Here is the log:\n\n```text\n" + String.join("\n", raws(f)) + "\n```\n"));
        all.add(new Transformation("HTML entities", Set.of(), true, Transformation::textLines,
                f -> eachRaw(f, raw -> raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                        .replace("\"", "&quot;"))));
        return all;
    }

    // ---- applicability ----------------------------------------------------------------------------------------

    private static String textLines(final FixtureText f) {
        return f.json ? "JSON records are exported, not pasted as text lines" : null;
    }

    private static String singleHostKernel(final FixtureText f) {
        if (f.hosts.size() > 1) {
            return "several hosts: without a prefix their reports cannot be told apart";
        }
        return kernelEvents(f);
    }

    private static String noPrefixApplies(final FixtureText f) {
        final String single = singleHostKernel(f);
        if (single != null) {
            return single;
        }
        final String excerpts = excerptsToldApartByTime(f);
        if (excerpts != null) {
            return excerpts;
        }
        final Set<String> triggers = new java.util.HashSet<>();
        for (final FixtureText.Line l : f.lines) {
            for (final LogLine d : l.decoded()) {
                if (d.message().contains(" invoked oom-killer: ") && !triggers.add(d.message())) {
                    return "two reports start with the same text: without a stamp or a time they get one event id"
                            + " (stitch.EventIds) and the second is taken for a redelivered copy";
                }
            }
        }
        return null;
    }

    /**
     * Two excerpts of different reports pasted one after the other, the second without its first line and older
     * than the first (seed 002: a Mem-Info of Nov 20, then the task table and kill of Oct 27): only their times say
     * they are two reports. Without times the text shows a Mem-Info followed by a task table and a kill, which is
     * how one report reads, and one event is all it can give.
     */
    private static String excerptsToldApartByTime(final FixtureText f) {
        java.time.Instant last = null;
        for (final FixtureText.Line l : f.lines) {
            for (final LogLine d : l.decoded()) {
                if (!d.fromKernel() || d.time() == null) {
                    continue;
                }
                final LineKind kind = KernelGrammar.classify(d).kind();
                if (kind == LineKind.OTHER) {
                    continue;
                }
                if (last != null && kind.role() != LineKind.Role.START && d.time().isBefore(last)) {
                    return "two excerpts (" + last + ", " + d.time() + ") are told apart only by their times: without"
                            + " them a body line continues the report before it";
                }
                last = d.time();
            }
        }
        return null;
    }

    private static String notForDmesg(final FixtureText f) {
        final String single = singleHostKernel(f);
        return single != null ? single : f.name.contains("oomd") || f.name.contains("earlyoom") || f.name.contains("unit-lines-only")
                ? "userspace kills are not in the kernel ring buffer" : null;
    }

    private static String kernelEvents(final FixtureText f) {
        return f.name.contains("oomd") || f.name.contains("earlyoom") || f.name.contains("unit-lines-only")
                ? "userspace lines are told from kernel lines by their program only" : null;
    }

    /**
     * Every line a whole syslog line that names its host and time, or prose: a tool's prefix before a line without
     * a header (a continuation, a bare kernel line) leaves nothing to tell where the line starts.
     */
    private static String headedLines(final FixtureText f) {
        if (textLines(f) != null) {
            return textLines(f);
        }
        for (final FixtureText.Line l : f.lines) {
            final boolean continuation = l.raw().startsWith(" ") || l.raw().startsWith("\t");
            if (continuation || l.decoded().stream().anyMatch(d -> d.host() == null || d.time() == null)) {
                return "a line without host and time behind the prefix";
            }
        }
        return null;
    }

    /** A log file whose lines each name host and time: a shipper reads files, not a post's prose around a log. */
    private static String systemdLines(final FixtureText f) {
        final String text = textLines(f);
        if (text != null) {
            return text;
        }
        return raws(f).stream().anyMatch(raw -> WITH_UNIT.matcher(raw).find()) ? null : "no line of systemd (PID 1)";
    }

    /**
     * PID 1's tag, after a header or at the start of a line that lost its header: with-unit prints its unit there, so a
     * paste that lost its line ends glues "init.scope[1]: " messages, split again as "systemd[1]: " ones are.
     */
    private static final Pattern WITH_UNIT = Pattern.compile("(^| )systemd\\[1\\]: ");

    private static String logFile(final FixtureText f) {
        final String headed = headedLines(f);
        if (headed != null) {
            return headed;
        }
        return f.lines.stream().anyMatch(l -> !l.isDecoded() && !l.raw().isBlank())
                ? "prose between the lines: a paste, not a file a shipper reads" : null;
    }

    private static String stamped(final FixtureText f) {
        return f.hasStamps ? null : "no kernel stamp to put a caller id after";
    }

    private static String dmesgListing(final FixtureText f) {
        if (!f.hasStamps || textLines(f) != null) {
            return "no dmesg listing";
        }
        return f.lines.stream().allMatch(l -> l.raw().isBlank() || l.raw().startsWith("[") || l.raw().startsWith(" "))
                ? null : "not a dmesg listing (a line starts with something else than its stamp)";
    }

    private static String stampedText(final FixtureText f) {
        return f.hasStamps ? textLines(f) : "no kernel stamp";
    }

    private static String withHost(final FixtureText f) {
        if (f.hosts.isEmpty()) {
            return "no host to rename";
        }
        return f.lines.stream().anyMatch(l -> !l.isDecoded() && !l.raw().isBlank())
                ? "a line without a host (prose, junk) between two hosts' lines cannot be told to one of them" : null;
    }

    // ---- renderings from the decoded lines -----------------------------------------------------------------------

    /** Lines that are not prose or junk, as their decoded lines; prose is kept where it stood. */
    private interface LineWriter {
        void write(List<String> out, FixtureText.Line raw, LogLine line);
    }

    private static String render(final FixtureText f, final LineWriter writer) {
        final List<String> out = new ArrayList<>();
        for (final FixtureText.Line l : f.lines) {
            if (!l.isDecoded()) {
                out.add(l.raw());
                continue;
            }
            for (final LogLine line : l.decoded()) {
                writer.write(out, l, line);
            }
        }
        return String.join("\n", out) + "\n";
    }

    /** Boot time for dmesg -T of a log that has only stamps. */
    private static final Instant BOOT = Instant.parse("2025-01-06T00:00:00Z");

    /** The line's wall time; for a log with only kernel stamps, boot time plus the stamp. */
    private static Instant wallTime(final LogLine line) {
        return line.time() != null ? line.time()
                : BOOT.plusNanos((line.uptimeMicros() == null ? 0 : line.uptimeMicros()) * 1000);
    }

    private static String dmesgT(final FixtureText f, final Locale locale) {
        final DateTimeFormatter stamp = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", locale);
        return render(f, (out, raw, line) -> {
            if (!line.fromKernel()) {
                return;
            }
            out.add("[" + stamp.format(ZonedDateTime.ofInstant(wallTime(line), ZoneOffset.UTC)) + "] " + line.message());
        });
    }

    private static String dmesgIso(final FixtureText f) {
        final DateTimeFormatter stamp = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss,SSSSSSxxx", Locale.ROOT);
        return render(f, (out, raw, line) -> {
            if (!line.fromKernel()) {
                return;
            }
            out.add(stamp.format(ZonedDateTime.ofInstant(wallTime(line), ZoneOffset.UTC)) + " " + line.message());
        });
    }

    private static String noPrefix(final FixtureText f) {
        return render(f, (out, raw, line) -> {
            if (KernelGrammar.mayMatter(line)) {
                out.add(line.message());
            }
        });
    }

    private static final Pattern STAMP = Pattern.compile("\\[\\s*\\d+\\.\\d+\\]");

    private static String callerId(final FixtureText f) {
        return eachRaw(f, raw -> {
            final Matcher m = STAMP.matcher(raw);
            return m.find() ? raw.substring(0, m.end()) + "[ T" + (1000 + raw.length() % 9000) + "]" + raw.substring(m.end())
                    : raw;
        });
    }

    private static String dmesgDelta(final FixtureText f) {
        final double[] previous = {-1};
        return eachRaw(f, raw -> {
            final Matcher m = STAMP.matcher(raw);
            if (!raw.startsWith("[") || !m.find() || m.start() != 0) {
                return raw;
            }
            final String stamp = raw.substring(1, m.end() - 1);
            final double now = Double.parseDouble(stamp.strip());
            final double delta = previous[0] < 0 ? 0 : Math.max(0, now - previous[0]);
            previous[0] = now;
            return "[" + stamp + String.format(Locale.ROOT, " <%12.6f>]", delta) + raw.substring(m.end());
        });
    }

    private static String loneStamp(final FixtureText f) {
        return eachLine(f, raw -> {
            final Matcher m = STAMP.matcher(raw);
            if (!m.find() || m.end() >= raw.length() || raw.charAt(m.end()) != ' ') {
                return List.of(raw);
            }
            return List.of(raw.substring(0, m.end()), raw.substring(m.end() + 1));
        });
    }

    // ---- text transformations -------------------------------------------------------------------------------------

    private static List<String> raws(final FixtureText f) {
        return f.lines.stream().map(FixtureText.Line::raw).toList();
    }

    private static String eachRaw(final FixtureText f, final Function<String, String> op) {
        final List<String> out = new ArrayList<>();
        for (final String raw : raws(f)) {
            out.add(op.apply(raw));
        }
        return String.join("\n", out) + "\n";
    }

    private static String eachLine(final FixtureText f, final Function<String, List<String>> op) {
        final List<String> out = new ArrayList<>();
        for (final String raw : raws(f)) {
            out.addAll(op.apply(raw));
        }
        return String.join("\n", out) + "\n";
    }

    private static final Pattern RFC3164_HEADER = Pattern.compile("^[A-Z][a-z]{2} +\\d{1,2} \\d\\d:\\d\\d:\\d\\d \\S+ ");

    private static final Pattern RFC3164_STAMP = Pattern.compile("^[A-Z][a-z]{2} +\\d{1,2} \\d\\d:\\d\\d:\\d\\d ");

    private static String shortFull(final FixtureText f) {
        final DateTimeFormatter full = DateTimeFormatter.ofPattern("EEE uuuu-MM-dd HH:mm:ss 'UTC' ", Locale.ROOT);
        final List<String> out = new ArrayList<>();
        for (final FixtureText.Line l : f.lines) {
            final Matcher m = RFC3164_STAMP.matcher(l.raw());
            if (l.isDecoded() && m.find() && l.decoded().get(0).time() != null) {
                final Instant t = l.decoded().get(0).time();
                out.add(full.format(ZonedDateTime.ofInstant(t, ZoneOffset.UTC)) + l.raw().substring(m.end()));
            } else {
                out.add(l.raw());
            }
        }
        return String.join("\n", out) + "\n";
    }

    private static Set<String> union(final Set<String> a, final Set<String> b) {
        final Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** util-linux dmesg's DMESG_TIMEFTM_RELTIME: {@code [%s] } of "%b%d %H:%M" at each new minute, else the delta. */
    private static String dmesgRelTime(final FixtureText f) {
        final DateTimeFormatter minute = DateTimeFormatter.ofPattern("MMMdd HH:mm", Locale.ROOT);
        final Instant[] last = new Instant[1];
        return render(f, (out, raw, line) -> {
            if (!line.fromKernel()) {
                return;
            }
            final Instant now = wallTime(line);
            final String stamp;
            if (last[0] == null || !minute.format(ZonedDateTime.ofInstant(now, ZoneOffset.UTC)).equals(
                    minute.format(ZonedDateTime.ofInstant(last[0], ZoneOffset.UTC)))) {
                stamp = "[" + minute.format(ZonedDateTime.ofInstant(now, ZoneOffset.UTC)) + "] ";
            } else {
                final double delta = java.time.Duration.between(last[0], now).toNanos() / 1e9;
                stamp = String.format(Locale.ROOT, delta < 10 ? "[  %+8.6f] " : "[ %+9.6f] ", delta);
            }
            last[0] = now;
            out.add(stamp + line.message());
        });
    }

    private static String shortUnix(final FixtureText f) {
        final List<String> out = new ArrayList<>();
        for (final FixtureText.Line l : f.lines) {
            final Matcher m = RFC3164_STAMP.matcher(l.raw());
            if (l.isDecoded() && m.find() && l.decoded().get(0).time() != null) {
                final Instant t = l.decoded().get(0).time();
                out.add(String.format(Locale.ROOT, "%10d.%06d ", t.getEpochSecond(), t.getNano() / 1000)
                        + l.raw().substring(m.end()));
            } else {
                out.add(l.raw());
            }
        }
        return String.join("\n", out) + "\n";
    }

    private static String logreadApplies(final FixtureText f) {
        final String single = singleHostKernel(f);
        if (single != null || textLines(f) != null) {
            return single != null ? single : textLines(f);
        }
        return f.lines.stream().flatMap(l -> l.decoded().stream()).allMatch(d -> d.time() != null)
                ? null : "a line without a wall time: logread prints every line's";
    }

    private static String logread(final FixtureText f) {
        final DateTimeFormatter ctime = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss uuuu", Locale.ROOT);
        return render(f, (out, raw, line) -> {
            final String stamp = ctime.format(ZonedDateTime.ofInstant(line.time(), ZoneOffset.UTC));
            if (line.fromKernel()) {
                final String uptime = line.uptimeMicros() == null ? "" : String.format(Locale.ROOT, "[%5d.%06d] ",
                        line.uptimeMicros() / 1_000_000, line.uptimeMicros() % 1_000_000);
                out.add(stamp + " kern.warn kernel: " + uptime + line.message());
            } else {
                out.add(stamp + " daemon.info " + line.program() + (line.pid() == null ? "" : "[" + line.pid() + "]")
                        + ": " + line.message());
            }
        });
    }

    /** Each line behind its number, 1 on, as {@code format} prints it. */
    private static String numbered(final FixtureText f, final String format) {
        final List<String> out = new ArrayList<>();
        for (final String raw : raws(f)) {
            out.add(String.format(Locale.ROOT, format, out.size() + 1) + raw);
        }
        return String.join("\n", out) + "\n";
    }

    private static final Pattern GREP_MATCH = Pattern.compile("oom-killer|Killed process|Out of memory");

    private static String terminalColours(final FixtureText f) {
        return eachRaw(f, raw -> raw.isEmpty() ? raw : "\u001b[0;1;39m" + GREP_MATCH.matcher(raw).replaceAll(
                "\u001b[01;31m\u001b[K$0\u001b[m\u001b[K") + "\u001b[0m");
    }

    /** {@code fold -w}: cut every {@code width} chars, inside words and numbers too. */
    static List<String> hardWrap(final String raw, final int width) {
        final List<String> out = new ArrayList<>();
        int i = 0;
        while (raw.length() - i > width) {
            out.add(raw.substring(i, i + width));
            i += width;
        }
        out.add(raw.substring(i));
        return out;
    }

    /** A mail client's wrap: at the last blank before {@code width}, the blank dropped; a longer word is cut. */
    static List<String> wordWrap(final String raw, final int width) {
        final List<String> out = new ArrayList<>();
        String rest = raw;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= 0) {
                out.add(rest.substring(0, width));
                rest = rest.substring(width);
            } else {
                out.add(rest.substring(0, cut));
                rest = rest.substring(cut + 1);
            }
        }
        out.add(rest);
        return out;
    }

    /** RFC 3676 format=flowed: soft breaks after a blank (the blank stays at the line end), space-stuffed lines. */
    static List<String> flowed(final String raw, final int width) {
        final List<String> out = new ArrayList<>();
        String rest = raw.startsWith(" ") || raw.startsWith("From ") ? " " + raw : raw;
        while (rest.length() > width) {
            final int cut = rest.lastIndexOf(' ', width - 1);
            if (cut <= 0) {
                break;
            }
            out.add(rest.substring(0, cut + 1));
            rest = rest.substring(cut + 1);
        }
        out.add(rest);
        return out;
    }

    /** A web page's {@code &nbsp;} in runs of blanks (even lines), a terminal copy's tabs for them (odd lines). */
    private static String nbspTabs(final FixtureText f) {
        final List<String> out = new ArrayList<>();
        int n = 0;
        for (final String raw : raws(f)) {
            final boolean tabs = n++ % 2 == 1;
            final Matcher m = Pattern.compile(" {2,}").matcher(raw);
            final StringBuilder sb = new StringBuilder();
            while (m.find()) {
                final int len = m.end() - m.start();
                final String run = tabs ? "\t" : "\u00A0 ".repeat(len / 2) + (len % 2 == 1 ? "\u00A0" : "");
                m.appendReplacement(sb, run);
            }
            m.appendTail(sb);
            out.add(sb.toString().replace(": ", ":\u00A0"));
        }
        return String.join("\n", out) + "\n";
    }

    /** {@code grep -C1} for the kernel's and systemd's lines, with {@code --} between the groups. */
    private static String grepContext(final FixtureText f) {
        final List<FixtureText.Line> lines = f.lines;
        final boolean[] match = new boolean[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            final List<LogLine> d = lines.get(i).decoded();
            match[i] = !d.isEmpty() && d.stream().anyMatch(KernelGrammar::mayMatter);
        }
        final List<String> out = new ArrayList<>();
        int lastPrinted = -1;
        for (int i = 0; i < lines.size(); i++) {
            final boolean near = match[i] || i > 0 && match[i - 1] || i + 1 < lines.size() && match[i + 1];
            if (!near) {
                continue;
            }
            if (lastPrinted >= 0 && i > lastPrinted + 1) {
                out.add("--");
            }
            out.add(lines.get(i).raw());
            lastPrinted = i;
        }
        return String.join("\n", out) + "\n";
    }

    static final List<String> OOPS = List.of(
            "BUG: kernel NULL pointer dereference, address: 0000000000000008",
            "#PF: supervisor read access in kernel mode",
            "#PF: error_code(0x0000) - not-present page",
            "PGD 0 P4D 0",
            "Oops: 0000 [#1] SMP NOPTI",
            "RIP: 0010:ext4_fill_super+0x1a2/0x2f40 [ext4]",
            "Code: 48 8b 47 08 48 85 c0 74 0b 48 89 df e8 00 00 00 00 eb 03",
            "RSP: 0018:ffffa5c0c1d7bd30 EFLAGS: 00010246",
            "RAX: 0000000000000000 RBX: ffff8f2a0b6f8000 RCX: 0000000000000000",
            "---[ end trace 5c1e2f3a4b6d7e8f ]---");

    static final List<String> HUNG_TASK = List.of(
            "INFO: task jbd2/sda1-8:311 blocked for more than 120 seconds.",
            "      Not tainted 5.15.0-91-generic #101-Ubuntu",
            "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.",
            "task:jbd2/sda1-8     state:D stack:    0 pid:  311 ppid:     2 flags:0x00004000");

    /** After every 5th decoded kernel line, one line of the other dump, written with that line's prefix. */
    private static String interleave(final FixtureText f, final List<String> foreign) {
        final List<String> out = new ArrayList<>();
        int kernel = 0;
        int next = 0;
        for (final FixtureText.Line l : f.lines) {
            out.add(l.raw());
            if (l.decoded().size() != 1 || !l.decoded().get(0).fromKernel()) {
                continue;
            }
            final String prefix = FixtureText.prefixOf(l.raw(), l.decoded().get(0));
            if (prefix != null && ++kernel % 5 == 0) {
                out.add(prefix + foreign.get(next++ % foreign.size()));
            }
        }
        return String.join("\n", out) + "\n";
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    /** The machine the shipper runs on: a central syslog server reading every host's file. */
    private static final String COLLECTOR = "syslog-01";
    /** How long after a line was written the shipper read it. */
    private static final java.time.Duration READ_DELAY = java.time.Duration.ofMillis(2_884);

    /** Each physical line as the record {@code record} makes of it and the time it was read. */
    private static String shipped(final FixtureText f, final java.util.function.BiFunction<String, Instant, Object> record) {
        final List<String> out = new ArrayList<>();
        Instant written = BOOT;
        for (final FixtureText.Line l : f.lines) {
            if (l.isDecoded() && l.decoded().get(0).time() != null) {
                written = l.decoded().get(0).time();
            }
            try {
                out.add(JSON.writeValueAsString(record.apply(l.raw(), written.plus(READ_DELAY))));
            } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join("\n", out) + "\n";
    }

    /** Filebeat 8's filestream event on its Kafka output (codec json): the line whole in message. */
    private static Object filebeatRecord(final String line, final Instant read) {
        final java.util.Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("@timestamp", read.toString());
        event.put("@metadata", java.util.Map.of("beat", "filebeat", "type", "_doc", "version", "8.11.0"));
        event.put("log", java.util.Map.of("offset", 0, "file", java.util.Map.of("path", "/var/log/remote/all.log")));
        event.put("message", line);
        event.put("input", java.util.Map.of("type", "filestream"));
        event.put("ecs", java.util.Map.of("version", "8.0.0"));
        event.put("host", java.util.Map.of("name", COLLECTOR));
        event.put("agent", java.util.Map.of("type", "filebeat", "version", "8.11.0"));
        return event;
    }

    /** Fluent Bit's tail record without a parser on its Kafka output: the read time a double, the line in log. */
    private static Object fluentBitTailRecord(final String line, final Instant read) {
        final java.util.Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("@timestamp", new java.math.BigDecimal(read.getEpochSecond()).add(
                java.math.BigDecimal.valueOf(read.getNano(), 9)).stripTrailingZeros());
        record.put("log", line);
        return record;
    }

    private static final DateTimeFormatter SPLUNK_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx",
            Locale.ROOT);

    /** A result of Splunk's search export ({@code /services/search/jobs/export}, output_mode=json), a line each. */
    private static Object splunkExportRecord(final String line, final Instant read) {
        final Instant indexed = read;
        final java.util.Map<String, Object> result = new java.util.LinkedHashMap<>();
        result.put("_bkt", "main~12~6C4E3A4B-0B1D-4D8A-9F0E-2B7C9D1E5F60");
        result.put("_cd", "12:4711");
        result.put("_indextime", Long.toString(indexed.getEpochSecond()));
        result.put("_raw", line);
        result.put("_serial", "0");
        result.put("_si", List.of("idx-1", "main"));
        result.put("_sourcetype", "syslog");
        result.put("_time", SPLUNK_TIME.format(ZonedDateTime.ofInstant(read.minus(READ_DELAY), ZoneOffset.UTC)));
        result.put("host", COLLECTOR);
        result.put("index", "main");
        result.put("linecount", "1");
        result.put("source", "/var/log/remote/all.log");
        result.put("sourcetype", "syslog");
        result.put("splunk_server", "idx-1");
        final java.util.Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("preview", false);
        record.put("result", result);
        return record;
    }

    /** GELF 1.1 as Fluent Bit's gelf output writes a tail record (Gelf_Short_Message_Key log, Gelf_Host_Key). */
    private static Object gelfRecord(final String line, final Instant read) {
        final java.util.Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("version", "1.1");
        record.put("short_message", line);
        record.put("timestamp", new java.math.BigDecimal(read.toEpochMilli()).movePointLeft(3));
        record.put("host", COLLECTOR);
        record.put("_file", "/var/log/remote/all.log");
        return record;
    }

    /** logcli's jsonl output: Go's json.Marshal of {timestamp, line, labels} (keys sorted), the time in RFC 3339. */
    private static Object logcliJsonl(final String line, final Instant read) {
        final java.util.Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("labels", java.util.Map.of("filename", "/var/log/remote/all.log", "job", "syslog"));
        record.put("line", line);
        record.put("timestamp", read.toString());
        return record;
    }

    /** A Cloud Logging LogEntry (an export to Pub/Sub or a log sink) whose payload is the line as text. */
    private static Object cloudLoggingEntry(final String line, final Instant read) {
        final java.util.Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("insertId", Long.toHexString(read.toEpochMilli()));
        entry.put("logName", "projects/shop-prod/logs/syslog");
        entry.put("receiveTimestamp", read.plusMillis(350).toString());
        entry.put("resource", java.util.Map.of("type", "gce_instance", "labels", java.util.Map.of(
                "instance_id", "4512980123456789012", "project_id", "shop-prod", "zone", "europe-west1-b")));
        entry.put("textPayload", line);
        entry.put("timestamp", read.toString());
        return entry;
    }

    /** The log events of the lines: each line with the time it was read (ms), as the CloudWatch agent sends them. */
    private static List<java.util.Map<String, Object>> logEvents(final FixtureText f) {
        final List<java.util.Map<String, Object>> events = new ArrayList<>();
        Instant written = BOOT;
        for (final FixtureText.Line l : f.lines) {
            if (l.isDecoded() && l.decoded().get(0).time() != null) {
                written = l.decoded().get(0).time();
            }
            if (l.raw().isEmpty()) {
                continue; // a log event's message is at least one character
            }
            final java.util.Map<String, Object> event = new java.util.LinkedHashMap<>();
            final long millis = written.plus(READ_DELAY).toEpochMilli();
            event.put("id", "3" + String.format(Locale.ROOT, "%055d", millis * 1000 + events.size()));
            event.put("timestamp", millis);
            event.put("message", l.raw());
            events.add(event);
        }
        return events;
    }

    /** CloudWatch Logs' subscription record (decompressed, as a Lambda or a Firehose transform sees it), 20 events each. */
    private static String cloudWatchSubscription(final FixtureText f) {
        final List<java.util.Map<String, Object>> events = logEvents(f);
        final List<String> out = new ArrayList<>();
        for (int from = 0; from < events.size(); from += 20) {
            final java.util.Map<String, Object> record = new java.util.LinkedHashMap<>();
            record.put("messageType", "DATA_MESSAGE");
            record.put("owner", "123456789012");
            record.put("logGroup", "/var/log/messages");
            record.put("logStream", "i-0a1b2c3d4e5f60718");
            record.put("subscriptionFilters", List.of("oomstream"));
            record.put("logEvents", events.subList(from, Math.min(events.size(), from + 20)));
            out.add(json(record));
        }
        return String.join("\n", out) + "\n";
    }

    /**
     * Loki's push API body (what Promtail, Alloy and Vector's loki sink post): a stream's labels and its values, each
     * [epoch nanoseconds as a string, line], 20 lines a push; the line whole, as a file target reads it.
     */
    private static String lokiPush(final FixtureText f) {
        final List<java.util.Map<String, Object>> events = logEvents(f);
        final List<String> out = new ArrayList<>();
        for (int from = 0; from < events.size(); from += 20) {
            final List<List<String>> values = new ArrayList<>();
            for (final java.util.Map<String, Object> e : events.subList(from, Math.min(events.size(), from + 20))) {
                values.add(List.of((Long) e.get("timestamp") + "000000", (String) e.get("message")));
            }
            final java.util.Map<String, Object> stream = new java.util.LinkedHashMap<>();
            stream.put("stream", java.util.Map.of("filename", "/var/log/remote/all.log", "job", "syslog"));
            stream.put("values", values);
            out.add(json(java.util.Map.of("streams", List.of(stream))));
        }
        return String.join("\n", out) + "\n";
    }

    /** {@code aws logs filter-log-events} output (JSON, indented by the CLI): the events, each with its stream. */
    private static String filterLogEvents(final FixtureText f) {
        final List<java.util.Map<String, Object>> events = new ArrayList<>();
        for (final java.util.Map<String, Object> e : logEvents(f)) {
            final java.util.Map<String, Object> event = new java.util.LinkedHashMap<>();
            event.put("logStreamName", "i-0a1b2c3d4e5f60718");
            event.put("timestamp", e.get("timestamp"));
            event.put("message", e.get("message"));
            event.put("ingestionTime", (Long) e.get("timestamp") + 412);
            event.put("eventId", e.get("id"));
            events.add(event);
        }
        final java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("events", events);
        doc.put("searchedLogStreams", List.of(java.util.Map.of("logStreamName", "i-0a1b2c3d4e5f60718",
                "searchedCompletely", true)));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n";
        } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(final Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String TWIN = "-twin";

    /**
     * The log and a copy of it from a second host (every host renamed {@code <host>-twin}), record by record: a
     * line and the indented lines that continue it (journalctl) stay together, as each host's shipper sends them.
     */
    private static String twoHosts(final FixtureText f) {
        final List<String> out = new ArrayList<>();
        final List<String> base = new ArrayList<>();
        final List<String> twin = new ArrayList<>();
        for (final FixtureText.Line l : f.lines) {
            final boolean continuation = l.raw().startsWith(" ") || l.raw().startsWith("\t");
            if (!continuation) {
                out.addAll(base);
                out.addAll(twin);
                base.clear();
                twin.clear();
            }
            String renamed = l.raw();
            for (final String host : f.hosts) {
                renamed = renamed.replace(" " + host + " ", " " + host + TWIN + " ")
                        .replace("\"" + host + "\"", "\"" + host + TWIN + "\"");
            }
            base.add(l.raw());
            twin.add(renamed);
        }
        out.addAll(base);
        out.addAll(twin);
        return String.join("\n", out) + "\n";
    }
}
