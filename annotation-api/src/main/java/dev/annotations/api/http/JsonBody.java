package dev.annotations.api.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a JSON request body strictly (a media type other than JSON, unknown or repeated fields, wrong types
 * and malformed JSON are refused) and turns every Jackson complaint into a 400 naming the field.
 */
public final class JsonBody {
    /**
     * The one media type a JSON body may be sent as: {@code application/json}, case-insensitive, optionally
     * with {@code charset=utf-8} (JSON is UTF-8, RFC 8259). No other parameter, no other charset, and no
     * {@code application/*+json} type: those promise semantics (merge-patch, JSON:API…) we do not implement.
     */
    private static final Pattern JSON_MEDIA_TYPE = Pattern.compile(
            "application/json\\s*(;\\s*charset\\s*=\\s*(\"utf-8\"|utf-8)\\s*)?", Pattern.CASE_INSENSITIVE);

    private final ObjectMapper mapper;

    public JsonBody(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public <T> T read(Context ctx, Class<T> type) {
        // the header as sent: the servlet's getContentType() parses the charset and throws on a malformed one
        String contentType = ctx.header("Content-Type");
        if (contentType == null || !JSON_MEDIA_TYPE.matcher(contentType.strip()).matches()) {
            throw new ApiProblem(415, "/problems/unsupported-media-type", "Unsupported media type",
                    "send the body as Content-Type application/json (optionally ; charset=utf-8), not '"
                            + contentType + "'", List.of());
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw ApiProblem.invalid("body", "a JSON object is required");
        }
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw ApiProblem.invalid("body", "a JSON object is required, not null");
            }
            return value;
        } catch (java.io.IOException e) {
            throw translate(e, "");
        }
    }

    /** Converts one element of an already parsed body (a batch item); errors name it with {@code prefix}. */
    public <T> T convert(JsonNode node, Class<T> type, String prefix) {
        if (node == null || !node.isObject()) {
            throw ApiProblem.invalid(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "must be a JSON object");
        }
        try {
            return mapper.treeToValue(node, type);
        } catch (java.io.IOException e) {
            throw translate(e, prefix);
        }
    }

    private static ApiProblem translate(java.io.IOException failure, String prefix) {
        StreamReadException duplicate = duplicateField(failure);
        if (duplicate != null) {
            return ApiProblem.invalid(prefix + duplicatePath(duplicate), "appears more than once in the same object");
        }
        if (failure instanceof UnrecognizedPropertyException e) {
            return ApiProblem.invalid(prefix + path(e, e.getPropertyName()), "unknown field; allowed: "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
        }
        if (failure instanceof InvalidFormatException e) {
            return ApiProblem.invalid(prefix + path(e, null), "invalid value " + quoted(e.getValue()) + allowedValues(e.getTargetType()));
        }
        if (failure instanceof MismatchedInputException e) {
            String target = e.getTargetType() == null ? "value" : e.getTargetType().getSimpleName();
            return ApiProblem.invalid(prefix + path(e, null), "wrong type: expected " + describe(target));
        }
        if (failure instanceof JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            return ApiProblem.invalid("body", "malformed JSON" + where);
        }
        return ApiProblem.invalid("body", "unreadable body");
    }

    private static String path(JsonMappingException e, String leaf) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        if (leaf != null && !path.toString().endsWith(leaf)) {
            path.append(path.isEmpty() ? "" : ".").append(leaf);
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    /** Jackson's duplicate-field complaint, itself or wrapped by databind with the reference chain. */
    private static StreamReadException duplicateField(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException e && e.getOriginalMessage() != null
                    && e.getOriginalMessage().startsWith("Duplicate field")) {
                return e;
            }
        }
        return null;
    }

    /**
     * The repeated field, as a path: Jackson's duplicate check fires while the parser stands on the
     * second occurrence, so the parser's context is that field's place in the document.
     */
    private static String duplicatePath(StreamReadException e) {
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return "body";
        }
        List<String> steps = new ArrayList<>();
        for (JsonStreamContext context = parser.getParsingContext(); context != null && !context.inRoot();
             context = context.getParent()) {
            if (context.inArray()) {
                steps.add("[" + context.getCurrentIndex() + "]");
            } else if (context.getCurrentName() != null) {
                steps.add(context.getCurrentName());
            }
        }
        StringBuilder path = new StringBuilder();
        for (String step : steps.reversed()) {
            path.append(path.isEmpty() || step.startsWith("[") ? "" : ".").append(step);
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String allowedValues(Class<?> type) {
        if (type != null && type.isEnum()) {
            return "; allowed: " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        return type == null ? "" : "; expected " + describe(type.getSimpleName());
    }

    private static String describe(String javaType) {
        return switch (javaType) {
            case "String" -> "a string";
            case "Integer", "int", "Long", "long" -> "an integer";
            case "Double", "double" -> "a number";
            case "Boolean", "boolean" -> "true or false";
            case "UUID" -> "a UUID";
            case "Instant" -> "an ISO-8601 instant such as 2026-11-25T10:00:00Z";
            case "List", "ArrayList" -> "an array";
            case "Map", "LinkedHashMap" -> "an object of string values";
            default -> "a JSON object";
        };
    }

    private static String quoted(Object value) {
        return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
    }
}
