package dev.annotations.api.collector;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Values stringified as pdata's Value.AsString() does, which is what the Collector's exporter stores. */
class AttributeStringsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1.0|1", "0.1|0.1", "-2.5|-2.5", "100.0|100", "123456789.125|123456789.125",
            "1.0E20|100000000000000000000", "1.0E21|1e+21", "1.5E-7|1.5e-7", "0.000001|0.000001",
            "1.0E-7|1e-7", "-1.0E300|-1e+300", "0.3333333333333333|0.3333333333333333", "0.0|0"})
    void doubles_print_like_go_json(double value, String expected) {
        assertThat(AttributeStrings.asString(AnyValue.newBuilder().setDoubleValue(value).build())).isEqualTo(expected);
    }

    @Test
    void scalars() {
        assertThat(AttributeStrings.asString(AnyValue.newBuilder().setStringValue("héllo <b>").build())).isEqualTo("héllo <b>");
        assertThat(AttributeStrings.asString(AnyValue.newBuilder().setBoolValue(true).build())).isEqualTo("true");
        assertThat(AttributeStrings.asString(AnyValue.newBuilder().setIntValue(-42).build())).isEqualTo("-42");
        assertThat(AttributeStrings.asString(AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi?")).build()))
                .isEqualTo("aGk/");
        assertThat(AttributeStrings.asString(AnyValue.getDefaultInstance())).isEmpty();
        assertThat(AttributeStrings.asString(AnyValue.newBuilder().setDoubleValue(Double.NaN).build()))
                .isEqualTo("json: unsupported value: NaN");
        assertThat(AttributeStrings.asString(AnyValue.newBuilder().setDoubleValue(Double.NEGATIVE_INFINITY).build()))
                .isEqualTo("json: unsupported value: -Inf");
    }

    @Test
    void arrays_and_maps_are_go_json_with_sorted_keys_and_html_escaping() {
        AnyValue array = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                .addValues(AnyValue.newBuilder().setStringValue("a\"<&>\n\u0001"))
                .addValues(AnyValue.newBuilder().setIntValue(3))
                .addValues(AnyValue.newBuilder().setDoubleValue(2.0))
                .addValues(AnyValue.newBuilder().setBoolValue(false))
                .addValues(AnyValue.getDefaultInstance())
                .addValues(AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[]{1, 2})))).build();
        assertThat(AttributeStrings.asString(array)).isEqualTo("[\"a\\\"\\u003c\\u0026\\u003e\\n\\u0001\",3,2,false,null,\"AQI=\"]");

        AnyValue map = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                .addValues(kv("zeta", AnyValue.newBuilder().setIntValue(1).build()))
                .addValues(kv("alpha", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("b", AnyValue.newBuilder().setStringValue("x").build()))
                        .addValues(kv("a", AnyValue.newBuilder().setDoubleValue(1e21).build()))).build()))
                .addValues(kv("zeta", AnyValue.newBuilder().setIntValue(2).build()))).build();
        assertThat(AttributeStrings.asString(map)).isEqualTo("{\"alpha\":{\"a\":1e+21,\"b\":\"x\"},\"zeta\":2}");
    }

    @Test
    void a_nested_nan_leaves_the_string_empty_as_go_json_fails() {
        AnyValue array = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                .addValues(AnyValue.newBuilder().setDoubleValue(Double.NaN))).build();
        assertThat(AttributeStrings.asString(array)).isEmpty();
    }

    @Test
    void a_repeated_key_keeps_its_last_value() {
        assertThat(AttributeStrings.map(List.of(kv("k", AnyValue.newBuilder().setStringValue("1").build()),
                kv("k", AnyValue.newBuilder().setStringValue("2").build())))).containsExactly(java.util.Map.entry("k", "2"));
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }
}
