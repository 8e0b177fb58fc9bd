package io.oomstream.event;

/**
 * The process the kill line names. Sizes in kB as the kill line prints them.
 *
 * @param score         the badness score, only when the selection line selected this very pid
 *                      (a selection naming a parent is recorded as {@code selected_*} instead)
 * @param selectedPid   the pid the selection line chose, when it differs from the victim (child sacrifice)
 * @param selectedName  that process's name
 * @param selectedScore that process's score
 */
public record Victim(Integer pid, String name, Long uid, Long score, Long totalVmKb, Long anonRssKb,
                     Long fileRssKb, Long shmemRssKb, Long pgtablesKb, Integer oomScoreAdj,
                     Integer selectedPid, String selectedName, Long selectedScore) {
}
