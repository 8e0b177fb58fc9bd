package io.oomstream.enrich;

import java.util.List;

/** A fleet file that cannot be used, with every problem found, each prefixed with {@code file:line}. */
public final class FleetFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The problems, in file order. */
    private final List<String> problems;

    public FleetFileException(final List<String> problems) {
        super("Invalid fleet file (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "):\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, in file order. */
    public List<String> problems() {
        return problems;
    }
}
