package io.oomstream.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small building blocks, where their edge cases are easier to state than through whole records. */
class SyslogPartsTest {

    @Test
    void shouldScaleStampFractionToMicroseconds() {
        assertEquals(new KernelStamp(61_004_211L, 14), KernelStamp.parseAt("[   61.004211] x", 0));
        assertEquals(new KernelStamp(7_934_038_100_000L, 11), KernelStamp.parseAt("[7934038.1] x", 0));
        assertEquals(new KernelStamp(1_234_567_890L, 22), KernelStamp.parseAt("[ 1234.567890][ T1234] x", 0));
        // Nanosecond stamps (some vendor kernels) are truncated to microseconds.
        assertEquals(new KernelStamp(1_123_456L, 13), KernelStamp.parseAt("[1.123456789] x", 0));
    }

    @Test
    void shouldRejectBracketsThatAreNotStamps() {
        assertNull(KernelStamp.parseAt("[ 1234]", 0));
        assertNull(KernelStamp.parseAt("[1.]", 0));
        assertNull(KernelStamp.parseAt("[1234567890123.5]", 0));
        assertNull(KernelStamp.parseAt("[1.5", 0));
        assertNull(KernelStamp.parseAt("[<ffffffff>]", 0));
    }

    @Test
    void shouldSplitEscapesAndDropOnlyTrailingEmptyPieces() {
        assertEquals(List.of("a", "", "b\tc"), EscapedNewlines.split("a#012\\012b#011c#012#012"));
        assertEquals(List.of(""), EscapedNewlines.split("#012"));
        assertEquals(List.of("x#013", "y"), EscapedNewlines.split("x#013\ny"));
    }

    @Test
    void shouldParseTagsStrictlyInLinesAndLenientlyInFields() {
        assertEquals(new SyslogTag("postfix/smtpd", 42, 19), SyslogTag.parseAt("postfix/smtpd[42]: x", 0));
        assertEquals(new SyslogTag("kernel", null, 7), SyslogTag.parseAt("kernel:", 0));
        assertNull(SyslogTag.parseAt("kernel:x", 0));
        assertNull(SyslogTag.parseAt("kernel x", 0));
        assertEquals(new SyslogTag("systemd", 1, 11), SyslogTag.split("systemd[1]:"));
        assertEquals(new SyslogTag("sshd", null, 4), SyslogTag.split("sshd"));
    }

    @Test
    void shouldDefaultOptionsToInferredYearInUtc() {
        assertEquals(new DecoderOptions(null, ZoneOffset.UTC), DecoderOptions.defaults());
        assertEquals(ZoneOffset.UTC, new DecoderOptions(2020, null).zone());
        assertThrows(IllegalArgumentException.class, () -> new DecoderOptions(0, null));
    }
}
