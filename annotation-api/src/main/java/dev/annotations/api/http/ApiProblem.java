package dev.annotations.api.http;

import java.util.List;

/**
 * An error answer in the making: thrown anywhere, turned into RFC 9457 problem+json by
 * {@link ProblemMapper}. Services throw these for rule violations; the mapper adds nothing but format.
 */
public final class ApiProblem extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;

    public ApiProblem(int status, String type, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ApiProblem invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.getFirst().field() + ": " + errors.getFirst().message()
                : errors.size() + " fields are invalid";
        return new ApiProblem(400, "/problems/validation-error", "Invalid request", detail, errors);
    }

    public static ApiProblem invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /** ClickHouse refused the data although it passed validation: the request as sent will never be stored. */
    public static ApiProblem refused(String detail) {
        return new ApiProblem(400, "/problems/refused-by-storage", "Refused by ClickHouse", detail, List.of());
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "/problems/not-found", "Not found", detail, List.of());
    }

    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(401, "/problems/unauthorized", "Unauthorized", detail, List.of());
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "/problems/forbidden", "Forbidden", detail, List.of());
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "/problems/conflict", "Conflict", detail, List.of());
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
