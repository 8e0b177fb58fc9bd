package io.oomstream.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The expectation files' comparison ({@code X.expected.json} beside a log): only the fields an expectation lists are
 * compared, nested objects too; an array must have the expected length, each element compared the same way; a
 * listed null must be null; numbers compare by value (1.0 = 1).
 */
public final class JsonSubset {

    private JsonSubset() {
    }

    public static void assertSubset(final String path, final JsonNode expected, final JsonNode actual) {
        if (expected.isObject()) {
            if (actual == null || !actual.isObject()) {
                fail(path + ": expected an object " + expected + " but was " + actual);
            }
            final Iterator<Map.Entry<String, JsonNode>> it = expected.fields();
            while (it.hasNext()) {
                final Map.Entry<String, JsonNode> f = it.next();
                assertSubset(path + "." + f.getKey(), f.getValue(), actual.get(f.getKey()));
            }
        } else if (expected.isArray()) {
            if (actual == null || !actual.isArray() || actual.size() != expected.size()) {
                fail(path + ": expected " + expected + " but was " + actual);
            }
            for (int i = 0; i < expected.size(); i++) {
                assertSubset(path + "[" + i + "]", expected.get(i), actual.get(i));
            }
        } else if (expected.isNumber() && actual != null && actual.isNumber()) {
            assertEquals(expected.decimalValue().stripTrailingZeros(), actual.decimalValue().stripTrailingZeros(), path);
        } else {
            assertEquals(expected, actual == null ? NullNode.instance : actual, path);
        }
    }
}
