package dev.annotations.api.collector;

import com.google.protobuf.ByteString;

import java.util.HexFormat;

/** Trace and span ids as the Collector writes them: lowercase hex, or {@code ""} when absent or all zero. */
final class OtlpIds {
    static final int TRACE_ID_BYTES = 16;
    static final int SPAN_ID_BYTES = 8;
    private static final HexFormat HEX = HexFormat.of();

    private OtlpIds() {
    }

    /** Whether the bytes are a usable id of that length: present, right length, not all zero. */
    static boolean valid(ByteString id, int length) {
        return id.size() == length && !allZero(id);
    }

    /** Whether the bytes may stand for "no id": empty or all zero; any other length is malformed. */
    static boolean absent(ByteString id) {
        return id.isEmpty() || allZero(id);
    }

    static String hex(ByteString id) {
        return absent(id) ? "" : HEX.formatHex(id.toByteArray());
    }

    private static boolean allZero(ByteString id) {
        for (int i = 0; i < id.size(); i++) {
            if (id.byteAt(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
