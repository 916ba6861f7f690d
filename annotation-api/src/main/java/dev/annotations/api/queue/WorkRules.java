package dev.annotations.api.queue;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.auth.Role;
import dev.annotations.api.http.ApiProblem;

import java.util.UUID;

/** Who may work on a queue, and which items can be worked on: the checks every work request starts with. */
final class WorkRules {
    static final int MAX_REASON_LENGTH = 10_000;

    private WorkRules() {
    }

    static void requireAnnotator(Principal caller, Queue queue) {
        if (caller.role() != Role.ANNOTATOR && caller.role() != Role.ADMIN) {
            throw ApiProblem.forbidden("role " + caller.role() + " may not annotate; ANNOTATOR is required");
        }
        if (!queue.isAnnotator(caller.name())) {
            throw ApiProblem.forbidden("'" + caller.name() + "' is not an annotator of queue '" + queue.name() + "'");
        }
    }

    static void requireReviewer(Principal caller, Queue queue) {
        if (!queue.isReviewer(caller.name()) || (caller.role() != Role.REVIEWER && caller.role() != Role.ADMIN)) {
            throw ApiProblem.forbidden("'" + caller.name() + "' is not a reviewer of queue '" + queue.name()
                    + "' (reviewers are members with REVIEWER or ADMIN keys)");
        }
    }

    static QueueItem requireItem(QueueMemory memory, UUID itemId) {
        return memory.entry(itemId).map(QueueMemory.Entry::item).filter(item -> !item.removed())
                .orElseThrow(() -> ApiProblem.notFound("no item " + itemId + " in queue " + memory.queue().id()));
    }

    static void requireReasonLength(String field, String text) {
        if (text != null && text.length() > MAX_REASON_LENGTH) {
            throw ApiProblem.invalid(field, "must be at most " + MAX_REASON_LENGTH + " characters");
        }
    }
}
