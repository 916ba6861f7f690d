package dev.annotations.api.scoreconfig;

import java.util.Set;

/** How the annotator UI renders a config; each fits some data types only. */
public enum Widget {
    NUMBER(Set.of(DataType.NUMERIC)),
    SLIDER(Set.of(DataType.NUMERIC)),
    /** Star rating 1..N: a NUMERIC config with min 1, max N (≤ 10) and step 1. */
    STARS(Set.of(DataType.NUMERIC)),
    THUMBS(Set.of(DataType.BOOLEAN)),
    RADIO(Set.of(DataType.CATEGORICAL, DataType.BOOLEAN)),
    CHECKBOX(Set.of(DataType.CATEGORICAL)),
    TEXTAREA(Set.of(DataType.TEXT));

    private final Set<DataType> fits;

    Widget(Set<DataType> fits) {
        this.fits = fits;
    }

    public boolean fits(DataType type) {
        return fits.contains(type);
    }

    static Widget defaultFor(DataType type, boolean multiSelect) {
        return switch (type) {
            case NUMERIC -> NUMBER;
            case CATEGORICAL -> multiSelect ? CHECKBOX : RADIO;
            case BOOLEAN -> THUMBS;
            case TEXT -> TEXTAREA;
        };
    }
}
