package dev.annotations.api.dataset;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.storage.Columns;
import dev.annotations.api.storage.ExportFormat;

import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Datasets, their versions and items. Every change of items is one new version ({@link DatasetChange}); a
 * version, once made, never changes, so any version can be listed and exported as it was.
 */
public final class DatasetService {
    private final DatasetRepository repository;
    private final Supplier<UUID> ids;
    private final Clock clock;

    DatasetService(DatasetRepository repository, Supplier<UUID> ids, Clock clock) {
        this.repository = repository;
        this.ids = ids;
        this.clock = clock;
    }

    /** A new item's content, as compact JSON text; {@code metadata} is an object. */
    public record NewItem(String input, String expectedOutput, String metadata) {
    }

    /** What a change did: the version it made (the latest one when it changed nothing) and its counts. */
    public record ChangeResult(int version, int added, int alreadyPresent, int edited, int removed, List<UUID> itemIds) {
    }

    public DatasetView create(Principal author, String name, String description) {
        Instant now = now();
        Dataset dataset = new Dataset(author.projectId(), ids.get(), name, description == null ? "" : description,
                false, now, author.name(), now, author.name(), Columns.versionAt(now));
        requireNameFree(dataset);
        repository.save(dataset);
        return DatasetView.of(dataset, 0, 0);
    }

    public DatasetView get(UUID projectId, UUID id) {
        Dataset dataset = require(projectId, id);
        int version = repository.latestVersion(projectId, id);
        return DatasetView.of(dataset, version, repository.itemCount(projectId, id, version));
    }

    /** A page of datasets by (name, id), each with its latest version and item count. */
    public List<DatasetView> list(UUID projectId, boolean archived, Optional<String> afterName, Optional<UUID> afterId,
                                  int limit) {
        List<Dataset> page = repository.list(projectId, archived, afterName, afterId, limit);
        Map<UUID, Integer> versions = repository.latestVersions(projectId, page.stream().map(Dataset::id).toList());
        List<DatasetView> views = new ArrayList<>();
        for (Dataset dataset : page) {
            int version = versions.getOrDefault(dataset.id(), 0);
            views.add(DatasetView.of(dataset, version, repository.itemCount(projectId, dataset.id(), version)));
        }
        return views;
    }

    public DatasetView edit(Principal editor, UUID id, String name, String description) {
        Dataset current = require(editor.projectId(), id);
        Instant now = now();
        Dataset next = current.edited(name == null ? current.name() : name,
                description == null ? current.description() : description, current.archived(), now, editor.name(),
                Math.max(Columns.versionAt(now), current.rowVersion() + 1));
        if (!next.archived() && !next.name().equals(current.name())) {
            requireNameFree(next);
        }
        repository.save(next);
        return get(editor.projectId(), id);
    }

    /** Archived datasets keep every version (exports still work) and refuse changes; restoring needs the name free. */
    public DatasetView setArchived(Principal admin, UUID id, boolean archived) {
        Dataset current = require(admin.projectId(), id);
        if (current.archived() == archived) {
            return get(admin.projectId(), id);
        }
        Instant now = now();
        Dataset next = current.edited(current.name(), current.description(), archived, now, admin.name(),
                Math.max(Columns.versionAt(now), current.rowVersion() + 1));
        if (!archived) {
            requireNameFree(next);
        }
        repository.save(next);
        return get(admin.projectId(), id);
    }

    public List<DatasetVersion> versions(UUID projectId, UUID id, int afterVersion, int limit) {
        require(projectId, id);
        return repository.versions(projectId, id, afterVersion, limit);
    }

    /** Items of {@code version} (the latest when empty) by id after {@code after}. */
    public List<DatasetItem> items(UUID projectId, UUID id, Optional<Integer> version, Optional<UUID> after, int limit) {
        require(projectId, id);
        int resolved = resolveVersion(projectId, id, version);
        return resolved == 0 ? List.of() : repository.items(projectId, id, resolved, after, limit);
    }

    public DatasetItem item(UUID projectId, UUID id, UUID itemId, Optional<Integer> version) {
        require(projectId, id);
        int resolved = resolveVersion(projectId, id, version);
        return Optional.ofNullable(repository.items(projectId, id, resolved, List.of(itemId)).get(itemId))
                .orElseThrow(() -> ApiProblem.notFound("no item " + itemId + " in version " + resolved + " of dataset " + id));
    }

    /** Adds items with fresh ids, as one version. */
    public ChangeResult addItems(Principal author, UUID id, List<NewItem> items) {
        requireOpen(author.projectId(), id);
        DatasetChange change = change(author, id);
        List<UUID> added = new ArrayList<>();
        for (NewItem item : items) {
            UUID itemId = ids.get();
            added.add(itemId);
            change.add(ItemRow.of(itemId, item.input(), item.expectedOutput(), item.metadata()));
        }
        DatasetVersion version = change.commit("added " + items.size() + " item" + (items.size() == 1 ? "" : "s"),
                items.size(), 0, 0);
        return new ChangeResult(version.version(), items.size(), 0, 0, 0, added);
    }

    /**
     * Adds rows filled from traffic, as one version; rows whose item (derived from the source span) is already in
     * the latest version are left out, so re-adding a span changes nothing. Nothing new: no version is made.
     */
    ChangeResult addFilled(Principal author, UUID id, List<ItemRow> rows, String description) {
        Filling filling = filling(author, id);
        filling.add(rows);
        return filling.commit(description);
    }

    Filling filling(Principal author, UUID id) {
        requireOpen(author.projectId(), id);
        return new Filling(author.projectId(), id, repository.latestVersion(author.projectId(), id), change(author, id));
    }

