package dev.annotations.clickhouse;

import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;
import org.jooq.impl.AbstractBinding;

import java.io.Serial;
import java.sql.SQLException;
import java.util.Map;

/**
 * Binds a ClickHouse {@code Map(K, String)} column to {@code Map<String, String>} in jOOQ. jOOQ has no
 * map type and refuses to bind a {@link Map} in the CLICKHOUSE dialect, while clickhouse-jdbc reads and
 * writes maps natively through {@code getObject}/{@code setObject}: this hands the value straight through.
 */
final class MapBinding extends AbstractBinding<Object, Map<String, String>> {
    @Serial
    private static final long serialVersionUID = 1L;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Class<Map<String, String>> MAP_TYPE = (Class) Map.class;

    @Override
    @SuppressWarnings("unchecked")
    public Converter<Object, Map<String, String>> converter() {
        return Converter.ofNullable(Object.class, MAP_TYPE, value -> (Map<String, String>) value, map -> map);
    }

    @Override
    public void set(BindingSetStatementContext<Map<String, String>> ctx) throws SQLException {
        ctx.statement().setObject(ctx.index(), ctx.value());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void get(BindingGetResultSetContext<Map<String, String>> ctx) throws SQLException {
        ctx.value((Map<String, String>) ctx.resultSet().getObject(ctx.index()));
    }
}
