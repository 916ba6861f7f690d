package dev.annotations.api.scoreconfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether an edited config still accepts every score stored under the old one. Widening edits
 * (description, wider bounds, new categories, display names, hotkeys) always pass; anything that would
 * leave a stored score invalid is a conflict, reported with its reason.
 */
public final class ConfigCompatibility {
    private static final double EPSILON = 1e-9;

    private ConfigCompatibility() {
    }

    /** The reasons the edit would invalidate stored scores; empty when it is safe. */
    public static List<String> conflicts(ScoreConfig old, ScoreConfig updated, ConfigUsage usage) {
        List<String> reasons = new ArrayList<>();
        if (usage.scores() == 0) {
            return reasons;
        }
        if (usage.minValue() != null && updated.min() != null && updated.min() > usage.minValue() + EPSILON) {
            reasons.add("min " + updated.min() + " is above the stored value " + usage.minValue());
        }
        if (usage.maxValue() != null && updated.max() != null && updated.max() < usage.maxValue() - EPSILON) {
            reasons.add("max " + updated.max() + " is below the stored value " + usage.maxValue());
        }
        if (!Objects.equals(old.step(), updated.step()) && !gridKept(old, updated)) {
            reasons.add("step " + updated.step() + " does not divide the old step " + old.step()
                    + " from the same minimum, so stored values could fall off it");
        } else if (updated.step() != null && base(old) != base(updated) && !gridKept(old, updated)) {
            reasons.add("min " + updated.min() + " moves the step grid (step " + updated.step() + " counts from the min),"
                    + " so stored values could fall off it");
        }
        for (Category category : old.categories()) {
            if (!usage.labelsInUse().contains(category.label())) {
                continue;
            }
            var kept = updated.category(category.label());
            if (kept.isEmpty()) {
                reasons.add("category '" + category.label() + "' is used by stored scores and cannot be removed");
            } else if (!kept.get().value().equals(category.value())) {
                reasons.add("category '" + category.label() + "' is used by stored scores; its value cannot change");
            }
        }
        if (old.multiSelect() && !updated.multiSelect() && usage.maxLabelsPerScore() > 1) {
            reasons.add("stored scores carry several labels, so multiSelect cannot be turned off");
        }
        if (old.dataType() == DataType.BOOLEAN) {
            for (String label : List.of(old.trueLabel(), old.falseLabel())) {
                if (usage.labelsInUse().contains(label) && !label.equals(updated.trueLabel()) && !label.equals(updated.falseLabel())) {
                    reasons.add("label '" + label + "' is used by stored scores and cannot be renamed");
                }
            }
            if (usage.labelsInUse().contains(old.trueLabel()) && old.trueLabel().equals(updated.falseLabel())
                    || usage.labelsInUse().contains(old.falseLabel()) && old.falseLabel().equals(updated.trueLabel())) {
                reasons.add("stored scores use the labels as they are; swapping true and false would contradict them");
            }
        }
        if (updated.maxLength() != null && updated.maxLength() < usage.maxTextLength()) {
            reasons.add("maxLength " + updated.maxLength() + " is below the longest stored text (" + usage.maxTextLength() + ")");
        }
        return reasons;
    }

    /**
     * Whether every value on the old step grid (old min or 0, plus whole old steps) is on the new one: the
     * new step divides the old step, and the grids' starting points lie a whole new step apart.
     */
    private static boolean gridKept(ScoreConfig old, ScoreConfig updated) {
        if (updated.step() == null) {
            return true;
        }
        if (old.step() == null) {
            return false;
        }
        return whole(old.step() / updated.step()) && whole((base(old) - base(updated)) / updated.step());
    }

    /** Where a config's steps count from, as the score rules count them: its min, else 0. */
    private static double base(ScoreConfig config) {
        return config.min() == null ? 0 : config.min();
    }

    private static boolean whole(double ratio) {
        return Math.abs(ratio - Math.rint(ratio)) < EPSILON;
    }
}
