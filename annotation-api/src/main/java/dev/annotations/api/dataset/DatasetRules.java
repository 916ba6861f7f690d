package dev.annotations.api.dataset;

import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.FieldError;

import java.util.ArrayList;
import java.util.List;

/** What a dataset's settings may be; checked once at the edge. */
final class DatasetRules {
    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_DESCRIPTION_LENGTH = 10_000;
    /** Most items one request adds, edits or names as targets. */
    static final int MAX_ITEMS = 1_000;
    /** Largest JSON text of one item's input, expected output and metadata together. */
    static final int MAX_ITEM_BYTES = 1 << 20;

    private DatasetRules() {
    }

    static void checkName(String name, boolean required, List<FieldError> errors) {
        if (name == null) {
            if (required) {
                errors.add(new FieldError("name", "is required"));
            }
        } else if (name.isBlank() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("name", "1 to " + MAX_NAME_LENGTH + " characters without control characters"));
        }
    }

    static void checkDescription(String description, List<FieldError> errors) {
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            errors.add(new FieldError("description", "at most " + MAX_DESCRIPTION_LENGTH + " characters"));
        }
    }

    static void check(String name, boolean nameRequired, String description) {
        List<FieldError> errors = new ArrayList<>();
        checkName(name, nameRequired, errors);
        checkDescription(description, errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }
}
