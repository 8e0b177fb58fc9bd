package io.oomstream.topology;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An event's JSON written once per stream thread, however many records carry it: the stitcher's recent-events store,
 * {@code oom.events} and, nested, {@code oom.events.enriched} each serialised the same {@link OomEvent} object again,
 * and an event (its task table, its report's lines) is by far the largest value the topology writes (in the bench's
 * profile these writes allocated more than every other serialisation together). {@link #MAPPER} is
 * {@link Json#MAPPER} but for events: an event it has just written (the same object, on the same thread) is written
 * again from the bytes kept, byte for byte what {@link Json#MAPPER} writes for it (compact JSON does not depend on
 * where a value is nested); any other event is written by {@link Json#MAPPER} and its bytes kept. Events are immutable
 * records, so the object stands for its bytes. Reading is {@link Json#MAPPER}'s.
 */
final class EventJson {

    /** Events kept per thread: a publish writes the host's recent events (at most 8 in the store) and then the event. */
    static final int KEPT = 16;

    static final ObjectMapper MAPPER = Json.MAPPER.copy().registerModule(new SimpleModule("oomstream-event-bytes")
            .addSerializer(OomEvent.class, new KeptBytesSerializer()));

    /** Larger events are written each time, not kept: a thread keeps at most 16 x 256 KiB. */
    static final int MAX_KEPT_BYTES = 256 * 1024;

    private static final ThreadLocal<Kept> KEPT_BYTES = ThreadLocal.withInitial(Kept::new);

    private EventJson() {
    }

    /** The event's JSON as {@link Json#MAPPER} writes it: the bytes kept for this object, else written now and kept. */
    static byte[] bytes(final OomEvent event) throws IOException {
        final Kept kept = KEPT_BYTES.get();
        final byte[] known = kept.find(event);
        if (known != null) {
            return known;
        }
        final byte[] written = Json.MAPPER.writeValueAsBytes(event);
        if (written.length <= MAX_KEPT_BYTES) {
            kept.add(event, written);
        }
        return written;
    }

    /** The last {@link #KEPT} events written on one thread and their bytes, found by identity. */
    private static final class Kept {
        private final OomEvent[] events = new OomEvent[KEPT];
        private final byte[][] bytes = new byte[KEPT][];
        private int next;

        byte[] find(final OomEvent event) {
            for (int i = 0; i < KEPT; i++) {
                if (events[i] == event) {
                    return bytes[i];
                }
            }
            return null;
        }

        void add(final OomEvent event, final byte[] written) {
            events[next] = event;
            bytes[next] = written;
            next = (next + 1) % KEPT;
        }
    }

    private static final class KeptBytesSerializer extends StdSerializer<OomEvent> {
        private static final long serialVersionUID = 1L;

        KeptBytesSerializer() {
            super(OomEvent.class);
        }

        @Override
        public void serialize(final OomEvent event, final JsonGenerator gen, final SerializerProvider provider)
                throws IOException {
            gen.writeRawValue(new RawJson(bytes(event)));
        }
    }

    /** JSON bytes written as they are (the generator copies them into its buffer). */
    private record RawJson(byte[] utf8) implements SerializableString {

        @Override
        public String getValue() {
            return new String(utf8, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public char[] asQuotedChars() {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return utf8;
        }

        @Override
        public byte[] asQuotedUTF8() {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int appendQuotedUTF8(final byte[] buffer, final int offset) {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int appendQuoted(final char[] buffer, final int offset) {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int appendUnquotedUTF8(final byte[] buffer, final int offset) {
            if (offset + utf8.length > buffer.length) {
                return -1;
            }
            System.arraycopy(utf8, 0, buffer, offset, utf8.length);
            return utf8.length;
        }

        @Override
        public int appendUnquoted(final char[] buffer, final int offset) {
            final String s = getValue();
            if (offset + s.length() > buffer.length) {
                return -1;
            }
            s.getChars(0, s.length(), buffer, offset);
            return s.length();
        }

        @Override
        public int writeQuotedUTF8(final OutputStream out) {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int writeUnquotedUTF8(final OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putQuotedUTF8(final ByteBuffer buffer) {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int putUnquotedUTF8(final ByteBuffer buffer) {
            if (buffer.remaining() < utf8.length) {
                return -1;
            }
            buffer.put(utf8);
            return utf8.length;
        }
    }
}
