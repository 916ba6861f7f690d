package dev.annotations.api.score;

import dev.annotations.api.scoreconfig.DataType;

import java.util.List;

/** A judgement's checked content: its type and what it stores for it. */
record ScoreContent(DataType dataType, Double value, String stringValue, List<String> labels) {
}