    /** A fill in the making: rows go in by chunks, skipping items already present; one version at the end. */
    final class Filling {
        private final UUID projectId;
        private final UUID datasetId;
        private final int base;
        private final DatasetChange change;
        private final java.util.Set<UUID> seen = new java.util.HashSet<>();
        private final List<UUID> added = new ArrayList<>();
        private int already;

        private Filling(UUID projectId, UUID datasetId, int base, DatasetChange change) {
            this.projectId = projectId;
            this.datasetId = datasetId;
            this.base = base;
            this.change = change;
        }

        void add(List<ItemRow> rows) {
            List<ItemRow> fresh = rows.stream().filter(row -> seen.add(row.itemId())).toList();
            Map<UUID, DatasetItem> present = base == 0 ? Map.of()
                    : repository.items(projectId, datasetId, base, fresh.stream().map(ItemRow::itemId).toList());
            for (ItemRow row : fresh) {
                if (present.containsKey(row.itemId())) {
                    already++;
                } else {
                    change.add(row);
                    added.add(row.itemId());
                }
            }
        }

        int added() {
            return added.size();
        }

        int alreadyPresent() {
            return already;
        }

        /** {@code description} with {@code {n}} replaced by the number added. */
        ChangeResult commit(String description) {
            if (added.isEmpty()) {
                return new ChangeResult(repository.latestVersion(projectId, datasetId), 0, already, 0, 0, List.of());
            }
            DatasetVersion version = change.commit(description.replace("{n}", Integer.toString(added.size())),
                    added.size(), 0, 0);
            return new ChangeResult(version.version(), added.size(), already, 0, 0, List.copyOf(added));
        }
    }

    /** A new version in which the item has the patched content ({@code null} fields keep theirs). */
    public DatasetItem editItem(Principal editor, UUID id, UUID itemId, NewItem patch) {
        requireOpen(editor.projectId(), id);
        DatasetItem current = item(editor.projectId(), id, itemId, Optional.empty());
        DatasetChange change = change(editor, id);
        change.add(new ItemRow(itemId, patch.input() == null ? current.input() : patch.input(),
                patch.expectedOutput() == null ? current.expectedOutput() : patch.expectedOutput(),
                patch.metadata() == null ? current.metadata() : patch.metadata(),
                nullToEmpty(current.source().traceId()), nullToEmpty(current.source().spanId()), current.source().queueId(),
                current.consensus(), false));
        DatasetVersion version = change.commit("edited item " + itemId, 0, 1, 0);
        return item(editor.projectId(), id, itemId, Optional.of(version.version()));
    }

    /** A new version without the item; earlier versions keep it. */
    public ChangeResult removeItem(Principal editor, UUID id, UUID itemId) {
        requireOpen(editor.projectId(), id);
        DatasetItem current = item(editor.projectId(), id, itemId, Optional.empty());
        DatasetChange change = change(editor, id);
        change.add(ItemRow.removal(current));
        DatasetVersion version = change.commit("removed item " + itemId, 0, 0, 1);
        return new ChangeResult(version.version(), 0, 0, 0, 1, List.of(itemId));
    }

    /** A change the import fills; committed by the importer when every line was valid. */
    DatasetChange importChange(Principal author, UUID id) {
        requireOpen(author.projectId(), id);
        return change(author, id);
    }

    /** The version a read names: {@code version} when it exists, else 404; the latest when empty. */
    public int resolveVersion(UUID projectId, UUID id, Optional<Integer> version) {
        int latest = repository.latestVersion(projectId, id);
        if (version.isEmpty()) {
            return latest;
        }
        int wanted = version.get();
        if (wanted < 0 || wanted > latest) {
            throw ApiProblem.notFound("dataset " + id + " has no version " + wanted + "; its latest is " + latest);
        }
        return wanted;
    }

    /** Writes version {@code version}'s items in {@code format} to {@code out} as ClickHouse writes them. */
    public long export(UUID projectId, UUID id, int version, ExportFormat format, OutputStream out) {
        return repository.export(projectId, id, version, format, out);
    }

    /**
     * The SQL {@link #export} runs, with its parameters added to {@code parameters}: for measuring the engine
     * writing the same rows to a file itself ({@code ./bench exports}).
     */
    public String exportSql(UUID projectId, UUID id, int version, ExportFormat format, Map<String, Object> parameters) {
        parameters.putAll(DatasetRepository.exportParameters(projectId, id, version));
        return repository.exportSql(format);
    }

    public long itemCount(UUID projectId, UUID id, int version) {
        return repository.itemCount(projectId, id, version);
    }

    /** @throws ApiProblem 404 when the project has no such dataset */
    public void requireExists(UUID projectId, UUID id) {
        require(projectId, id);
    }

    Dataset require(UUID projectId, UUID id) {
        return repository.find(projectId, id).orElseThrow(() -> ApiProblem.notFound("no dataset " + id));
    }

    Dataset requireOpen(UUID projectId, UUID id) {
        Dataset dataset = require(projectId, id);
        if (dataset.archived()) {
            throw ApiProblem.conflict("dataset '" + dataset.name() + "' is archived; restore it to change its items");
        }
        return dataset;
    }

    private DatasetChange change(Principal author, UUID id) {
        return new DatasetChange(repository, author.projectId(), id, ids, now(), author.name());
    }

    private void requireNameFree(Dataset dataset) {
        if (repository.liveNameTaken(dataset.projectId(), dataset.name(), dataset.id())) {
            throw ApiProblem.conflict("a dataset named '" + dataset.name() + "' already exists in this project; archive it first");
        }
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
