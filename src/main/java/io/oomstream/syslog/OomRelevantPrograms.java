package io.oomstream.syslog;

import io.oomstream.kernel.KernelGrammar;

/** Programs whose lines can be part of an OOM report ({@link KernelGrammar#programMayMatter}), by name as text or bytes. */
class OomRelevantPrograms implements ProgramFilter {

    @Override
    public boolean mayMatter(final String text, final int from, final int to) {
        return KernelGrammar.programMayMatter(text, from, to);
    }

    @Override
    public boolean mayMatter(final byte[] ascii, final int from, final int to) {
        return KernelGrammar.programMayMatter(ascii, from, to);
    }
}
