package io.oomstream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is the one {@link Settings#markdownTable()} writes from the declarations;
 * every declaration's default is valid by its own check; keys are unique.
 */
class SettingsTableTest {

    private static final String BEGIN = "<!-- settings table: generated from io.oomstream.config.Settings -->\n";
    private static final String END = "<!-- end of settings table -->";

    @Test
    void theReadmeTableIsTheDeclarations() throws Exception {
        final String readme = Files.readString(Path.of("README.md"));
        final int from = readme.indexOf(BEGIN);
        final int to = readme.indexOf(END);
        assertTrue(from >= 0 && to > from, "README.md lacks the settings table markers");
        assertEquals(Settings.markdownTable(), readme.substring(from + BEGIN.length(), to),
                "README.md's settings table differs from Settings: paste Settings.markdownTable() between the markers");
    }

    @Test
    void everyDefaultPassesItsOwnCheck() {
        for (final Setting<?> s : Settings.ALL) {
            assertTrue(s.read().apply(s.defaultValue()).isPresent(), s.key());
        }
    }

    @Test
    void everyKeyIsDeclaredOnceUnderThePrefix() {
        final Set<String> keys = new HashSet<>();
        for (final Setting<?> s : Settings.ALL) {
            assertTrue(s.key().startsWith(AppConfig.PREFIX), s.key());
            assertTrue(keys.add(s.key()), "declared twice: " + s.key());
        }
    }

    @Test
    void aBadValueOfEverySettingWithACheckIsReportedAsItsDeclarationSays() {
        for (final Setting<?> s : Settings.ALL) {
            if (s.expected().isEmpty()) {
                continue;
            }
            final String bad = s.read().apply("not valid!").isEmpty() ? "not valid!" : "";
            final AppConfig.InvalidConfigException e = assertThrows(AppConfig.InvalidConfigException.class,
                    () -> AppConfig.load(null, Map.of(), Map.of(s.key(), bad)), s.key());
            assertEquals(List.of(s.key() + " = '" + bad + "' (override): must be " + s.expected()), e.problems());
        }
    }
}
