package dev.annotations.api.dataset;

/**
 * SQL that turns a stored JSON value into chat messages {@code {"role", "content"}}, the shape fine-tuning
 * tools take: an array of messages stays one (each message's {@code content} kept when it is text, else the
 * text parts of OpenTelemetry's {@code parts} joined by newlines — tool calls are left out); one message
 * object becomes one message; a string becomes one message of {@code role}; null none; any other JSON one
 * message whose content is that JSON as text.
 */
final class ChatMessages {
    private ChatMessages() {
    }

    /** An {@code Array(String)} expression of JSON messages from the JSON text column {@code column}. */
    static String of(String column, String role) {
        return "multiIf(JSONType(" + column + ") = 'Array', arrayMap(m -> " + message("m", role)
                + ", arrayFilter(m -> JSONType(m) = 'Object', JSONExtractArrayRaw(" + column + ")))"
                + ", JSONType(" + column + ") = 'Object', [" + message(column, role) + "]"
                + ", JSONType(" + column + ") = 'String', [concat('{\"role\":\"" + role + "\",\"content\":', " + column + ", '}')]"
                + ", JSONType(" + column + ") = 'Null', emptyArrayString()"
                + ", [concat('{\"role\":\"" + role + "\",\"content\":', toJSONString(" + column + "), '}')])";
    }

    private static String message(String m, String role) {
        String text = "multiIf(JSONType(" + m + ", 'content') = 'String', JSONExtractString(" + m + ", 'content')"
                + ", JSONHas(" + m + ", 'parts'), arrayStringConcat(arrayMap(p -> JSONExtractString(p, 'content'),"
                + " arrayFilter(p -> JSONExtractString(p, 'type') = 'text', JSONExtractArrayRaw(" + m + ", 'parts'))), '\\n')"
                + ", JSONHas(" + m + ", 'content'), JSONExtractRaw(" + m + ", 'content'), " + m + ")";
        return "concat('{\"role\":', toJSONString(if(JSONHas(" + m + ", 'role'), JSONExtractString(" + m + ", 'role'), '"
                + role + "')), ',\"content\":', toJSONString(" + text + "), '}')";
    }
}
