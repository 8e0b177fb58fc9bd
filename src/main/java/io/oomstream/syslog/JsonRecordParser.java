package io.oomstream.syslog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * JSON log records, one object per record, in the three shapes shippers produce:
 * <ul>
 *   <li>journald export ({@code journalctl -o json}): {@code _HOSTNAME}, {@code SYSLOG_IDENTIFIER}
 *       (else {@code _COMM}), {@code MESSAGE} (a string, or an array of bytes when not valid UTF-8),
 *       {@code __REALTIME_TIMESTAMP} (epoch µs), {@code _SOURCE_MONOTONIC_TIMESTAMP} (µs since boot,
 *       used as uptime when the message has no stamp), {@code _BOOT_ID}, {@code _PID}
 *       (else {@code SYSLOG_PID});</li>
 *   <li>Fluent Bit's syslog parser: {@code host}, {@code ident}, {@code pid}, {@code message},
 *       {@code time} / {@code @timestamp} / {@code date};</li>
 *   <li>rsyslog omkafka templates: {@code hostname}/{@code host}, {@code timestamp},
 *       {@code programname}/{@code app-name}/{@code appname} or a tag in
 *       {@code syslogtag}/{@code syslog-tag}, {@code procid}/{@code pid}, {@code msg}/{@code message}.
 *       rsyslog's {@code msg} keeps the space that followed the tag; that one space is dropped.
 *       Logstash's syslog input (without ECS) names them {@code logsource} and {@code program};</li>
 *   <li>the Elastic Common Schema (Filebeat, Elastic Agent, Logstash with ECS): nested objects,
 *       {@code log.syslog.hostname} (else {@code host.hostname}, else {@code host.name}), {@code @timestamp},
 *       {@code log.syslog.appname} (else {@code log.syslog.identifier}, else {@code process.name}),
 *       {@code log.syslog.procid} (else {@code process.pid}, {@code log.syslog.pid}), {@code message},
 *       {@code journald.host.boot_id};</li>
 *   <li>journald fields renamed or completed by a shipper: Vector's journald source ({@code message},
 *       {@code host}, {@code timestamp} for {@code MESSAGE}, {@code _HOSTNAME}), Fluent Bit's systemd input
 *       (no {@code __REALTIME_TIMESTAMP}: the time in {@code @timestamp} or {@code date});</li>
 *   <li>Fluent Bit's {@code tail} input without a parser, and Docker's json-file: the line in {@code log};</li>
 *   <li>syslog-ng's {@code format-json} with the rfc3164 / rfc5424 scope: {@code HOST}, {@code PROGRAM},
 *       {@code PID}, {@code MESSAGE}, {@code DATE} (else {@code ISODATE}).</li>
 * </ul>
 * The message stays raw (stamps and embedded newlines are handled by {@link MessageLines}). A record that names
 * no program may carry a whole syslog line in its message (a shipper that does not parse): {@link Parsed} says so,
 * and {@link SyslogDecoder} reads such a message as the line of text it is.
 */
final class JsonRecordParser {

    /** rsyslog's program fields (its templates' names), and Logstash's syslog input's {@code program}. */
    private static final String[] PROGRAM_FIELDS = {"programname", "app-name", "appname", "program"};

    /** Log records are flat; deep nesting is an attack, not a log. */
    private static final int MAX_NESTING = 64;
    /** Larger than any real record; beyond it Jackson stops reading instead of buffering without bound. */
    private static final long MAX_DOCUMENT_CHARS = 16L << 20;
    private static final int MAX_REASON_CHARS = 120;

    /** One mapper for the whole JVM: it is thread-safe once configured, and costly to create. */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxDocumentLength(MAX_DOCUMENT_CHARS)
                    .build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonTime times;

    JsonRecordParser(final JsonTime times) {
        this.times = times;
    }

    /**
     * A record framed.
     *
     * @param line          its line, the message still raw
     * @param namesProgram  the record has a program field (the shipper split the syslog line); when false, the
     *                      message may be the whole line of a log file
     * @param events        a record of several log events ({@link LogStoreRecords}: CloudWatch, a Loki push), each
     *                      framed; {@code line} is then the first. Null for a record of one line
     */
    record Parsed(LogLine line, boolean namesProgram, java.util.List<Parsed> events) {

