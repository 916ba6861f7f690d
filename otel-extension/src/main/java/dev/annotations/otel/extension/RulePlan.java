package dev.annotations.otel.extension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.ReadableSpan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is left to decide for spans of one kind and one name: the rules whose kind and name match, in their
 * configured order, cut after the first one without attribute conditions (it always matches, so no later
 * rule can decide). Built once per (kind, name) and reused for every span of that shape, so name patterns
 * are matched once, not per span.
 *
 * <p>{@link #decide} reads each typed attribute at most once per span, however many rules test it (several
 * rules on {@code gen_ai.operation.name} cost one read): every read takes the span's lock, and reads are
 * most of what a span that no rule matches costs. Which conditions a read satisfied is kept in two bit
 * sets, so a decision allocates nothing; a plan with more than 64 distinct typed keys or conditions falls
 * back to testing each rule in turn.
 */
final class RulePlan {
    /** Nothing can match, or nothing that matches is ever selected: the span is left alone. */
    static final RulePlan NONE = new RulePlan(new AnnotationRule[0]);

    private final AnnotationRule[] rules;
    /** Per rule: indices of its conditions, cheapest first (the rule's own order). */
    private final int[][] ruleConditions;
    /** Per condition: the bits of the typed keys it reads. */
    private final long[] conditionKeys;
    /** Distinct typed keys of all conditions. */
    private final AttributeKey<?>[] keys;
    /** Per key: the conditions it can satisfy and the value each needs (null: present is enough). */
    private final int[][] keyConditions;
    private final Object[][] keyValues;
    /** More than 64 keys or conditions: rules are tested one by one, reading attributes as often as they say. */
    private final boolean bitSets;

    private RulePlan(AnnotationRule[] rules) {
        this.rules = rules;
        List<AttributeCondition> conditions = new ArrayList<>();
        Map<AttributeKey<?>, Integer> keyIndex = new LinkedHashMap<>();
        this.ruleConditions = new int[rules.length][];
        for (int r = 0; r < rules.length; r++) {
            AttributeCondition[] own = rules[r].conditions();
            ruleConditions[r] = new int[own.length];
            for (int c = 0; c < own.length; c++) {
                ruleConditions[r][c] = conditions.size();
                conditions.add(own[c]);
                for (AttributeKey<?> key : own[c].keys()) {
                    keyIndex.putIfAbsent(key, keyIndex.size());
                }
            }
        }
        this.bitSets = conditions.size() <= 64 && keyIndex.size() <= 64;
        this.keys = keyIndex.keySet().toArray(new AttributeKey<?>[0]);
        this.conditionKeys = new long[conditions.size()];
        List<List<Integer>> byKey = new ArrayList<>();
        List<List<Object>> valuesByKey = new ArrayList<>();
        for (int k = 0; k < keys.length; k++) {
            byKey.add(new ArrayList<>());
            valuesByKey.add(new ArrayList<>());
        }
        for (int c = 0; c < conditions.size(); c++) {
            AttributeKey<?>[] own = conditions.get(c).keys();
            Object[] values = conditions.get(c).values();
            for (int i = 0; i < own.length; i++) {
                int k = keyIndex.get(own[i]);
                conditionKeys[c] |= bitSets ? 1L << k : 0;
                byKey.get(k).add(c);
                valuesByKey.get(k).add(values[i]);
            }
        }
        this.keyConditions = new int[keys.length][];
        this.keyValues = new Object[keys.length][];
        for (int k = 0; k < keys.length; k++) {
            keyConditions[k] = byKey.get(k).stream().mapToInt(Integer::intValue).toArray();
            keyValues[k] = valuesByKey.get(k).toArray();
        }
    }

    /**
     * The plan for spans whose kind the given rules apply to and whose name is {@code spanName}.
     *
     * @param spanName null when no rule of the kind tests the name
     */
    static RulePlan of(AnnotationRule[] rulesOfKind, String spanName) {
        List<AnnotationRule> candidates = new ArrayList<>();
        for (AnnotationRule rule : rulesOfKind) {
            if (rule.nameMatches(spanName)) {
                candidates.add(rule);
                if (rule.conditions().length == 0) {
                    break;
                }
            }
        }
        boolean anySelects = false;
        for (AnnotationRule rule : candidates) {
            anySelects |= rule.sampleRate() > 0;
        }
        // A rule at rate 0 still stops later rules, but when no candidate can select, no span of this shape is tagged.
        return anySelects ? new RulePlan(candidates.toArray(new AnnotationRule[0])) : NONE;
    }

    boolean isEmpty() {
        return rules.length == 0;
    }

    /** The first rule whose attribute conditions hold for this span, or null. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    AnnotationRule decide(ReadableSpan span) {
        if (!bitSets) {
            for (AnnotationRule rule : rules) {
                if (rule.conditionsHold(span)) {
                    return rule;
                }
            }
            return null;
        }
        long read = 0;
        long holds = 0;
        rules:
        for (int r = 0; r < rules.length; r++) {
            for (int c : ruleConditions[r]) {
                long bit = 1L << c;
                long pending = conditionKeys[c] & ~read;
                while ((holds & bit) == 0 && pending != 0) {
                    int k = Long.numberOfTrailingZeros(pending);
                    pending &= pending - 1;
                    read |= 1L << k;
                    Object actual = span.getAttribute((AttributeKey) keys[k]);
                    if (actual != null) {
                        int[] satisfied = keyConditions[k];
                        Object[] needed = keyValues[k];
                        for (int t = 0; t < satisfied.length; t++) {
                            if (needed[t] == null || needed[t].equals(actual)) {
                                holds |= 1L << satisfied[t];
                            }
                        }
                    }
                }
                if ((holds & bit) == 0) {
                    continue rules;
                }
            }
            return rules[r];
        }
        return null;
    }

    @Override
    public String toString() {
        return "RulePlan" + Arrays.toString(rules);
    }
}
