package dev.annotations.api.analytics;

import org.dkpro.statistics.agreement.coding.CohenKappaAgreement;
import org.dkpro.statistics.agreement.coding.ICodingAnnotationItem;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * DKPro's Cohen's κ over a {@link WeightedStudy}, with DKPro's per-unit agreement computed once per contingency
 * cell instead of once per unit. DKPro still computes the statistic: its observed agreement sums
 * {@code doCalculateItemAgreement} over every unit the study hands out, and its expected agreement counts the
 * categories of every unit; only the per-unit call, which builds a HashMap of the unit's categories each time
 * (~0.2 s per million units, most of a labels judge call's Java time), is answered from a cache keyed by the
 * item. A WeightedStudy hands out the same item object for every unit of a cell, and an item's agreement
 * depends on its categories alone, so the cached value is the value DKPro would compute, summed in the same
 * order: the same κ to the bit ({@code CellCohenKappaTest} checks it against DKPro on the expanded units).
 */
final class CellCohenKappa extends CohenKappaAgreement {
    private final Map<ICodingAnnotationItem, Double> perItem = new IdentityHashMap<>();

    CellCohenKappa(WeightedStudy study) {
        super(study);
    }

    @Override
    protected double doCalculateItemAgreement(ICodingAnnotationItem item) {
        Double known = perItem.get(item);
        if (known == null) {
            known = super.doCalculateItemAgreement(item);
            perItem.put(item, known);
        }
        return known;
    }
}
