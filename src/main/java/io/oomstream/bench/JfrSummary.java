package io.oomstream.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the {@code jdk.ExecutionSample} events of a JFR recording the way one reads
 * {@code jfr print --events jdk.ExecutionSample}: CPU samples per thread group, the hottest frames
 * (top of stack) of the Kafka Streams thread and of the whole process, and which oomstream code the
 * stream thread's samples fall under.
 */
final class JfrSummary {

    /** Pipeline stages of the stream thread, by a method that marks each (a sample can be in several). */
    private static final Map<String, List<String>> STAGES = stages();

    private JfrSummary() {
    }

    private static Map<String, List<String>> stages() {
        final Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("Kafka Streams: processing records (StreamTask.process, all processors)", List.of(
                "org.apache.kafka.streams.processor.internals.StreamTask.process"));
        m.put("decode processor (all of it)", List.of("io.oomstream.topology.DecodeProcessor.process"));
        m.put("  byte fast path (OrdinaryBytes.scan)", List.of("io.oomstream.syslog.OrdinaryBytes.scan"));
        m.put("  full decode of the record's String", List.of("io.oomstream.syslog.SyslogDecoder.decodeRecord"));
        m.put("  JSON record parsing (Jackson tree)", List.of("io.oomstream.syslog.JsonRecordParser.parse"));
        m.put("  pre-filter: kernel grammar on kernel/systemd lines", List.of("io.oomstream.topology.DecodeProcessor.relevant"));
        m.put("stitch processor (stitcher + state stores)", List.of("io.oomstream.topology.StitchProcessor.process"));
        m.put("JSON serdes (state stores, repartition topics, events)", List.of("io.oomstream.topology.JsonSerde"));
        m.put("punctuators (timers)", List.of("org.apache.kafka.streams.processor.internals.StreamTask.maybePunctuate"));
        m.put("fleet/incident processors", List.of("io.oomstream.incident.", "io.oomstream.enrich."));
        m.put("Kafka Streams: choosing the next record (PartitionGroup)", List.of(
                "org.apache.kafka.streams.processor.internals.StreamTask.isProcessable"));
        m.put("Kafka Streams: next record's deserialisation and timestamp (RecordQueue.updateHead)", List.of(
                "org.apache.kafka.streams.processor.internals.RecordQueue.updateHead"));
        m.put("Kafka Streams: consumer poll", List.of("org.apache.kafka.streams.processor.internals.StreamThread.pollPhase"));
        m.put("Kafka Streams: commit (transaction)", List.of(
                "org.apache.kafka.streams.processor.internals.StreamThread.maybeCommit"));
        m.put("Kafka Streams: producing output (RecordCollector)", List.of(
                "org.apache.kafka.streams.processor.internals.RecordCollectorImpl.send"));
        m.put("Kafka metrics (Sensor.record)", List.of("org.apache.kafka.common.metrics.Sensor.record"));
        return m;
    }

    static String summarize(final Path recording, final int top) throws IOException {
        final Map<String, Long> byGroup = new LinkedHashMap<>();
        final Map<String, Long> streamSelf = new HashMap<>();
        final Map<String, Long> allSelf = new HashMap<>();
        final Map<String, Long> streamOomstream = new HashMap<>();
        final Map<String, Long> streamStages = new LinkedHashMap<>();
        STAGES.keySet().forEach(k -> streamStages.put(k, 0L));
        long total = 0;
        long stream = 0;
        for (final RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!"jdk.ExecutionSample".equals(e.getEventType().getName())) {
                continue;
            }
            final RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            total++;
            final RecordedThread t = e.getThread("sampledThread");
            final String group = group(t == null ? "" : t.getJavaName());
            byGroup.merge(group, 1L, Long::sum);
            final List<RecordedFrame> frames = st.getFrames();
            final String self = name(frames.get(0));
            allSelf.merge(self, 1L, Long::sum);
            if ("Kafka Streams thread".equals(group)) {
                stream++;
                streamSelf.merge(self, 1L, Long::sum);
                String owner = "(outside oomstream code: Kafka client, serdes, RocksDB, JDK)";
                for (final RecordedFrame f : frames) {
                    if (f.getMethod() != null && f.getMethod().getType().getName().startsWith("io.oomstream.")) {
                        owner = name(f);
                        break;
                    }
                }
                streamOomstream.merge(owner, 1L, Long::sum);
                for (final Map.Entry<String, List<String>> stage : STAGES.entrySet()) {
                    if (onStack(frames, stage.getValue())) {
                        streamStages.merge(stage.getKey(), 1L, Long::sum);
                    }
                }
            }
        }
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format("JFR %s: %,d execution samples%n", recording.getFileName(), total));
        sb.append("  samples by thread group:\n");
        append(sb, byGroup, total, top);
        sb.append("  Kafka Streams thread by stage (inclusive; a sample can count in several):\n");
        for (final Map.Entry<String, Long> st : streamStages.entrySet()) {
            sb.append(String.format("    %5.1f%%  %,7d  %s%n", stream == 0 ? 0.0 : 100.0 * st.getValue() / stream,
                    st.getValue(), st.getKey()));
        }
        sb.append("  Kafka Streams thread, top frames (self):\n");
        append(sb, streamSelf, stream, top);
        sb.append("  Kafka Streams thread, innermost oomstream frame on the stack (inclusive):\n");
        append(sb, streamOomstream, stream, top);
        sb.append("  whole process, top frames (self):\n");
        append(sb, allSelf, total, top);
        return sb.toString();
    }

    private static void append(final StringBuilder sb, final Map<String, Long> counts, final long total,
                               final int top) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(en -> sb.append(String.format("    %5.1f%%  %,7d  %s%n",
                        total == 0 ? 0.0 : 100.0 * en.getValue() / total, en.getValue(), en.getKey())));
    }

    private static boolean onStack(final List<RecordedFrame> frames, final List<String> prefixes) {
        for (final RecordedFrame f : frames) {
            final String n = name(f);
            for (final String p : prefixes) {
                if (n.startsWith(p)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String name(final RecordedFrame f) {
        if (f.getMethod() == null) {
            return "(unknown)";
        }
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** Thread groups of a bench process: the stream thread, client I/O, the broker, the bench's own load. */
    static String group(final String name) {
        if (name.matches(".*-StreamThread-\\d+$")) {
            return "Kafka Streams thread";
        }
        if (name.startsWith("kafka-producer-network-thread") || name.startsWith("kafka-admin-client-thread")
                || name.contains("consumer") || name.contains("heartbeat")) {
            return "Kafka client I/O threads";
        }
        if (name.startsWith("bench-")) {
            return "bench load and probes";
        }
        if (name.startsWith("data-plane-kafka") || name.startsWith("kafka-") || name.contains("raft")
                || name.contains("broker") || name.contains("controller") || name.startsWith("ReplicaFetcher")
                || name.contains("quorum") || name.contains("ExpirationReaper") || name.contains("log-cleaner")
                || name.contains("group-coordinator") || name.contains("transaction")) {
            return "embedded broker";
        }
        if (name.startsWith("main")) {
            return "main (bench control)";
        }
        return "other (" + name.replaceAll("[-_ ]?\\d+$", "") + ")";
    }
}
