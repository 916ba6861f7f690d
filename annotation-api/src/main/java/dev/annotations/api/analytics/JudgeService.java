package dev.annotations.api.analytics;

import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.score.AnnotatorKind;
import dev.annotations.api.score.JudgeQueries;
import dev.annotations.api.score.JudgeQueries.Cell;
import dev.annotations.api.score.RatingSelection;
import dev.annotations.api.score.TimeBucket;
import dev.annotations.api.scoreconfig.Category;
import org.dkpro.statistics.agreement.InsufficientDataException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Judge calibration (GET /api/v1/analytics/judges): each LLM or CODE author of {@code judgeName} against the
 * human consensus of {@code humanName} on the same targets (both {@code name} when one name holds both).
 */
public final class JudgeService {
    private final Subjects subjects;
    private final JudgeQueries queries;

    JudgeService(Subjects subjects, JudgeQueries queries) {
        this.subjects = subjects;
        this.queries = queries;
    }

    public record Request(Optional<String> name, Optional<String> humanName, Optional<String> judgeName,
                          Optional<Instant> from, Optional<Instant> to, List<String> judges, TimeBucket bucket) {
    }

    public Calibration calibration(UUID projectId, Request request) {
        if (request.name().isEmpty() && (request.humanName().isEmpty() || request.judgeName().isEmpty())) {
            throw ApiProblem.invalid(request.name().isEmpty() && request.humanName().isEmpty() ? "name"
                    : request.humanName().isEmpty() ? "humanName" : "judgeName",
                    "give name (humans and judges score one name) or both humanName and judgeName");
        }
        Subjects.checkRange(request.from(), request.to());
        Subject human = subjects.resolve(projectId, Optional.empty(), request.humanName().or(request::name),
                request.humanName().isPresent() ? "humanName" : "name");
        Subject judge = subjects.resolve(projectId, Optional.empty(), request.judgeName().or(request::name),
                request.judgeName().isPresent() ? "judgeName" : "name");
        if (human.valueKind() != judge.valueKind()) {
            throw ApiProblem.invalid("judgeName", "'" + judge.name() + "' holds " + judge.valueKind() + " and '"
                    + human.name() + "' " + human.valueKind() + ": a judge is compared with humans on the same kind of value");
        }
        RatingSelection judged = new RatingSelection(projectId, Optional.empty(), judge.name(), true, Optional.empty(),
                request.from(), request.to(), Set.of(AnnotatorKind.LLM, AnnotatorKind.CODE), request.judges(),
                judge.valueKind());
        JudgeQueries.Human humans = new JudgeQueries.Human(projectId, human.configId(), human.name(), human.valueKind(),
                labels(human));
        JudgeQueries.Comparison comparison = queries.compare(judged, humans, request.bucket());
        List<Cell> cells = comparison.cells();
        long humanUnits = comparison.humanUnits();
        Map<String, List<Cell>> byJudge = new TreeMap<>();
        cells.forEach(cell -> byJudge.computeIfAbsent(cell.judge(), key -> new ArrayList<>()).add(cell));
        boolean numbers = human.valueKind() == RatingSelection.ValueKind.NUMBER;
        List<Calibration.Judge> judges = byJudge.entrySet().stream()
                .map(entry -> judge(entry.getKey(), entry.getValue(), humanUnits, numbers)).toList();
        List<String> notes = judges.isEmpty()
                ? List.of("no LLM or CODE scores named '" + judge.name() + "' match the filters") : List.of();
        return new Calibration(human.name(), judge.name(), numbers ? "NUMERIC" : "LABELS", humanUnits, judges, notes);
    }

    /** The labels a rating of the subject can carry, in its config's order; none known without a config. */
    private static List<String> labels(Subject subject) {
        return subject.config().map(config -> switch (config.dataType()) {
            case CATEGORICAL -> config.categories().stream().map(Category::label).toList();
            case BOOLEAN -> List.of(config.trueLabel(), config.falseLabel());
            default -> List.<String>of();
        }).orElse(List.of());
    }

