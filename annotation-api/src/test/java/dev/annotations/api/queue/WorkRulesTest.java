package dev.annotations.api.queue;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.auth.Role;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.score.Target;
import dev.annotations.api.score.TargetType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.annotations.api.http.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/** Who may work on a queue and on which items, and how long a skip reason or review comment may be. */
class WorkRulesTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Queue QUEUE = new Queue(new UUID(2, 2), new UUID(7, 7), "support-review", "", List.of(),
            List.of("annotator-1", "both"), List.of("reviewer-1", "both"), Strategy.MANUAL, 1, 600, true, false,
            QueueStatus.ACTIVE, T0, "admin", T0, "admin");

    private static Principal key(String name, Role role) {
        return new Principal(new UUID(1, 1), QUEUE.projectId(), name, role, false);
    }

    private static void assertForbidden(Runnable call, String message) {
        assertThatThrownBy(call::run).asInstanceOf(type(ApiProblem.class)).satisfies(problem -> {
            assertThat(problem.status()).isEqualTo(403);
            assertThat(problem.getMessage()).isEqualTo(message);
        });
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"annotator-1, ANNOTATOR", "annotator-1, ADMIN", "both, ANNOTATOR"})
    void an_annotator_of_the_queue_with_an_annotator_or_admin_key_may_annotate(String name, Role role) {
        WorkRules.requireAnnotator(key(name, role), QUEUE);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Role.class, names = {"REVIEWER", "VIEWER"})
    void a_key_of_another_role_may_not_annotate_even_as_a_member(Role role) {
        assertForbidden(() -> WorkRules.requireAnnotator(key("annotator-1", role), QUEUE),
                "role " + role + " may not annotate; ANNOTATOR is required");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Role.class, names = {"ANNOTATOR", "ADMIN"})
    void a_key_whose_name_is_not_an_annotator_may_not_annotate(Role role) {
        assertForbidden(() -> WorkRules.requireAnnotator(key("reviewer-1", role), QUEUE),
                "'reviewer-1' is not an annotator of queue 'support-review'");
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"reviewer-1, REVIEWER", "reviewer-1, ADMIN", "both, REVIEWER"})
    void a_reviewer_of_the_queue_with_a_reviewer_or_admin_key_may_review(String name, Role role) {
        WorkRules.requireReviewer(key(name, role), QUEUE);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"reviewer-1, ANNOTATOR", "reviewer-1, VIEWER", "annotator-1, REVIEWER", "annotator-1, ADMIN"})
    void anyone_else_may_not_review(String name, Role role) {
        assertForbidden(() -> WorkRules.requireReviewer(key(name, role), QUEUE), "'" + name
                + "' is not a reviewer of queue 'support-review' (reviewers are members with REVIEWER or ADMIN keys)");
    }

    @Test
    void an_item_is_found_only_while_it_is_in_the_queue() {
        QueueMemory memory = new QueueMemory(QUEUE);
        Target target = new Target(TargetType.SESSION, null, null, "session-1", null, null, null);
        QueueItem live = new QueueItem(new UUID(3, 1), QUEUE.id(), target, 0, T0, "admin", false);
        QueueItem removed = new QueueItem(new UUID(3, 2), QUEUE.id(), target, 0, T0, "admin", true);
        memory.putItems(List.of(live, removed));

        assertThat(WorkRules.requireItem(memory, live.id())).isEqualTo(live);
        for (UUID missing : List.of(removed.id(), new UUID(3, 3))) {
            assertThatThrownBy(() -> WorkRules.requireItem(memory, missing)).asInstanceOf(type(ApiProblem.class))
                    .satisfies(problem -> {
                        assertThat(problem.status()).isEqualTo(404);
                        assertThat(problem.getMessage()).isEqualTo("no item " + missing + " in queue " + QUEUE.id());
                    });
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"reason", "comment"})
    void a_reason_or_comment_is_at_most_10000_characters(String field) {
        WorkRules.requireReasonLength(field, null);
        WorkRules.requireReasonLength(field, "x".repeat(10_000));
        assertRefused(() -> WorkRules.requireReasonLength(field, "x".repeat(10_001)), field,
                "must be at most 10000 characters");
    }
}
