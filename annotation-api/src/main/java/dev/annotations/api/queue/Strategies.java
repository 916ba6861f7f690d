package dev.annotations.api.queue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Designation of annotators when items are added. ROUND_ROBIN: item i of the queue (counting every item
 * ever added, from {@code rotation}) gets the {@code perItem} annotators that follow in the member list, so
 * work is dealt out in turn. LOAD_BALANCED: each item gets the {@code perItem} annotators holding the least
 * open work (designated items still awaiting their submission), counting the items designated in this
 * same call; ties go to the annotator listed first. MANUAL: nobody; an admin assigns items.
 */
final class Strategies {
    private Strategies() {
    }

    static Map<UUID, List<String>> designate(Strategy strategy, List<String> annotators, int perItem,
                                              List<UUID> items, long rotation, Map<String, Integer> openWork) {
        Map<UUID, List<String>> designations = new LinkedHashMap<>();
        if (strategy == Strategy.MANUAL || annotators.isEmpty()) {
            return designations;
        }
        int per = Math.min(perItem, annotators.size());
        if (strategy == Strategy.ROUND_ROBIN) {
            long next = rotation;
            for (UUID item : items) {
                List<String> chosen = new ArrayList<>(per);
                for (int j = 0; j < per; j++) {
                    chosen.add(annotators.get((int) Math.floorMod(next + j, (long) annotators.size())));
                }
                next += per;
                designations.put(item, chosen);
            }
            return designations;
        }
        Map<String, Integer> load = new HashMap<>();
        Map<String, Integer> order = new HashMap<>();
        for (int i = 0; i < annotators.size(); i++) {
            load.put(annotators.get(i), openWork.getOrDefault(annotators.get(i), 0));
            order.put(annotators.get(i), i);
        }
        Comparator<String> lightest = Comparator.comparingInt((String name) -> load.get(name)).thenComparing(order::get);
        for (UUID item : items) {
            List<String> chosen = annotators.stream().sorted(lightest).limit(per).toList();
            chosen.forEach(name -> load.merge(name, 1, Integer::sum));
            designations.put(item, chosen);
        }
        return designations;
    }
}
