package dev.annotations.api.http;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.list;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/**
 * Assertions on the refusals the rule classes throw: a 400 validation problem whose field errors name the
 * fields a client must fix. Used by the unit tests of every rule class, so each states only field and rule.
 */
public final class Refusals {
    private Refusals() {
    }

    /** The call is refused with a 400 whose only error is on {@code field}, its message containing {@code message}. */
    public static void assertRefused(ThrowingCallable call, String field, String message) {
        assertThatThrownBy(call)
                .asInstanceOf(type(ApiProblem.class))
                .satisfies(Refusals::isValidationProblem)
                .extracting(ApiProblem::errors, list(FieldError.class))
                .singleElement()
                .satisfies(error -> {
                    assertThat(error.field()).isEqualTo(field);
                    assertThat(error.message()).contains(message);
                });
    }

    /** The call is refused with a 400 naming exactly these fields, in this order (one error each). */
    public static void assertRefusedNaming(ThrowingCallable call, String... fields) {
        assertThatThrownBy(call)
                .asInstanceOf(type(ApiProblem.class))
                .satisfies(Refusals::isValidationProblem)
                .extracting(problem -> problem.errors().stream().map(FieldError::field).toList(), list(String.class))
                .containsExactly(fields);
    }

    /** The errors a rule collected: exactly one, on {@code field}, its message containing {@code message}. */
    public static void assertOnlyError(List<FieldError> errors, String field, String message) {
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo(field);
            assertThat(error.message()).contains(message);
        });
    }

    private static void isValidationProblem(ApiProblem problem) {
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.type()).isEqualTo("/problems/validation-error");
        assertThat(problem.errors()).isNotEmpty();
    }
}
