package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.oomstream.syslog.DecodeResult;
import io.oomstream.syslog.SyslogDecoder;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DecodeHandoff}: the processor takes exactly the decode handed for its record's offset (earlier ones, of records
 * Streams dropped, are discarded), and the thread's table keeps only partitions with a decode still waiting, so a
 * thread that held many tasks over time holds nothing for them.
 */
class DecodeHandoffTest {

    private static final String TOPIC = "syslog";

    @AfterEach
    void forget() {
        for (int p = 0; p < 3; p++) {
            DecodeHandoff.reset(new TopicPartition(TOPIC, p));
        }
    }

    @Test
    void shouldHandEachDecodeOnceAndKeepNoPartitionWithNothingWaiting() {
        final DecodeResult a = decode("{\"programname\":\"kernel\",\"msg\":\"a\"}");
        final DecodeResult b = decode("{\"programname\":\"kernel\",\"msg\":\"b\"}");
        final DecodeResult c = decode("{\"programname\":\"kernel\",\"msg\":\"c\"}");
        final TopicPartition p0 = new TopicPartition(TOPIC, 0);
        final TopicPartition p1 = new TopicPartition(TOPIC, 1);
        DecodeHandoff.put(p0, 10, a);
        DecodeHandoff.put(p0, 12, b);
        DecodeHandoff.put(p0, 15, c);
        DecodeHandoff.put(p1, 3, a);
        assertEquals(2, DecodeHandoff.partitionsWaiting());

        assertNull(DecodeHandoff.take(TOPIC, 0, 11), "nothing was handed for offset 11 (10 is discarded)");
        assertSame(b, DecodeHandoff.take(TOPIC, 0, 12));
        assertNull(DecodeHandoff.take(TOPIC, 0, 12), "handed once");
        assertSame(c, DecodeHandoff.take(TOPIC, 0, 15));
        assertEquals(1, DecodeHandoff.partitionsWaiting(), "partition 0 has nothing waiting: no entry");

        assertNull(DecodeHandoff.take(TOPIC, 1, 7), "a record past the one handed: the handed one is discarded");
        assertEquals(0, DecodeHandoff.partitionsWaiting());

        DecodeHandoff.put(new TopicPartition(TOPIC, 2), 1, a);
        DecodeHandoff.reset(new TopicPartition(TOPIC, 2));
        assertEquals(0, DecodeHandoff.partitionsWaiting(), "a reset forgets the partition");
        assertNull(DecodeHandoff.take(TOPIC, 2, 1));
    }

    private static DecodeResult decode(final String json) {
        return new SyslogDecoder(OomTopology.decoderOptions()).decode(json.getBytes(StandardCharsets.UTF_8), null,
                io.oomstream.syslog.ProgramFilter.OOM_REPORT_LINES);
    }
}
