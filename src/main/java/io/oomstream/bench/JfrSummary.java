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

    private JfrSummary() {
    }

    static String summarize(final Path recording, final int top) throws IOException {
        final Map<String, Long> byGroup = new LinkedHashMap<>();
        final Map<String, Long> streamSelf = new HashMap<>();
        final Map<String, Long> allSelf = new HashMap<>();
        final Map<String, Long> streamOomstream = new HashMap<>();
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
            }
        }
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format("JFR %s: %,d execution samples%n", recording.getFileName(), total));
        sb.append("  samples by thread group:\n");
        append(sb, byGroup, total, top);
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
