package io.oomstream.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiLineRecordReaderTest {

    private static List<String> records(final String text) throws IOException {
        final List<String> out = new ArrayList<>();
        try (BufferedReader r = new MultiLineRecordReader(new BufferedReader(new StringReader(text)))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void shouldJoinAnArrayElementOverSeveralLinesAndDropItsComma() throws IOException {
        // Joined by blanks: one line of text per record, as the decoder's line path requires.
        assertEquals(List.of("[", "{     \"MESSAGE\" : \"a } and a { in a \\\"string\\\"\"   }", "{   }", "]"),
                records("[\n  {\n    \"MESSAGE\" : \"a } and a { in a \\\"string\\\"\"\n  },\n  {\n  }\n]\n"));
    }

    @Test
    void shouldGiveBackTheLinesOfAnObjectThatNeverCloses() throws IOException {
        assertEquals(List.of("{", "\t\"MESSAGE\" : \"cut here", "Feb  5 14:23:41 h kernel: x"),
                records("{\n\t\"MESSAGE\" : \"cut here\nFeb  5 14:23:41 h kernel: x\n"));
    }

    @Test
    void shouldGiveBackTheLinesAfterABraceThatStartsNoObject() throws IOException {
        assertEquals(List.of("    {", "Feb  5 14:23:41 h kernel: x", "    }"),
                records("    {\nFeb  5 14:23:41 h kernel: x\n    }\n"));
    }

    @Test
    void shouldKeepARepeatedFieldsLastValueAndGiveBackANonExportsLines() throws IOException {
        assertEquals(List.of("{\"__CURSOR\":\"s=1\",\"MESSAGE\":\"second\"}", "after"),
                records("__CURSOR=s=1\nMESSAGE=first\nMESSAGE=second\n\nafter\n"));
        assertEquals(List.of("__CURSOR=s=1", "message=hello", "after"), records("__CURSOR=s=1\nmessage=hello\n\nafter\n"));
    }

    @Test
    void shouldTurnAnExportEntryIntoTheJsonObjectOfItsFields() throws IOException {
        assertEquals(List.of("{\"__CURSOR\":\"s=1\",\"MESSAGE\":\"say \\\"hi\\\" = \\\\o/\"}", "after"),
                records("__CURSOR=s=1\nMESSAGE=say \"hi\" = \\o/\n\nafter\n"));
    }

    @Test
    void shouldLeaveOtherLinesAsTheyAre() throws IOException {
        assertEquals(List.of("  {not json", "{\"a\":1}", "", "x"), records("  {not json\n{\"a\":1}\n\nx\n"));
    }
}
