package dev.annotations.api.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The migrations shipped in the jar, listed in {@code db/migration/index.txt}, in version order. */
public final class MigrationCatalog {
    private static final String ROOT = "db/migration/";
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([a-z0-9_]+)\\.sql");

    private MigrationCatalog() {
    }

    public static List<Migration> load() {
        List<Migration> migrations = new ArrayList<>();
        for (String file : read(ROOT + "index.txt").lines().map(String::strip).filter(line -> !line.isEmpty()).toList()) {
            Matcher matcher = FILE_NAME.matcher(file);
            if (!matcher.matches()) {
                throw new IllegalStateException("migration file name must look like V001__name.sql: " + file);
            }
            int version = Integer.parseInt(matcher.group(1));
            if (!migrations.isEmpty() && migrations.getLast().version() >= version) {
                throw new IllegalStateException("migrations must be listed in increasing version order: " + file);
            }
            migrations.add(new Migration(version, matcher.group(2), read(ROOT + file)));
        }
        return List.copyOf(migrations);
    }

    private static String read(String resource) {
        try (InputStream in = MigrationCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
