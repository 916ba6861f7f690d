package dev.annotations.api.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An item's state: a pure fold of its events. Claims are numbered (the n-th claim on an item carries
 * {@code seq = n}) and each number, each claim's end and each review decision is stored at most once (the
 * INSERTs carry deduplication tokens), so the fold does not depend on the order rows arrive in; should a
 * number appear twice anyway, the earliest row by (at, event id) counts.
 *
 * <p>What takes an item's capacity: live claims (no end, not past {@code expiresAt}), valid submissions
 * (not returned by a reviewer) and returned annotators' reservations (until they submit or skip again).
 * Time enters only through the {@code now} of each question, so one fold answers at any instant.
 */
final class ItemState {
    /** One claim and, once it ended, the event that ended it. */
    record Claim(int seq, String annotator, Instant claimedAt, Instant expiresAt, QueueEvent claim, QueueEvent end) {
        boolean open() {
            return end == null;
        }

        boolean liveAt(Instant now) {
            return end == null && now.isBefore(expiresAt);
        }
    }

    private static final Comparator<QueueEvent> LOG_ORDER =
            Comparator.comparing(QueueEvent::at).thenComparing(QueueEvent::eventId);

    private final int needed;
    private final boolean reviewRequired;
    private final boolean removed;
    private final List<QueueEvent> events;
    private final TreeMap<Integer, Claim> claims;
    private final Set<String> assigned;
    private final Map<String, Claim> validSubmissions;
    private final Set<String> skipped;
    private final Set<String> reservedForReturned;
    private final TreeMap<Integer, QueueEvent> reviews;

    private ItemState(int needed, boolean reviewRequired, boolean removed, List<QueueEvent> events,
                      TreeMap<Integer, Claim> claims, Set<String> assigned, Map<String, Claim> validSubmissions,
                      Set<String> skipped, Set<String> reservedForReturned, TreeMap<Integer, QueueEvent> reviews) {
        this.needed = needed;
        this.reviewRequired = reviewRequired;
        this.removed = removed;
        this.events = events;
        this.claims = claims;
        this.assigned = assigned;
        this.validSubmissions = validSubmissions;
        this.skipped = skipped;
        this.reservedForReturned = reservedForReturned;
        this.reviews = reviews;
    }

    static ItemState fold(List<QueueEvent> events, int needed, boolean reviewRequired, boolean removed) {
        List<QueueEvent> ordered = events.stream().sorted(LOG_ORDER).toList();
        TreeMap<Integer, QueueEvent> claimEvents = new TreeMap<>();
        Map<Integer, QueueEvent> ends = new java.util.HashMap<>();
        TreeMap<Integer, QueueEvent> reviews = new TreeMap<>();
        Set<String> assigned = new HashSet<>();
        for (QueueEvent event : ordered) {
            switch (event.type()) {
                case ASSIGNED -> assigned.add(event.annotator());
                case CLAIMED -> claimEvents.putIfAbsent(event.seq(), event);
                case APPROVED, RETURNED -> reviews.putIfAbsent(event.reviewSeq(), event);
                default -> ends.putIfAbsent(event.seq(), event);
            }
        }
        TreeMap<Integer, Claim> claims = new TreeMap<>();
        claimEvents.forEach((seq, claim) -> claims.put(seq, new Claim(seq, claim.annotator(), claim.at(),
                claim.expiresAt(), claim, ends.get(seq))));
        Set<Integer> returnedClaims = new HashSet<>();
        Map<String, Integer> lastReturn = new LinkedHashMap<>();
        for (QueueEvent review : reviews.values()) {
            if (review.type() == EventType.RETURNED) {
                returnedClaims.add(review.seq());
                lastReturn.merge(review.annotator(), review.seq(), Math::max);
            }
        }
        Map<String, Claim> valid = new LinkedHashMap<>();
        Set<String> skipped = new HashSet<>();
        for (Claim claim : claims.values()) {
            if (claim.end() == null) {
                continue;
            }
            if (claim.end().type() == EventType.SUBMITTED && !returnedClaims.contains(claim.seq())) {
                valid.put(claim.annotator(), claim);
            } else if (claim.end().type() == EventType.SKIPPED) {
                skipped.add(claim.annotator());
            }
        }
        Set<String> reserved = new HashSet<>();
        lastReturn.forEach((annotator, returnedSeq) -> {
            boolean doneAgain = claims.tailMap(returnedSeq, false).values().stream()
                    .anyMatch(claim -> claim.annotator().equals(annotator) && claim.end() != null
                            && (claim.end().type() == EventType.SUBMITTED || claim.end().type() == EventType.SKIPPED));
            if (!doneAgain) {
                reserved.add(annotator);
            }
        });
        return new ItemState(needed, reviewRequired, removed, ordered, claims, assigned, valid, skipped, reserved, reviews);
    }

