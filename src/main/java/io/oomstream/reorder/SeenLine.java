package io.oomstream.reorder;

/**
 * What the reorder stage remembers of a recent line, by fingerprint, as it is stored.
 *
 * @param epochMillis the line's wall-clock time (it is forgotten two windows behind its host's time)
 * @param arrivals    how often the line arrived
 * @param passed      how often it was passed on
 * @param repeatable  a line a report may print more than once verbatim (counted, not dropped on its first repeat)
 */
public record SeenLine(long epochMillis, int arrivals, int passed, boolean repeatable) {
}
