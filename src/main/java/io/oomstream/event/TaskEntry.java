package io.oomstream.event;

/**
 * One row of the task table, converted from pages to kB (pgtables_bytes from bytes, nr_ptes
 * from page-table pages). Columns the era did not print are null.
 */
public record TaskEntry(Integer pid, Long uid, Integer tgid, Long totalVmKb, Long rssKb, Long rssAnonKb,
                        Long rssFileKb, Long rssShmemKb, Long pgtablesKb, Long swapentsKb, Integer oomScoreAdj,
                        String name) {
}
