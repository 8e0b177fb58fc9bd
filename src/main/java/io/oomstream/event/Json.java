package io.oomstream.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/** The one shared, snake_case ObjectMapper for everything oomstream writes and reads. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactory()
            .setCharacterEscapes(new ControlEscapes()))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }

    /** Serialises a value; our records always serialise, so a failure is a bug. */
    public static String write(final Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * JSON requires only C0 controls, quote and backslash to be escaped; this also escapes, as <code>&#92;u00XX</code>,
     * every other character {@link TerminalText} treats as a control (DEL, the C1 controls such as CSI U+009B,
     * the line and paragraph separators, the bidirectional overrides), so JSON that reaches a terminal (analyze
     * and demo print it) never carries a raw control a process name smuggled in. Readers decode the same value.
     */
    private static final class ControlEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii;

        ControlEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(final int ch) {
            return TerminalText.isControl(ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
