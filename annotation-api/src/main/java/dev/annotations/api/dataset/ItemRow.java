package dev.annotations.api.dataset;

import java.util.UUID;

/**
 * One row a change writes: an item's new content, or its removal. JSON fields are compact JSON text
 * ({@code null} when absent; metadata an object, consensus an array).
 */
record ItemRow(UUID itemId, String input, String expectedOutput, String metadata, String sourceTraceId,
               String sourceSpanId, UUID sourceQueueId, String consensus, boolean deleted) {

    static ItemRow of(UUID itemId, String input, String expectedOutput, String metadata) {
        return new ItemRow(itemId, input, expectedOutput, metadata, "", "", null, "[]", false);
    }

    static ItemRow removal(DatasetItem item) {
        return new ItemRow(item.id(), item.input(), item.expectedOutput(), item.metadata(), "", "", null, "[]", true);
    }
}