        Parsed(final LogLine line, final boolean namesProgram) {
            this(line, namesProgram, null);
        }
    }

    /** The record framed (message still raw). */
    LogLine parse(final String text, final Instant reference) throws RejectedRecord {
        return parseRecord(text, reference).line();
    }

    /** The record framed (message still raw), and whether it names its program. */
    Parsed parseRecord(final String text, final Instant reference) throws RejectedRecord {
        final JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (final JsonProcessingException e) {
            throw new RejectedRecord("invalid JSON: " + shortReason(e));
        }
        if (root == null || !root.isObject()) {
            throw new RejectedRecord("invalid JSON: not an object");
        }
        final java.util.List<Parsed> stored = LogStoreRecords.parse(root, times, reference);
        if (stored != null) {
            return stored.size() == 1 ? stored.get(0) : new Parsed(stored.get(0).line(), false, stored);
        }
        if (isSyslogNg(root)) {
            return syslogNg(root, reference);
        }
        if (isJournald(root::has)) {
            return new Parsed(journald(root, reference), true);
        }
        if (isEcs(root)) {
            return ecs(root, reference);
        }
        if (isFluentBit(root::has)) {
            return fluentBit(root, reference);
        }
        return rsyslog(root, reference);
    }

    /**
     * ECS nests the host, the log and the process in objects (a flat record never has them as objects), and Beats
     * add {@code ecs} and {@code @metadata}.
     */
    private static boolean isEcs(final JsonNode root) {
        return isObject(root, "host") || isObject(root, "log") || isObject(root, "process") || isObject(root, "ecs")
                || isObject(root, "@metadata");
    }

    private static boolean isObject(final JsonNode root, final String name) {
        final JsonNode node = root.get(name);
        return node != null && node.isObject();
    }

    /**
     * syslog-ng's {@code $(format-json --scope rfc5424 ...)}: the rfc3164 scope's macros by their upper-case names
     * ({@code HOST}, {@code PROGRAM}, {@code PID}, {@code MESSAGE}, {@code DATE}; {@code ISODATE} when selected). Its
     * {@code MESSAGE} is journald's name too: a record with none of journald's own fields and a {@code HOST} or
     * {@code PROGRAM} is syslog-ng's.
     */
    private static boolean isSyslogNg(final JsonNode root) {
        return (root.has("HOST") || root.has("PROGRAM")) && !hasJournaldOwnField(root::has);
    }

    private Parsed syslogNg(final JsonNode root, final Instant reference) throws RejectedRecord {
        final String message = message(root, "MESSAGE");
        return new Parsed(new LogLine(
                JsonFields.text(root, "HOST"),
                times.parse(JsonFields.first(root, "ISODATE", "DATE"), reference),
                JsonFields.text(root, "PROGRAM"),
                JsonFields.pid(JsonFields.first(root, "PID")),
                message, null, null, SourceFormat.JSON_RSYSLOG), root.has("PROGRAM"));
    }

    private static boolean isJournald(final Predicate<String> has) {
        return has.test("MESSAGE") || hasJournaldOwnField(has);
    }

    /**
     * A field only a journal entry has ({@code MESSAGE} is syslog-ng's name too), also as Fluent Bit's systemd input
     * and fluentd's systemd plugin rename it with {@code lowercase} ({@code _boot_id}) and {@code strip_underscores}
     * ({@code BOOT_ID}, {@code boot_id} with both).
     */
    private static boolean hasJournaldOwnField(final Predicate<String> has) {
        return has.test("__REALTIME_TIMESTAMP") || has.test("_BOOT_ID") || has.test("_HOSTNAME")
                || has.test("SYSLOG_IDENTIFIER") || has.test("syslog_identifier") || has.test("_boot_id")
                || has.test("BOOT_ID") || has.test("boot_id") || has.test("_hostname");
    }

    /**
     * A journal field's names: as journald writes it, lowercased, without its leading underscores, and both
     * ({@code _HOSTNAME}, {@code _hostname}, {@code HOSTNAME}, {@code hostname}).
     */
    private static String[] journalNames(final String... names) {
        final String[] all = new String[names.length * 4];
        for (int k = 0; k < names.length; k++) {
            final String name = names[k];
            int bare = 0;
            while (bare < name.length() && name.charAt(bare) == '_') {
                bare++;
            }
            final String lower = name.toLowerCase(java.util.Locale.ROOT);
            all[k] = name;
            all[names.length + k] = lower;
            all[2 * names.length + k] = name.substring(bare);
            all[3 * names.length + k] = lower.substring(bare);
        }
        return all;
    }

