package dev.annotations.api.analytics;

import org.dkpro.statistics.agreement.IAnnotationStudy;
import org.dkpro.statistics.agreement.distance.IDistanceFunction;

/**
 * A distance divided by the largest distance between the study's categories, so every distance is at most 1.
 * DKPro 2.2.1's weighted κ divides observed and expected disagreement each by its own running maximum
 * (starting at 1), which differ unless distances never exceed 1; κ itself does not depend on the scale.
 */
final class ScaledDistance implements IDistanceFunction {
    private final IDistanceFunction distance;
    private final double largest;

    private ScaledDistance(IDistanceFunction distance, double largest) {
        this.distance = distance;
        this.largest = largest;
    }

    static IDistanceFunction of(IDistanceFunction distance, IAnnotationStudy study) {
        double largest = 0;
        for (Object first : study.getCategories()) {
            for (Object second : study.getCategories()) {
                largest = Math.max(largest, distance.measureDistance(study, first, second));
            }
        }
        return largest <= 1 ? distance : new ScaledDistance(distance, largest);
    }

    @Override
    public double measureDistance(IAnnotationStudy study, Object first, Object second) {
        return distance.measureDistance(study, first, second) / largest;
    }
}
