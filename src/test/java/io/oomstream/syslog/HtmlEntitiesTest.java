package io.oomstream.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A line HTML-escaped whole (an issue tracker's plain-text export, a page's source) is read as written. */
class HtmlEntitiesTest {

    @Test
    void shouldReadTheReferencesOfALineEscapedWhole() {
        assertEquals("Mar  4 10:00:01 web1 kernel: [<ffffffff8117f3b6>] dump_header+0x76/0x250 & \"x\" 'y' \u00A0A",
                HtmlEntities.decode("Mar  4 10:00:01 web1 kernel: [&lt;ffffffff8117f3b6&gt;] dump_header+0x76/0x250 "
                        + "&amp; &quot;x&quot; &#39;y&apos; &nbsp;&#x41;"));
    }

    @Test
    void shouldKeepALineThatHoldsARawBracketOrNoReferenceAsItIs() {
        final String raw = "Mar  4 10:00:01 web1 kernel: [<ffffffff8117f3b6>] a&amp;b";
        assertSame(raw, HtmlEntities.decode(raw), "an escaper escapes every bracket: this line was not escaped");
        final String plain = "Mar  4 10:00:01 web1 app[7]: R&D; x&y; &#0; &#xD800; &unknown;";
        assertSame(plain, HtmlEntities.decode(plain));
    }

    @Test
    void shouldReadAnAmpersandBackOnlyWhereTheLineShowsOtherEscaping() {
        final String ampersandOnly = "Mar  4 10:00:01 web1 kernel: Out of memory: Killed process 42 (a&amp;b)";
        assertSame(ampersandOnly, HtmlEntities.decode(ampersandOnly), "&amp; alone shows no escaping");
        assertEquals("Mar  4 10:00:01 web1 kernel: Killed process 42 (\"a&b\")",
                HtmlEntities.decode("Mar  4 10:00:01 web1 kernel: Killed process 42 (&quot;a&amp;b&quot;)"));
        assertEquals("a&b", HtmlEntities.decode("a&#38;b"), "a numeric reference is escaping in itself");
    }

    @Test
    void shouldDecodeAnEscapedCallTraceLineAndCountTheRepair() {
        final SyslogDecoder decoder = new SyslogDecoder();
        final Decoded d = decoder.decode("&gt; Mar  4 10:00:01 web1 kernel: [ 5000.000001] [&lt;ffffffff8117f3b6&gt;] "
                + "dump_header+0x76/0x250", Instant.parse("2024-03-05T00:00:00Z"));
        assertEquals("[<ffffffff8117f3b6>] dump_header+0x76/0x250", SyslogSamples.single(d).message());
        assertEquals("web1", SyslogSamples.single(d).host());
        assertEquals(1, decoder.repairs().get(Repair.HTML_ENTITIES_DECODED));
        assertEquals(1, decoder.repairs().get(Repair.QUOTE_STRIPPED));
    }
}
