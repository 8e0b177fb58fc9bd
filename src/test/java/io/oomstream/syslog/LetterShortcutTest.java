package io.oomstream.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The decoder's ASCII shortcut for {@link Character#isLetter(char)} (the first char of every line) answers as it does. */
class LetterShortcutTest {

    @Test
    void shouldAnswerAsCharacterIsLetterForEveryChar() {
        for (int i = Character.MIN_VALUE; i <= Character.MAX_VALUE; i++) {
            final char c = (char) i;
            assertEquals(Character.isLetter(c), SyslogDecoder.isLetter(c), () -> "char " + (int) c);
        }
    }
}
