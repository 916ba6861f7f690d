package dev.annotations.api.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.FieldError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /api/v1/datasets/{id}/items:import}: JSON lines or CSV, read as a stream and checked line by line.
 * Valid lines are written as they come, under one change that only a clean end commits (V030): a file with a
 * refused line makes no version, and its rows are never read — nothing is half-imported. The answer names every
 * refused line ({@code lines[<n>].<field>}, at most {@link #MAX_REPORTED}).
 *
 * <p>JSON lines: one object per line with {@code input} (required), {@code expectedOutput}, {@code metadata} (an
 * object); blank lines are skipped. CSV (RFC 4180, a header row naming {@code input}, {@code expectedOutput},
 * {@code metadata}): a cell holding JSON is that JSON, any other cell is text; {@code metadata} is a JSON object
 * or empty.
 */
final class DatasetImport {
    /** Most lines one import takes. */
    static final int MAX_LINES = 1_000_000;
    /** Most bytes one import reads; a larger body is refused (413) and nothing is imported. */
    static final long MAX_BYTES = 1L << 30;
    /** Most refused lines an answer lists (the count covers all). */
    static final int MAX_REPORTED = 100;
    private static final Set<String> FIELDS = Set.of("input", "expectedOutput", "metadata");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = new CsvMapper();

    private final DatasetService service;
    private final java.util.function.Supplier<UUID> ids;

    DatasetImport(DatasetService service, java.util.function.Supplier<UUID> ids) {
        this.service = service;
        this.ids = ids;
    }

    enum Format { JSONL, CSV }

    record Result(int version, int imported) {
    }

    Result run(Principal author, UUID datasetId, Format format, InputStream body) {
        DatasetChange change = service.importChange(author, datasetId);
        List<FieldError> errors = new ArrayList<>();
        int[] refused = {0};
        int lines;
        try (Reader reader = new BufferedReader(new InputStreamReader(new Bounded(body), StandardCharsets.UTF_8))) {
            lines = format == Format.JSONL ? jsonLines((BufferedReader) reader, change, errors, refused)
                    : csv(reader, change, errors, refused);
        } catch (IOException e) {
            throw ApiProblem.invalid("body", "could not be read: " + e.getMessage());
        }
        if (refused[0] > 0) {
            errors.addFirst(new FieldError("lines", refused[0] + " of " + lines + " lines refused; nothing was imported"));
            throw ApiProblem.invalid(errors);
        }
        if (change.size() == 0) {
            throw ApiProblem.invalid("body", "holds no items");
        }
        int count = change.size();
        DatasetVersion version = change.commit("imported " + count + " item" + (count == 1 ? "" : "s"), count, 0, 0);
        return new Result(version.version(), count);
    }

    private int jsonLines(BufferedReader reader, DatasetChange change, List<FieldError> errors, int[] refused)
            throws IOException {
        int number = 0;
        for (String line = line(reader); line != null; line = line(reader)) {
            number++;
            tooMany(number);
            if (line.isBlank()) {
                continue;
            }
            String prefix = "lines[" + number + "].";
            if (line.startsWith("\u0000too long")) {
                refuse(errors, refused, prefix + "json", "is longer than " + DatasetRules.MAX_ITEM_BYTES + " characters");
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                refuse(errors, refused, prefix + "json", "is not JSON: " + e.getOriginalMessage());
                continue;
            }
            if (node == null || !node.isObject()) {
                refuse(errors, refused, prefix + "json", "must be a JSON object with input, expectedOutput, metadata");
                continue;
            }
            item(prefix, node, change, errors, refused);
        }
        return number;
    }

    private int csv(Reader reader, DatasetChange change, List<FieldError> errors, int[] refused) throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        int number = 1;
        try (MappingIterator<Map<String, String>> rows = CSV.readerFor(Map.class).with(schema).readValues(reader)) {
            while (hasNext(rows, number, errors, refused)) {
                number = rows.getCurrentLocation().getLineNr();
                Map<String, String> row = rows.next();
                tooMany(number);
                String prefix = "lines[" + number + "].";
                var node = JSON.createObjectNode();
                for (Map.Entry<String, String> cell : row.entrySet()) {
                    if (!FIELDS.contains(cell.getKey())) {
                        refuse(errors, refused, prefix + cell.getKey(), "is not a column of dataset items (input, expectedOutput, metadata)");
                        continue;
                    }
                    String text = cell.getValue();
                    if (cell.getKey().equals("metadata") && text.isEmpty()) {
                        continue;
                    }
                    node.set(cell.getKey(), cellValue(text));
                }
                item(prefix, node, change, errors, refused);
            }
        } catch (ApiProblem e) {
            throw e;
        } catch (RuntimeException e) {
            refuse(errors, refused, "lines[" + number + "]", "is not valid CSV: " + e.getMessage());
        }
        return number;
    }

    /** The next line, or null at the end; a line longer than an item may be is refused without being held. */
    private static String line(BufferedReader reader) throws IOException {
        StringBuilder line = new StringBuilder();
        int c = reader.read();
        if (c < 0) {
            return null;
        }
        boolean tooLong = false;
        for (; c >= 0 && c != '\n'; c = reader.read()) {
            if (line.length() <= DatasetRules.MAX_ITEM_BYTES) {
                line.append((char) c);
            } else {
                tooLong = true;
            }
        }
        return tooLong ? "\u0000too long" : line.toString();
    }

    /** Counts what is read and stops at {@link #MAX_BYTES}. */
    private static final class Bounded extends java.io.FilterInputStream {
        private long read;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > MAX_BYTES) {
                throw new ApiProblem(413, "/problems/too-large", "Request too large",
                        "an import reads at most " + MAX_BYTES + " bytes; split the file; nothing was imported", List.of());
            }
        }
    }

    private static boolean hasNext(Iterator<?> rows, int number, List<FieldError> errors, int[] refused) {
        try {
            return rows.hasNext();
        } catch (ApiProblem e) {
            throw e;
        } catch (RuntimeException e) {
            refuse(errors, refused, "lines[" + number + "]", "is not valid CSV: " + e.getMessage());
            return false;
        }
    }

    private static JsonNode cellValue(String text) {
        try {
            JsonNode parsed = JSON.readTree(text);
            return parsed == null || parsed.isMissingNode() ? TextNode.valueOf(text) : parsed;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    private void item(String prefix, JsonNode node, DatasetChange change, List<FieldError> errors, int[] refused) {
        List<FieldError> found = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                found.add(new FieldError(prefix + name, "is not a field of dataset items (input, expectedOutput, metadata)"));
            }
        });
        if (!node.has("input") || node.get("input").isNull()) {
            found.add(new FieldError(prefix + "input", "is required"));
        }
        JsonNode metadata = node.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            found.add(new FieldError(prefix + "metadata", "must be a JSON object"));
        }
        String input = DatasetFill.text(node.get("input"));
        String expected = DatasetFill.text(node.get("expectedOutput"));
        String meta = metadata == null || metadata.isNull() ? "{}" : DatasetFill.text(metadata);
        if (input.length() + expected.length() + meta.length() > DatasetRules.MAX_ITEM_BYTES) {
            found.add(new FieldError(prefix + "input", "the item is larger than " + DatasetRules.MAX_ITEM_BYTES + " bytes of JSON"));
        }
        if (!found.isEmpty()) {
            refused[0]++;
            errors.addAll(found.subList(0, Math.min(found.size(), Math.max(0, MAX_REPORTED - errors.size()))));
            return;
        }
        if (refused[0] == 0) {
            // once a line is refused nothing will be committed: stop writing, keep checking
            change.add(ItemRow.of(ids.get(), input, expected, meta));
        }
    }

    private static void refuse(List<FieldError> errors, int[] refused, String field, String message) {
        refused[0]++;
        if (errors.size() < MAX_REPORTED) {
            errors.add(new FieldError(field, message));
        }
    }

    private static void tooMany(int number) {
        if (number > MAX_LINES) {
            throw ApiProblem.invalid("body", "more than " + MAX_LINES + " lines; split the file");
        }
    }
}
