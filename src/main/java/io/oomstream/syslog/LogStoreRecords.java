package io.oomstream.syslog;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON records of log stores and their exports, which keep a log file's line whole and name no program: the message
 * is read as the line it is ({@link SyslogDecoder}), its host and time win over the record's (the store's host is
 * the collector, its time when the line was read or indexed). Each shape from the tool's own documentation or source:
 * <ul>
 *   <li>Splunk's search export ({@code /services/search/jobs/export}, {@code output_mode=json}): a result a line,
 *       {@code {"preview":false,"result":{"_raw":..,"_time":..,"host":..}}}; also a result on its own;</li>
 *   <li>GELF 1.1 (Graylog; Fluent Bit's, Logstash's and Docker's gelf outputs): {@code short_message} (required),
 *       {@code full_message} (the whole text when there is one), {@code host}, {@code timestamp} in epoch seconds;
 *       the program from an additional field ({@link #GELF_PROGRAM}) when the shipper split the line;</li>
 *   <li>Loki's {@code logcli query -o jsonl} ({@code labels}, {@code line}, {@code timestamp} in RFC 3339), and its
 *       push API's JSON ({@code streams} of {@code stream} labels and {@code values} of [epoch ns, line]);</li>
 *   <li>a Cloud Logging LogEntry (a sink's export to Pub/Sub or storage): {@code textPayload}, else
 *       {@code jsonPayload.message}, and {@code timestamp};</li>
 *   <li>CloudWatch Logs: a subscription record ({@code logEvents} of {@code id}, {@code timestamp} in ms,
 *       {@code message}), and {@code aws logs filter-log-events} / {@code get-log-events} output ({@code events}).</li>
 * </ul>
 * The host is the one a label or field names (Splunk's {@code host}, GELF's {@code host}, Loki's {@code host} label),
 * used only when the message does not name one; a CloudWatch log stream or a Cloud Logging resource is an instance id,
 * never taken for a host.
 */
final class LogStoreRecords {

    /**
     * GELF's additional fields (an underscore before each) that name the program: journald's field as Graylog's
     * sidecar and Fluent Bit's gelf output pass it on ({@code _SYSLOG_IDENTIFIER}), Graylog's syslog input and
     * rsyslog's GELF templates ({@code _app_name}, {@code _programname}).
     */
    private static final String[] GELF_PROGRAM = {"_SYSLOG_IDENTIFIER", "_app_name", "_programname"};
    private static final String[] GELF_PID = {"_PID", "_pid", "_procid"};

    private LogStoreRecords() {
    }

    /**
     * The record's events when it is one of these shapes (one for most, several for CloudWatch and a Loki push), each
     * with its message raw and {@code namesProgram} false; null when it is none of them.
     */
    static List<JsonRecordParser.Parsed> parse(final JsonNode root, final JsonTime times, final Instant reference)
            throws RejectedRecord {
        final JsonNode result = root.get("result");
        if (result != null && result.isObject() && result.has("_raw")) {
            return List.of(splunk(result, times, reference));
        }
        if (root.has("_raw") && root.has("_time")) {
            return List.of(splunk(root, times, reference));
        }
        if (root.has("short_message")) {
            final JsonNode full = root.get("full_message");
            final String message = full != null && full.isTextual() && !full.textValue().isBlank()
                    ? full.textValue() : text(root, "short_message");
            final Instant time = times.parse(root.get("timestamp"), reference);
            final String program = JsonFields.text(root, GELF_PROGRAM);
            if (program != null) {
                // A shipper that split the syslog line put its program in an additional field: the message is then
                // that program's text, not a whole line (a kernel message read as one would lose its program).
                return List.of(new JsonRecordParser.Parsed(new LogLine(JsonFields.text(root, "host"), time, program,
                        JsonFields.pid(JsonFields.first(root, GELF_PID)), message, null, null,
                        SourceFormat.JSON_LOG_STORE), true));
            }
            return List.of(event(JsonFields.text(root, "host"), time, message));
        }
        final JsonNode labels = root.get("labels");
        if (root.has("line") && labels != null && labels.isObject()) {
            return List.of(event(JsonFields.text(labels, "host", "hostname"),
                    times.parse(root.get("timestamp"), reference), text(root, "line")));
        }
        if (root.has("textPayload")) {
            return List.of(event(null, times.parse(root.get("timestamp"), reference), text(root, "textPayload")));
        }
        final JsonNode payload = root.get("jsonPayload");
        if (payload != null && payload.isObject() && payload.has("message") && root.has("logName")) {
            return List.of(event(null, times.parse(root.get("timestamp"), reference), text(payload, "message")));
        }
        final JsonNode events = root.has("logEvents") ? root.get("logEvents") : root.get("events");
        if (events != null && events.isArray() && (root.has("logEvents") || root.has("searchedLogStreams")
                || root.has("nextForwardToken") || root.has("nextToken") || !events.isEmpty()
                && events.get(0).has("message") && events.get(0).has("timestamp"))) {
            final List<JsonRecordParser.Parsed> out = new ArrayList<>(events.size());
            for (final JsonNode e : events) {
                if (e.isObject() && e.has("message")) {
                    out.add(event(null, times.parse(e.get("timestamp"), reference), text(e, "message")));
                }
            }
            if (out.isEmpty()) {
                throw new RejectedRecord("JSON record holds no log event with a message");
            }
            return out;
        }
        final JsonNode streams = root.get("streams");
        if (streams != null && streams.isArray()) {
            return lokiPush(streams, times, reference);
        }
        return null;
    }

    private static JsonRecordParser.Parsed splunk(final JsonNode result, final JsonTime times, final Instant reference)
            throws RejectedRecord {
        return event(JsonFields.text(result, "host"), times.parse(result.get("_time"), reference), text(result, "_raw"));
    }

    /** Loki's push API: each stream's values, [epoch nanoseconds as a string, line], with the stream's host label. */
    private static List<JsonRecordParser.Parsed> lokiPush(final JsonNode streams, final JsonTime times,
                                                          final Instant reference) throws RejectedRecord {
        final List<JsonRecordParser.Parsed> out = new ArrayList<>();
        for (final JsonNode stream : streams) {
            final JsonNode labels = stream.get("stream");
            final String host = labels == null || !labels.isObject() ? null : JsonFields.text(labels, "host", "hostname");
            final JsonNode values = stream.get("values");
            if (values == null || !values.isArray()) {
                continue;
            }
            for (final JsonNode v : values) {
                if (v.isArray() && v.size() >= 2 && v.get(1).isTextual()) {
                    out.add(event(host, times.parse(v.get(0), reference), v.get(1).textValue()));
                }
            }
        }
        if (out.isEmpty()) {
            throw new RejectedRecord("JSON record holds no log event with a message");
        }
        return out;
    }

    private static JsonRecordParser.Parsed event(final String host, final Instant time, final String message) {
        return new JsonRecordParser.Parsed(new LogLine(host, time, null, null, message, null, null,
                SourceFormat.JSON_LOG_STORE), false);
    }

    private static String text(final JsonNode object, final String name) throws RejectedRecord {
        final JsonNode node = object.get(name);
        if (node == null || !node.isValueNode() || node.isNull()) {
            throw new RejectedRecord("JSON message field " + name + " is not text");
        }
        return node.asText();
    }
}
