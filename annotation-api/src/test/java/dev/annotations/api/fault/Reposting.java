package dev.annotations.api.fault;

import dev.annotations.api.ApiClient;
import dev.annotations.api.TestService;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** A client's retry of everything it ever sent: each id posted again until it answers 200 or 201. */
final class Reposting {
    private static final int ATTEMPTS = 20;

    private Reposting() {
    }

    /** Posts every id until it answers 200 or 201 (a 503 is retried); returns each id's final status. */
    static Map<String, Integer> repost(ApiClient client, Collection<String> ids) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            Map<String, Future<Integer>> answers = new HashMap<>();
            for (String id : ids) {
                answers.put(id, pool.submit(() -> repostOne(client, id)));
            }
            Map<String, Integer> statuses = new HashMap<>();
            for (Map.Entry<String, Future<Integer>> answer : answers.entrySet()) {
                statuses.put(answer.getKey(), answer.getValue().get());
            }
            return statuses;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static int repostOne(ApiClient client, String id) throws InterruptedException {
        ApiClient.Response response = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            response = client.postJson("/api/v1/scores", TestService.BOOTSTRAP_KEY, ScoreLoad.score(id));
            if (response.status() != 503) {
                assertThat(response.status()).as(id + ": " + response.body()).isIn(200, 201);
                return response.status();
            }
            Thread.sleep(500);
        }
        throw new AssertionError(id + " still 503 after " + ATTEMPTS + " attempts: " + response.body());
    }
}
