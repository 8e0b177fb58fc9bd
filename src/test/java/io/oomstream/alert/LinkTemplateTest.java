package io.oomstream.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkTemplateTest {

    @Test
    void shouldUrlEncodeValuesAndUseGrafanasAllForMissingOnes() {
        final Map<String, String> values = new HashMap<>();
        values.put("host", "web 01&x");
        values.put("team", null);
        assertEquals("https://g/d/x?var-host=web+01%26x&var-team=%24__all",
                new LinkTemplate("https://g/d/x?var-host={host}&var-team={team}").render(values));
    }

    @Test
    void shouldLeaveAnUnknownPlaceholderAsWrittenSoATypoShows() {
        assertEquals("https://g/?h={hots}", new LinkTemplate("https://g/?h={hots}").render(Map.of("host", "a")));
    }

    @Test
    void shouldTellAnHttpLinkFromOtherText() {
        assertEquals(true, LinkTemplate.isHttpUrl("https://g/"));
        assertEquals(false, LinkTemplate.isHttpUrl("see the dashboard"));
    }
}
