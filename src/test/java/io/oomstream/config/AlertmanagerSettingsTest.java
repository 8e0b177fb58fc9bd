package io.oomstream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The oomstream.alertmanager.* settings: off by default, one setting turns them on, secrets never shown. */
class AlertmanagerSettingsTest {

    @TempDir
    Path dir;

    @Test
    void shouldBeOffByDefaultWithAlertmanagersResendInterval() {
        final AlertmanagerSettings s = AppConfig.defaults().alertmanager();

        assertFalse(s.enabled());
        assertEquals(List.of(), s.urls());
        assertEquals(Duration.ofMinutes(1), s.resend());
        assertEquals(Duration.ofSeconds(10), s.timeout());
        assertEquals(AlertmanagerSettings.DEFAULT_LINK_TEMPLATE, s.linkTemplate());
    }

    @Test
    void shouldTurnOnWithTheUrlListFromTheEnvironmentAndHideSecrets() throws Exception {
        final Path trust = Files.writeString(dir.resolve("trust.p12"), "not read until the first post");
        final AppConfig c = AppConfig.load(null, Map.of(
                "OOMSTREAM_ALERTMANAGER_URLS", "http://am-0:9093, https://am-1.example:9093/",
                "OOMSTREAM_ALERTMANAGER_BASIC_AUTH_USERNAME", "oomstream",
                "OOMSTREAM_ALERTMANAGER_BASIC_AUTH_PASSWORD", "s3cret-pw",
                "OOMSTREAM_ALERTMANAGER_SSL_TRUSTSTORE_LOCATION", trust.toString()), Map.of());
        final AlertmanagerSettings s = c.alertmanager();

        assertTrue(s.enabled());
        assertEquals(List.of(URI.create("http://am-0:9093"), URI.create("https://am-1.example:9093/")), s.urls());
        assertEquals("oomstream", s.basicAuthUsername());
        assertEquals("s3cret-pw", s.basicAuthPassword());
        assertEquals(trust, s.truststore());
        assertFalse(c.toString().contains("s3cret-pw"), c.toString());
        assertTrue(c.toString().contains("basicAuthPassword=[hidden]"), c.toString());
    }

    @Test
    void shouldReportBadValuesTogetherWithoutPrintingTheToken() {
        final AppConfig.InvalidConfigException e = assertThrows(AppConfig.InvalidConfigException.class,
                () -> AppConfig.load(null, Map.of(), Map.of(
                        AppConfig.ALERTMANAGER_URLS, "am-0:9093",
                        AppConfig.ALERTMANAGER_RESEND_MS, "500",
                        AppConfig.ALERTMANAGER_BEARER_TOKEN, "tok-123",
                        AppConfig.ALERTMANAGER_BASIC_AUTH_USERNAME, "u",
                        AppConfig.ALERTMANAGER_KEYSTORE_LOCATION, dir.resolve("missing.p12").toString())));

        final String all = String.join("\n", e.problems());
        assertEquals(4, e.problems().size(), all);
        assertTrue(all.contains(AppConfig.ALERTMANAGER_URLS + " = 'am-0:9093'"), all);
        assertTrue(all.contains(AppConfig.ALERTMANAGER_RESEND_MS + " = '500'"), all);
        assertTrue(all.contains("either a bearer token or basic auth"), all);
        assertTrue(all.contains(AppConfig.ALERTMANAGER_KEYSTORE_LOCATION), all);
        assertFalse(all.contains("tok-123"), all);
    }
}
