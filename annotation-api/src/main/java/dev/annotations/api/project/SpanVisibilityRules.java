package dev.annotations.api.project;

import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.FieldError;
import dev.annotations.api.storage.Storable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What a span visibility setting must hold for its mode; 400 naming each field otherwise. */
final class SpanVisibilityRules {
    private static final int MAX_TEXT = 1_000;

    private SpanVisibilityRules() {
    }

    static SpanVisibility check(SpanVisibility given, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        if (given.mode() == null) {
            errors.add(new FieldError(prefix + "mode", "is required: ALL, OWN, SERVICES or RESOURCE_ATTRIBUTE"));
            throw ApiProblem.invalid(errors);
        }
        boolean services = given.mode() == SpanVisibility.Mode.SERVICES;
        boolean attribute = given.mode() == SpanVisibility.Mode.RESOURCE_ATTRIBUTE;
        if (services) {
            if (given.services().isEmpty() || given.services().size() > SpanVisibility.MAX_SERVICES) {
                errors.add(new FieldError(prefix + "services", "1 to " + SpanVisibility.MAX_SERVICES
                        + " service names for mode SERVICES"));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < given.services().size(); i++) {
                text(given.services().get(i), prefix + "services[" + i + "]", errors);
                if (!seen.add(given.services().get(i))) {
                    errors.add(new FieldError(prefix + "services[" + i + "]", "is listed twice"));
                }
            }
        } else if (!given.services().isEmpty()) {
            errors.add(new FieldError(prefix + "services", "applies to mode SERVICES only"));
        }
        if (attribute) {
            text(given.attributeKey(), prefix + "attributeKey", errors);
            text(given.attributeValue(), prefix + "attributeValue", errors);
        } else {
            if (given.attributeKey() != null) {
                errors.add(new FieldError(prefix + "attributeKey", "applies to mode RESOURCE_ATTRIBUTE only"));
            }
            if (given.attributeValue() != null) {
                errors.add(new FieldError(prefix + "attributeValue", "applies to mode RESOURCE_ATTRIBUTE only"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return given;
    }

    private static void text(String value, String field, List<FieldError> errors) {
        if (value == null || value.isEmpty() || value.length() > MAX_TEXT) {
            errors.add(new FieldError(field, "1 to " + MAX_TEXT + " characters"));
        } else {
            Storable.textProblem(value).ifPresent(problem -> errors.add(new FieldError(field, problem)));
        }
    }
}
