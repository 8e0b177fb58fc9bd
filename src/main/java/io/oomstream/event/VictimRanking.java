package io.oomstream.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why the kernel chose this victim: every task of the table scored again with that era's oom_badness.
 * Fields the report does not allow to compute are null (and left out of the JSON).
 *
 * @param rank             the selected task's place among the tasks the kernel could kill (1 = chosen)
 * @param tasksRanked      how many tasks of the table the kernel could kill (oom_score_adj -1000 excluded)
 * @param recomputedScore  the selected task's score as the selection line prints it ({@code score N}): raw badness
 *                         (2.6), 0-1000 (2.6.36-3.8), badness * 1000 / totalpages (3.9 on, also for 4.19+ that
 *                         print none; above 1000 with a positive oom_score_adj)
 * @param printedScore     the score the selection line printed, when it did
 * @param decidingFactor   what decided the choice
 * @param sentence         the reason in plain words
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VictimRanking(Integer rank, Integer tasksRanked, Long recomputedScore, Long printedScore,
                            DecidingFactor decidingFactor, String sentence) {
}
