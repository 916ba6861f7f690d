package dev.annotations.clickhouse;

import java.nio.file.Path;
import java.util.Map;

/**
 * Finds {@code libchdb.so}: the {@code chdb.library} system property, else the {@code CHDB_LIBRARY}
 * environment variable, else the per-machine cache that {@code scripts/fetch-chdb.sh} fills
 * ({@code $XDG_CACHE_HOME/llm-annotations/chdb/<version>/libchdb.so}, {@code ~/.cache} by default).
 */
public final class ChdbLibraryLocator {
    /** The pinned chDB release (npm package {@code @chdb/lib-linux-x64-gnu}). */
    public static final String CHDB_VERSION = "26.5.3";

    private ChdbLibraryLocator() {
    }

    public static Path locate() {
        return locate(System.getProperty("chdb.library"), System.getenv());
    }

    static Path locate(String property, Map<String, String> env) {
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String fromEnv = env.get("CHDB_LIBRARY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return defaultCacheDirectory(env).resolve("libchdb.so");
    }

    /** The one directory where the library is cached per machine. */
    public static Path defaultCacheDirectory(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path cacheRoot = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return cacheRoot.resolve("llm-annotations").resolve("chdb").resolve(CHDB_VERSION);
    }
}
