package io.oomstream.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.oomstream.enrich.FleetFile;
import io.oomstream.enrich.FleetFileException;
import io.oomstream.enrich.FleetIndex;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the fleet metadata loader ({@code fleet load}, the YAML / JSON / CSV reader): any text is either an index or a
 * {@link FleetFileException} listing its problems; nothing else may escape (a Jackson or NumberFormat exception
 * would be a stack trace at the operator).
 */
class FleetFileFuzzTest {

    private static final String[] NAMES = {"fleet.yaml", "fleet.yml", "fleet.json", "fleet.csv"};

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void load(final FuzzedDataProvider data) {
        final String name = data.pickValue(NAMES);
        final String text = data.consumeRemainingAsString();
        try {
            final FleetIndex index = FleetFile.index(text, name);
            assertNotNull(index);
        } catch (final FleetFileException e) {
            assertFalse(e.problems().isEmpty(), "a rejected fleet file must say why");
            e.problems().forEach(p -> assertNotNull(p));
        }
    }
}
