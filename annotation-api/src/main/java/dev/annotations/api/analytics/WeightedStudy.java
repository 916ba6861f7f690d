package dev.annotations.api.analytics;

import org.dkpro.statistics.agreement.coding.CodingAnnotationStudy;
import org.dkpro.statistics.agreement.coding.ICodingAnnotationItem;
import org.dkpro.statistics.agreement.coding.ICodingAnnotationStudy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A DKPro coding study given as a contingency table: each distinct item once, with how many units it stands
 * for. The measures see every unit ({@link #getItems()} repeats an item {@code weight} times, exactly as
 * {@link CodingAnnotationStudy#addMultipleItems} would store it), but memory holds only the distinct items —
 * ClickHouse counted the units, so 1 000 000 units rated alike cost one item.
 */
final class WeightedStudy implements ICodingAnnotationStudy {
    private static final long serialVersionUID = 1L;

    private final CodingAnnotationStudy distinct;
    private final List<Long> weights = new ArrayList<>();
    private long items;

    WeightedStudy(int raters) {
        this.distinct = new CodingAnnotationStudy(raters);
    }

    /** Adds {@code weight} units coded {@code categories} (one per rater, null where a rater gave none). */
    void add(long weight, Object... categories) {
        if (weight <= 0) {
            return;
        }
        distinct.addItemAsArray(categories);
        weights.add(weight);
        items += weight;
        if (items > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("more than " + Integer.MAX_VALUE + " units in one study");
        }
    }

    @Override
    public Iterable<ICodingAnnotationItem> getItems() {
        return () -> new Iterator<>() {
            private int index;
            private long left = weights.isEmpty() ? 0 : weights.getFirst();

            @Override
            public boolean hasNext() {
                while (left == 0 && index + 1 < weights.size()) {
                    left = weights.get(++index);
                }
                return left > 0;
            }

            @Override
            public ICodingAnnotationItem next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                left--;
                return distinct.getItem(index);
            }
        };
    }

    @Override
    public ICodingAnnotationItem getItem(int index) {
        long remaining = index;
        for (int i = 0; i < weights.size(); i++) {
            if (remaining < weights.get(i)) {
                return distinct.getItem(i);
            }
            remaining -= weights.get(i);
        }
        throw new IndexOutOfBoundsException(index);
    }

    @Override
    public int getItemCount() {
        return (int) items;
    }

    @Override
    public int getUnitCount() {
        long units = 0;
        for (int i = 0; i < weights.size(); i++) {
            units += weights.get(i) * distinct.getItem(i).getRaterCount();
        }
        return (int) units;
    }

    @Override
    public boolean hasMissingValues() {
        for (int i = 0; i < weights.size(); i++) {
            if (distinct.getItem(i).getRaterCount() != distinct.getRaterCount()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getRaterCount() {
        return distinct.getRaterCount();
    }

    @Override
    public int findRater(String name) {
        return distinct.findRater(name);
    }

    @Override
    public Iterable<Object> getCategories() {
        return distinct.getCategories();
    }

    @Override
    public int getCategoryCount() {
        return distinct.getCategoryCount();
    }

    @Override
    public boolean isDichotomous() {
        return distinct.isDichotomous();
    }
}