    private static boolean isFluentBit(final Predicate<String> has) {
        return has.test("ident") || (!has.test("msg") && (has.test("time") || has.test("@timestamp") || has.test("date"))
                && !has.test("timestamp"));
    }

    /** The instant of a time field's text, as the full parse reads it (year state included). */
    Instant time(final String text, final Instant reference) {
        return text == null ? null : times.parse(TextNode.valueOf(text), reference);
    }

    /**
     * The instant of a time field given as its JSON value's source text (a string's content, or a number or
     * literal as written), as the full parse reads it: {@code epochMicros} for journald's field, else any time.
     */
    Instant timeOfValue(final String valueText, final boolean isString, final boolean epochMicros,
                        final Instant reference) {
        final JsonNode node;
        try {
            node = isString ? TextNode.valueOf(valueText) : MAPPER.readTree(valueText);
        } catch (final JsonProcessingException e) {
            return null;
        }
        return epochMicros ? JsonTime.fromEpochMicros(node) : times.parse(node, reference);
    }

    /**
     * A journal entry: as {@code journalctl -o json} writes it, or as a shipper passed it on. Vector's journald source
     * renames {@code MESSAGE} to {@code message} and {@code _HOSTNAME} to {@code host} and adds {@code timestamp};
     * Fluent Bit's systemd input has no {@code __REALTIME_TIMESTAMP} (an entry's address, not one of its fields) and
     * writes the entry's time in {@code @timestamp} (its Kafka output) or {@code date}.
     */
    private LogLine journald(final JsonNode root, final Instant reference) throws RejectedRecord {
        final JsonNode messageNode = JsonFields.first(root, "MESSAGE");
        final String message = journaldMessage(messageNode != null ? messageNode : root.get("message"));
        final Integer pid = JsonFields.pid(JsonFields.first(root, PID));
        final JsonNode realtime = JsonFields.first(root, "__REALTIME_TIMESTAMP");
        final String host = JsonFields.text(root, "_HOSTNAME", "host");
        return new LogLine(
                host != null ? host : JsonFields.text(root, HOSTNAME),
                realtime != null ? JsonTime.fromEpochMicros(realtime)
                        : times.parse(JsonFields.first(root, "timestamp", "@timestamp", "date", "time"), reference),
                JsonFields.text(root, PROGRAM),
                pid != null ? pid : JsonFields.pid(JsonFields.first(root, SYSLOG_PID)),
                message,
                JsonFields.longValue(JsonFields.first(root, MONOTONIC)),
                JsonFields.text(root, BOOT_ID),
                SourceFormat.JSON_JOURNALD);
    }

    // The journal's fields as Fluent Bit's systemd input and fluentd's systemd plugin may rename them (lowercase,
    // strip_underscores): Fluent Bit's documented example, _PID becomes _pid, PID or pid.
    private static final String[] HOSTNAME = journalNames("_HOSTNAME");
    private static final String[] PROGRAM = journalNames("SYSLOG_IDENTIFIER", "_COMM");
    private static final String[] PID = journalNames("_PID");
    private static final String[] SYSLOG_PID = journalNames("SYSLOG_PID");
    private static final String[] MONOTONIC = journalNames("_SOURCE_MONOTONIC_TIMESTAMP");
    private static final String[] BOOT_ID = journalNames("_BOOT_ID");

    /**
     * An ECS event. Where the shipper parsed the syslog line, {@code log.syslog.*} holds what the line showed (its
     * host, its program); {@code host.*} is otherwise the machine the event was read on.
     */
    private Parsed ecs(final JsonNode root, final Instant reference) throws RejectedRecord {
        final String message = message(root, "message");
        final String program = JsonFields.textAt(root, path("log", "syslog", "appname"),
                path("log", "syslog", "identifier"), path("process", "name"));
        return new Parsed(new LogLine(
                JsonFields.textAt(root, path("log", "syslog", "hostname"), path("host", "hostname"),
                        path("host", "name")),
                times.parse(JsonFields.first(root, "@timestamp"), reference),
                program,
                JsonFields.pid(JsonFields.firstAt(root, path("log", "syslog", "procid"), path("process", "pid"),
                        path("log", "syslog", "pid"))),
                // Filebeat's journald input maps no uptime: _SOURCE_MONOTONIC_TIMESTAMP lands, as every field it does
                // not map, in journald.custom by its name lowercased without leading underscores.
                message, JsonFields.longValue(JsonFields.firstAt(root,
                        path("journald", "custom", "source_monotonic_timestamp"))),
                JsonFields.textAt(root, path("journald", "host", "boot_id")),
                SourceFormat.JSON_ECS), program != null);
    }

