// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Which timers a process-manager instance should have, as a pure function of its state. After each
 * message the runtime schedules the named deadlines that are new (due = the time the message's event
 * was recorded + the duration) and cancels those no longer wanted; a deadline that comes due while
 * still wanted sends {@link #onDeadline}'s commands.
 */
public interface DeadlineRule<S, C> {
    /** The deadlines wanted in {@code state}: name to how long after the message that first wanted it. */
    Map<String, Duration> deadlines(S state);

    /** The commands to send when the deadline {@code name} of the instance comes due. */
    List<C> onDeadline(String instanceId, S state, String name, Instant dueAt);

    /** No deadlines. */
    static <S, C> DeadlineRule<S, C> none() {
        return new DeadlineRule<>() {
            @Override
            public Map<String, Duration> deadlines(S state) {
                return Map.of();
            }

            @Override
            public List<C> onDeadline(String instanceId, S state, String name, Instant dueAt) {
                return List.of();
            }
        };
    }
}
