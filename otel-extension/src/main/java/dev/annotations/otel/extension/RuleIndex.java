package dev.annotations.otel.extension;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.ReadableSpan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rules by span kind and name: a span's {@link RulePlan} is one array index (its kind) plus, when some
 * rule of that kind tests names, one lookup of its name. Plans are made on first sight of a (kind, name)
 * and kept, up to {@link #MAX_NAMES_PER_KIND} names per kind; beyond that (an instrumentation that puts ids
 * into span names) spans of new names are decided by testing each rule in turn, as correct and slower.
 */
final class RuleIndex {
    /** Bounds the memory the plans can take: a plan is a few hundred bytes. */
    static final int MAX_NAMES_PER_KIND = 1024;

    private final int ruleCount;
    /** Per kind (ordinal): the rules that apply to it, in their configured order. */
    private final AnnotationRule[][] rulesByKind;
    /** Per kind: the one plan for every name, when no rule of the kind tests names; otherwise null. */
    private final RulePlan[] nameFree;
    private final ConcurrentHashMap<String, RulePlan>[] byName;

    @SuppressWarnings("unchecked")
    RuleIndex(List<AnnotationRule> rules) {
        this.ruleCount = rules.size();
        int kinds = SpanKind.values().length;
        this.rulesByKind = new AnnotationRule[kinds][];
        this.nameFree = new RulePlan[kinds];
        this.byName = new ConcurrentHashMap[kinds];
        for (SpanKind kind : SpanKind.values()) {
            List<AnnotationRule> applicable = new ArrayList<>();
            boolean needsName = false;
            for (AnnotationRule rule : rules) {
                if (rule.appliesTo(kind)) {
                    applicable.add(rule);
                    needsName |= rule.needsName();
                }
            }
            AnnotationRule[] ofKind = applicable.toArray(new AnnotationRule[0]);
            rulesByKind[kind.ordinal()] = ofKind;
            if (needsName) {
                byName[kind.ordinal()] = new ConcurrentHashMap<>();
            } else {
                nameFree[kind.ordinal()] = RulePlan.of(ofKind, null);
            }
        }
    }

    boolean isEmpty() {
        return ruleCount == 0;
    }

    /** False when no rule applies to spans of this kind: they are left alone without a read (nor the span's lock). */
    boolean canMatch(SpanKind kind) {
        RulePlan plan = nameFree[kind.ordinal()];
        return plan == null || !plan.isEmpty();
    }

    int size() {
        return ruleCount;
    }

    /** The rule that decides this span, or null: the first whose kind, name and attributes match. */
    AnnotationRule decide(ReadableSpan span) {
        int kind = span.getKind().ordinal();
        RulePlan plan = nameFree[kind];
        if (plan == null) {
            String name = span.getName();
            ConcurrentHashMap<String, RulePlan> plans = byName[kind];
            plan = plans.get(name);
            if (plan == null) {
                if (plans.size() >= MAX_NAMES_PER_KIND) {
                    return firstMatch(rulesByKind[kind], span, name);
                }
                plan = RulePlan.of(rulesByKind[kind], name);
                plans.putIfAbsent(name, plan);
            }
        }
        return plan.isEmpty() ? null : plan.decide(span);
    }

    /** Names seen beyond the cache's bound: each rule in turn, as before plans existed. */
    private static AnnotationRule firstMatch(AnnotationRule[] rules, ReadableSpan span, String name) {
        for (AnnotationRule rule : rules) {
            if (rule.matches(span, name)) {
                return rule;
            }
        }
        return null;
    }

    /** How many span names of this kind have a plan (for tests of the bound). */
    int cachedNames(SpanKind kind) {
        ConcurrentHashMap<String, RulePlan> plans = byName[kind.ordinal()];
        return plans == null ? 0 : plans.size();
    }
}
