package io.oomstream.metamorphic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.oomstream.event.OomEvent;
import io.oomstream.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A {@code cat -n} listing sent to the stream a line per record (kafka-console-producer fed a numbered file) into a
 * partition that also carries another host's live syslog: the decoder of that partition learns the numbering from
 * the listing's first numbered header and drops it from the listing's lines, while the other host's lines between
 * them, which carry no number, are read as they are and do not make it forget. Each report gives the events it
 * gives alone.
 */
class NumberedListingInTheStreamTest {

    private static final String LISTED = "kernel-logs/e5-5.x/5.15-memory-oom-group.log";
    private static final String LIVE = "kernel-logs/e1-2.6.9/rhel4-2.6.9-mysqld-global.log";

    @Test
    void shouldReadANumberedListingInterleavedWithAnotherHostsLinesInOnePartition() throws IOException {
        final List<String> listed = lines(LISTED);
        final List<String> live = lines(LIVE);
        final List<String> interleaved = new ArrayList<>();
        for (int i = 0; i < Math.max(listed.size(), live.size()); i++) {
            if (i < listed.size()) {
                interleaved.add(String.format(Locale.ROOT, "%6d\t", i + 1) + listed.get(i)); // cat -n: "%6d\t"
            }
            if (i < live.size()) {
                interleaved.add(live.get(i));
            }
        }
        final List<OomEvent> alone = new ArrayList<>(MetamorphicTopologyTest.stream(listed));
        alone.addAll(MetamorphicTopologyTest.stream(live));

        final List<OomEvent> together = MetamorphicTopologyTest.stream(interleaved);

        assertEquals(5, alone.size(), "four kills of one memory.oom.group and one global kill");
        assertEquals(byId(alone), byId(together));
    }

    private static List<OomEvent> byId(final List<OomEvent> events) {
        return events.stream().sorted(Comparator.comparing(OomEvent::eventId)).toList();
    }

    private static List<String> lines(final String fixture) throws IOException {
        return Files.readAllLines(Fixtures.RESOURCES.resolve(fixture), StandardCharsets.UTF_8);
    }
}