    private static Calibration.Judge judge(String name, List<Cell> cells, long humanUnits, boolean numbers) {
        long withoutHuman = cells.stream().filter(cell -> !cell.humanPresent()).mapToLong(Cell::units).sum();
        long ties = cells.stream().filter(cell -> cell.humanPresent() && cell.humanTie() && !numbers)
                .mapToLong(Cell::units).sum();
        long matched = cells.stream().filter(Cell::humanPresent).mapToLong(Cell::units).sum();
        List<Cell> pairs = cells.stream().filter(cell -> cell.humanPresent() && (numbers || !cell.humanTie())
                && (numbers ? cell.humanValue() != null : cell.humanKey() != null)).toList();
        Map<Long, List<Cell>> byBucket = new TreeMap<>();
        pairs.forEach(cell -> byBucket.computeIfAbsent(cell.bucketStart(), key -> new ArrayList<>()).add(cell));
        // the overall κ walks every unit once and the series' κ walk them all again: on another core meanwhile
        CompletableFuture<Labels> overall = numbers ? null : CompletableFuture.supplyAsync(() -> Labels.of(pairs));
        List<Calibration.Point> series = new ArrayList<>();
        byBucket.forEach((start, bucket) -> {
            if (numbers) {
                NumberCalibration stats = NumberCalibration.of(bucket);
                series.add(new Calibration.Point(Instant.ofEpochSecond(start), stats.n(), null, null, stats.mae(),
                        stats.bias(), stats.pearson()));
            } else {
                Labels stats = Labels.of(bucket);
                series.add(new Calibration.Point(Instant.ofEpochSecond(start), stats.n(), stats.accuracy(), stats.kappa(),
                        null, null, null));
            }
        });
        long withoutJudge = humanUnits - matched;
        if (numbers) {
            NumberCalibration stats = NumberCalibration.of(pairs);
            return new Calibration.Judge(name, stats.n(), withoutHuman, withoutJudge, 0, null, null, null, null,
                    stats.pearson(), stats.spearman(), stats.mae(), stats.rmse(), stats.bias(), series);
        }
        Labels stats = overall.join();
        return new Calibration.Judge(name, stats.n(), withoutHuman, withoutJudge, ties, stats.accuracy(), stats.kappa(),
                stats.confusion(), stats.perLabel(), null, null, null, null, null, series);
    }

    /** Agreement of a judge's labels with the humans' majority labels (κ by DKPro). */
    private record Labels(long n, Double accuracy, Double kappa, Calibration.Confusion confusion,
                          List<Calibration.LabelScore> perLabel) {
        static Labels of(List<Cell> cells) {
            long n = cells.stream().mapToLong(Cell::units).sum();
            if (n == 0) {
                return new Labels(0, null, null, null, List.of());
            }
            TreeSet<String> labels = new TreeSet<>();
            cells.forEach(cell -> {
                labels.add(cell.humanKey());
                labels.add(cell.judgeKey());
            });
            List<String> order = List.copyOf(labels);
            long[][] matrix = new long[order.size()][order.size()];
            WeightedStudy study = new WeightedStudy(2);
            long agreed = 0;
            for (Cell cell : cells) {
                int human = order.indexOf(cell.humanKey());
                int judge = order.indexOf(cell.judgeKey());
                matrix[human][judge] += cell.units();
                // one String object per label: DKPro's per-unit HashMap lookups then match by identity, not by content
                study.add(cell.units(), order.get(human), order.get(judge));
                agreed += human == judge ? cell.units() : 0;
            }
            Double kappa = null;
            if (study.getCategoryCount() > 1) {
                try {
                    kappa = finite(new CellCohenKappa(study).calculateAgreement());
                } catch (InsufficientDataException e) {
                    kappa = null;
                }
            }
            List<Calibration.LabelScore> perLabel = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                long truePositives = matrix[i][i];
                long predicted = 0;
                long actual = 0;
                for (int j = 0; j < order.size(); j++) {
                    predicted += matrix[j][i];
                    actual += matrix[i][j];
                }
                Double precision = predicted == 0 ? null : (double) truePositives / predicted;
                Double recall = actual == 0 ? null : (double) truePositives / actual;
                Double f1 = precision == null || recall == null || precision + recall == 0 ? null
                        : 2 * precision * recall / (precision + recall);
                perLabel.add(new Calibration.LabelScore(order.get(i), precision, recall, f1, actual));
            }
            List<List<Long>> rows = java.util.Arrays.stream(matrix)
                    .map(row -> java.util.Arrays.stream(row).boxed().toList()).toList();
            return new Labels(n, (double) agreed / n, kappa, new Calibration.Confusion(order, rows), perLabel);
        }
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