    ItemStatus status(Instant now) {
        if (removed) {
            return ItemStatus.REMOVED;
        }
        if (validSubmissions.size() >= needed) {
            if (!reviewRequired) {
                return ItemStatus.COMPLETED;
            }
            return approved() ? ItemStatus.APPROVED : ItemStatus.IN_REVIEW;
        }
        return claims.values().stream().anyMatch(claim -> claim.liveAt(now)) ? ItemStatus.RESERVED : ItemStatus.PENDING;
    }

    /** Still wants submissions: neither done nor removed. */
    boolean wantsWork() {
        return !removed && validSubmissions.size() < needed;
    }

    boolean approved() {
        return !reviews.isEmpty() && reviews.lastEntry().getValue().type() == EventType.APPROVED;
    }

    /**
     * Whether {@code annotator} may claim the item at {@code now}, counting reservations past their expiry as
     * free (the claimant must store their EXPIRED events first: see {@link #mustExpireFirst}).
     */
    boolean mayClaim(String annotator, Instant now) {
        if (!wantsWork() || validSubmissions.containsKey(annotator) || skipped.contains(annotator)) {
            return false;
        }
        if (claims.values().stream().anyMatch(claim -> claim.liveAt(now) && claim.annotator().equals(annotator))) {
            return false;
        }
        return usedExcluding(annotator, now, false) < needed;
    }

    /** Expired reservations the claimant must close (EXPIRED) before its claim may count them as free. */
    List<Claim> mustExpireFirst(String annotator, Instant now) {
        List<Claim> expired = expiredOpen(now);
        if (expired.isEmpty()) {
            return List.of();
        }
        boolean ownExpired = expired.stream().anyMatch(claim -> claim.annotator().equals(annotator));
        return ownExpired || usedExcluding(annotator, now, true) >= needed ? expired : List.of();
    }

    List<Claim> expiredOpen(Instant now) {
        return claims.values().stream().filter(claim -> claim.open() && !claim.liveAt(now)).toList();
    }

    private int usedExcluding(String annotator, Instant now, boolean countExpiredOpen) {
        Set<String> holders = new HashSet<>();
        int live = 0;
        for (Claim claim : claims.values()) {
            if (countExpiredOpen ? claim.open() : claim.liveAt(now)) {
                live++;
                holders.add(claim.annotator());
            }
        }
        long reserved = reservedForReturned.stream()
                .filter(name -> !name.equals(annotator) && !holders.contains(name)).count();
        return live + validSubmissions.size() + (int) reserved;
    }

    int nextClaimSeq() {
        return claims.isEmpty() ? 0 : claims.lastKey() + 1;
    }

    int nextReviewSeq() {
        return reviews.isEmpty() ? 0 : reviews.lastKey() + 1;
    }

    Optional<Claim> claim(int seq) {
        return Optional.ofNullable(claims.get(seq));
    }

    /** The caller's most recent claim, whatever became of it. */
    Optional<Claim> latestClaimOf(String annotator) {
        return claims.descendingMap().values().stream().filter(claim -> claim.annotator().equals(annotator)).findFirst();
    }

    List<Claim> claims() {
        return List.copyOf(claims.values());
    }

    List<Claim> liveClaims(Instant now) {
        return claims.values().stream().filter(claim -> claim.liveAt(now)).toList();
    }

    /** The earliest expiry among open claims: when this state's answers may change without a new event. */
    Optional<Instant> earliestExpiry() {
        return claims.values().stream().filter(Claim::open).map(Claim::expiresAt).min(Comparator.naturalOrder());
    }

    Set<String> assigned() {
        return assigned;
    }

    Map<String, Claim> validSubmissions() {
        return validSubmissions;
    }

    Set<String> skipped() {
        return skipped;
    }

    /** Annotators a reviewer returned the item to, whose new submission is awaited: {@code next} serves them this item first. */
    Set<String> reservedForReturned() {
        return reservedForReturned;
    }

    List<QueueEvent> events() {
        return events;
    }

    List<QueueEvent> reviews() {
        return new ArrayList<>(reviews.values());
    }

    int needed() {
        return needed;
    }
}