    private static String[] path(final String... names) {
        return names;
    }

    private Parsed fluentBit(final JsonNode root, final Instant reference) throws RejectedRecord {
        final String message = message(root, "message", "msg", "log");
        final String program = JsonFields.text(root, "ident");
        return new Parsed(new LogLine(
                JsonFields.text(root, "host", "hostname"),
                times.parse(JsonFields.first(root, "time", "@timestamp", "date", "timestamp"), reference),
                program,
                JsonFields.pid(JsonFields.first(root, "pid")),
                message, null, null, SourceFormat.JSON_FLUENTBIT), root.has("ident"));
    }

    private Parsed rsyslog(final JsonNode root, final Instant reference) throws RejectedRecord {
        String message = message(root, "msg", "message");
        if (!message.isEmpty() && message.charAt(0) == ' ') {
            message = message.substring(1);
        }
        final String tagText = JsonFields.text(root, "syslogtag", "syslog-tag");
        final SyslogTag tag = tagText == null ? null : SyslogTag.split(tagText);
        String program = JsonFields.text(root, PROGRAM_FIELDS);
        if (program == null && tag != null) {
            program = tag.name();
        }
        Integer pid = JsonFields.pid(JsonFields.first(root, "procid", "pid"));
        if (pid == null && tag != null) {
            pid = tag.pid();
        }
        final boolean namesProgram = tagText != null || JsonFields.hasAny(root, PROGRAM_FIELDS);
        // Logstash's syslog input keeps the sender's address in host and the line's host in logsource.
        return new Parsed(new LogLine(
                JsonFields.text(root, "hostname", "logsource", "host"),
                times.parse(JsonFields.first(root, "timestamp", "@timestamp", "time"), reference),
                program, pid, message, null, null, SourceFormat.JSON_RSYSLOG), namesProgram);
    }

    private static String message(final JsonNode root, final String... names) throws RejectedRecord {
        final JsonNode node = JsonFields.first(root, names);
        if (node == null) {
            throw new RejectedRecord("JSON record has no message field (msg, message or MESSAGE)");
        }
        if (!node.isValueNode()) {
            throw new RejectedRecord("JSON message field is not text");
        }
        return node.asText();
    }

    /** journald writes MESSAGE as an array of bytes when it is not valid UTF-8. */
    private static String journaldMessage(final JsonNode node) throws RejectedRecord {
        if (node == null || node.isNull()) {
            throw new RejectedRecord("JSON record has no message field (msg, message or MESSAGE)");
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        if (!node.isArray()) {
            throw new RejectedRecord("journald MESSAGE is neither text nor an array of bytes");
        }
        final byte[] bytes = new byte[node.size()];
        for (int i = 0; i < bytes.length; i++) {
            final JsonNode b = node.get(i);
            if (!b.isIntegralNumber() || !b.canConvertToInt() || b.intValue() < 0 || b.intValue() > 255) {
                throw new RejectedRecord("journald MESSAGE array holds a non-byte value at index " + i);
            }
            bytes[i] = (byte) b.intValue();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String shortReason(final JsonProcessingException e) {
        String reason = e.getOriginalMessage();
        if (reason == null) {
            return e.getClass().getSimpleName();
        }
        final int newline = reason.indexOf('\n');
        if (newline >= 0) {
            reason = reason.substring(0, newline);
        }
        // Jackson names its own binding target here; that says nothing about the record.
        final int bound = reason.indexOf(" (bound as `");
        final int boundEnd = bound < 0 ? -1 : reason.indexOf("`)", bound + 12);
        if (boundEnd > 0) {
            reason = reason.substring(0, bound) + reason.substring(boundEnd + 2);
        }
        return reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "..." : reason;
    }
}
