package dev.annotations.api.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotations.api.score.RatingSelection;
import org.dkpro.statistics.agreement.distance.IDistanceFunction;
import org.dkpro.statistics.agreement.distance.IntervalDistanceFunction;
import org.dkpro.statistics.agreement.distance.MASISetAnnotationDistanceFunction;
import org.dkpro.statistics.agreement.distance.NominalDistanceFunction;
import org.dkpro.statistics.agreement.distance.SetAnnotation;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns a rating's key (its number, label or JSON array of labels, as ClickHouse grouped it) into the
 * category object a DKPro measure expects at a level: the key itself (NOMINAL), its number (INTERVAL), the
 * dense rank of its number among the values rated (ORDINAL: DKPro's ordinal metric counts integer categories
 * between two ranks), or a set of labels (MASI).
 */
final class Coding {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final Subject subject;
    private final Level level;
    private final Map<String, Object> categories = new HashMap<>();
    private final Map<Double, Integer> ranks = new HashMap<>();

    Coding(Subject subject, Level level, Collection<String> keys) {
        this.subject = subject;
        this.level = level;
        if (level == Level.ORDINAL) {
            int rank = 1;
            for (double value : new TreeSet<>(keys.stream().map(this::number).toList())) {
                ranks.put(value, rank++);
            }
        }
    }

    Level level() {
        return level;
    }

    Object category(String key) {
        return categories.computeIfAbsent(key, this::code);
    }

    private Object code(String key) {
        return switch (level) {
            case NOMINAL -> key;
            case INTERVAL -> number(key);
            case ORDINAL -> ranks.get(number(key));
            case MASI -> labelSet(key);
        };
    }

    /** The number a key stands for: a numeric rating, or a single-select label's category value. */
    double number(String key) {
        if (subject.valueKind() == RatingSelection.ValueKind.NUMBER) {
            return Double.parseDouble(key);
        }
        return subject.valueOf(key).orElseThrow(() -> new IllegalStateException(
                "label '" + key + "' is not a category of config " + subject.name()));
    }

    /**
     * A set of labels. Each label is stored JSON-quoted and the set is filled in sorted order: DKPro 2.2.1
     * compares sets by their printed form, so an unquoted label containing ", " could pass for two labels, and
     * equal sets filled in different orders could print differently.
     */
    static SetAnnotation labelSet(String jsonArray) {
        try {
            SetAnnotation set = new SetAnnotation();
            for (String label : new TreeSet<>(JSON.readValue(jsonArray, STRINGS))) {
                set.add(JSON.writeValueAsString(label));
            }
            return set;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not a JSON array of labels: " + jsonArray, e);
        }
    }

    static List<String> labels(String jsonArray) {
        try {
            return JSON.readValue(jsonArray, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not a JSON array of labels: " + jsonArray, e);
        }
    }

    /** The distance DKPro measures with at this level (ordinal α goes through {@link AlphaStudy}'s mid-ranks). */
    IDistanceFunction distance() {
        return switch (level) {
            case NOMINAL -> new NominalDistanceFunction();
            case ORDINAL, INTERVAL -> new IntervalDistanceFunction();
            case MASI -> new MASISetAnnotationDistanceFunction();
        };
    }
}
