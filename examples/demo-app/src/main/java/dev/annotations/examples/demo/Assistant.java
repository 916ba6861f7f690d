package dev.annotations.examples.demo;

/** Stands in for a model call: answers deterministically, and counts tokens the way a provider would report them. */
final class Assistant {
    static final String MODEL = "demo-model-1";

    record Answer(String text, long inputTokens, long outputTokens) {
    }

    Answer answer(String question) {
        String text = "You asked: " + question.trim() + ". The short answer is 42.";
        return new Answer(text, words(question), words(text));
    }

    private static long words(String text) {
        return text.trim().isEmpty() ? 0 : text.trim().split("\\s+").length;
    }
}
