package io.oomstream.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.oomstream.event.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Validates records against the JSON Schemas in the repository's schemas/ folder. */
public final class EventSchema {

    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private EventSchema() {
    }

    /** Fails the test with every violation when {@code record} does not match {@code schemas/<file>}. */
    public static void assertValid(final String schemaFile, final Object record) {
        final JsonNode node = record instanceof JsonNode n ? n : Json.MAPPER.valueToTree(record);
        final Set<ValidationMessage> errors = schema(schemaFile).validate(node);
        if (!errors.isEmpty()) {
            fail("record does not match schemas/" + schemaFile + ": " + errors + "\nrecord: " + node);
        }
    }

    /** Validates an OOM event against schemas/oom-event.schema.json. */
    public static void assertValidEvent(final Object event) {
        assertValid("oom-event.schema.json", event);
    }

    private static JsonSchema schema(final String file) {
        return CACHE.computeIfAbsent(file, f -> {
            try (InputStream in = Files.newInputStream(Path.of("schemas", f))) {
                final SchemaValidatorsConfig cfg = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, cfg);
            } catch (final IOException e) {
                throw new IllegalStateException("cannot read schemas/" + f, e);
            }
        });
    }
}
