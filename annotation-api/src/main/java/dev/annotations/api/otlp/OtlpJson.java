package dev.annotations.api.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * OTLP/JSON decoding. It is protobuf's JSON mapping with one exception that protobuf's own parser does
 * not know: trace and span ids are hex strings, not base64. We rewrite those fields to base64 first,
 * then let {@link JsonFormat} (which accepts lowerCamelCase and original field names, enum names or
 * numbers, and 64-bit integers as strings or numbers) do the rest, ignoring unknown fields as the
 * specification requires. A malformed hex id becomes an id of the wrong length, so the item carrying it
 * is refused and counted rather than failing the whole request.
 */
final class OtlpJson {
    private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id",
            "parent_span_id");
    /** Stands in for an unreadable hex id: one non-zero byte is no valid trace or span id. */
    private static final String MALFORMED_ID = Base64.getEncoder().encodeToString(new byte[]{(byte) 0xFF});
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final HexFormat HEX = HexFormat.of();

    private final ObjectMapper mapper;

    OtlpJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Merges the JSON document into the builder; a document that is not OTLP/JSON throws {@link MalformedOtlpException}. */
    void merge(byte[] body, Message.Builder builder) {
        try {
            JsonNode root = mapper.readTree(body);
            if (root == null || !root.isObject()) {
                throw new MalformedOtlpException("the body must be a JSON object");
            }
            rewriteIds(root);
            PARSER.merge(mapper.writeValueAsString(root), builder);
        } catch (JsonProcessingException e) {
            throw new MalformedOtlpException("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedOtlpException("the body is not OTLP/JSON: " + e.getMessage());
        } catch (java.io.IOException e) {
            throw new MalformedOtlpException("the body could not be read: " + e.getMessage());
        }
    }

    private static void rewriteIds(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (ID_FIELDS.contains(field.getKey()) && field.getValue().isTextual()) {
                    field.setValue(object.textNode(base64OfHex(field.getValue().textValue())));
                } else {
                    rewriteIds(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(OtlpJson::rewriteIds);
        }
    }

    private static String base64OfHex(String hex) {
        try {
            return Base64.getEncoder().encodeToString(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            return MALFORMED_ID;
        }
    }
}
