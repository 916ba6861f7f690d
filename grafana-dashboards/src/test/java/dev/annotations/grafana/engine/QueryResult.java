package dev.annotations.grafana.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** A query's answer: its columns (name and ClickHouse type) and its rows as JSON values. */
public record QueryResult(List<Column> columns, List<List<JsonNode>> rows) {
    public record Column(String name, String type) {
        /** The type without Nullable(…) and LowCardinality(…) wrappers. */
        public String baseType() {
            String type = this.type;
            boolean unwrapped = true;
            while (unwrapped) {
                unwrapped = false;
                for (String wrapper : new String[] {"Nullable(", "LowCardinality("}) {
                    if (type.startsWith(wrapper) && type.endsWith(")")) {
                        type = type.substring(wrapper.length(), type.length() - 1);
                        unwrapped = true;
                    }
                }
            }
            return type;
        }

        /** A Grafana time field: the plugin converts DateTime, DateTime64 and Date columns to time. */
        public boolean isTime() {
            String base = baseType();
            return base.startsWith("DateTime") || base.equals("Date") || base.equals("Date32");
        }

        /** A Grafana number field: integers, floats and decimals. */
        public boolean isNumeric() {
            String base = baseType();
            return base.matches("U?Int(8|16|32|64|128|256)") || base.startsWith("Float") || base.startsWith("Decimal");
        }

        /** A Grafana string field (labels of a long time series, table text). */
        public boolean isText() {
            String base = baseType();
            return base.equals("String") || base.startsWith("FixedString") || base.startsWith("Enum") || base.equals("UUID");
        }
    }

    public int size() {
        return rows.size();
    }

    public int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + name + " in " + columns);
    }

    public JsonNode value(int row, String column) {
        return rows.get(row).get(columnIndex(column));
    }
}
