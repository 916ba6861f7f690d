package dev.annotations.api.analytics;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;
import org.apache.commons.rng.simple.RandomSource;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A 95 % percentile interval for Krippendorff's α by the Poisson bootstrap over units (Hanley & MacGibbon
 * 2006): in each draw every unit appears Poisson(1) times, so a pattern of n units appears Poisson(n) times —
 * the at-scale form of resampling units with replacement, costing one random number per pattern instead of
 * one per unit. Apache Commons RNG samples Poisson in constant time (Commons Math 3.6.1's sampler recomputes
 * log n! on every call, O(n)); Commons Math gives the percentiles. Seeded, so the same data give the same interval.
 */
final class AlphaBootstrap {
    static final int DRAWS = 1_000;
    static final long SEED = 2011;

    private AlphaBootstrap() {
    }

    /** The 2.5th and 97.5th percentiles of α over the draws, or empty when fewer than half the draws define α. */
    static Optional<double[]> interval(AlphaStudy study, int draws, long seed) {
        UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] counts = study.counts();
        DiscreteSampler[] appearances = new DiscreteSampler[counts.length];
        for (int i = 0; i < counts.length; i++) {
            appearances[i] = PoissonSampler.of(random, counts[i]);
        }
        double[] alphas = new double[draws];
        int defined = 0;
        double[] weights = new double[counts.length];
        for (int draw = 0; draw < draws; draw++) {
            for (int i = 0; i < counts.length; i++) {
                weights[i] = appearances[i].sample();
            }
            OptionalDouble alpha = study.alpha(weights);
            if (alpha.isPresent() && Double.isFinite(alpha.getAsDouble())) {
                alphas[defined++] = alpha.getAsDouble();
            }
        }
        if (defined * 2 < draws) {
            return Optional.empty();
        }
        Percentile percentile = new Percentile();
        percentile.setData(alphas, 0, defined);
        return Optional.of(new double[] {percentile.evaluate(2.5), percentile.evaluate(97.5)});
    }
}
