package dev.annotations.api.analytics;

import org.dkpro.statistics.agreement.coding.CodingAnnotationStudy;
import org.dkpro.statistics.agreement.coding.CohenKappaAgreement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CellCohenKappa answers DKPro's per-unit agreement from a cache per contingency cell: its κ, observed and
 * expected agreement must be DKPro's CohenKappaAgreement over a study holding every unit, to the bit — on skewed
 * cells with labels only one side uses, so that a cached value taken from the wrong cell (an agreeing cell's for
 * a disagreeing one) or counted once instead of per unit changes the figures.
 */
class CellCohenKappaTest {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void the_kappa_over_counted_cells_is_dkpros_over_every_unit_to_the_bit(long seed) {
        Random random = new Random(seed);
        String[] labels = {"good", "fair", "bad", "unsure"};
        CodingAnnotationStudy everyUnit = new CodingAnnotationStudy(2);
        WeightedStudy cells = new WeightedStudy(2);
        for (int cell = 0; cell < 12; cell++) {
            String human = labels[random.nextInt(3)];
            // the judge agrees more often than not, and alone uses "unsure"
            String judge = random.nextInt(3) > 0 ? human : labels[random.nextInt(labels.length)];
            int units = 1 + random.nextInt(cell % 4 == 0 ? 20_000 : 300);
            everyUnit.addMultipleItems(units, human, judge);
            cells.add(units, human, judge);
        }
        CohenKappaAgreement expected = new CohenKappaAgreement(everyUnit);
        CellCohenKappa kappa = new CellCohenKappa(cells);

        assertThat(kappa.calculateObservedAgreement()).isEqualTo(expected.calculateObservedAgreement());
        assertThat(kappa.calculateExpectedAgreement()).isEqualTo(expected.calculateExpectedAgreement());
        assertThat(kappa.calculateAgreement()).isEqualTo(expected.calculateAgreement());
        assertThat(kappa.calculateAgreement()).as("computed twice, the cache reused").isEqualTo(expected.calculateAgreement());
    }

    @ParameterizedTest(name = "{0} units")
    @ValueSource(ints = {1, 7, 50_000})
    void one_disagreeing_cell_among_agreeing_ones_weighs_by_its_units(int disagreeing) {
        CodingAnnotationStudy everyUnit = new CodingAnnotationStudy(2);
        WeightedStudy cells = new WeightedStudy(2);
        for (Object[] cell : new Object[][]{{1_000, "a", "a"}, {disagreeing, "a", "b"}, {400, "b", "b"}, {30, "b", "a"}}) {
            everyUnit.addMultipleItems((int) cell[0], cell[1], cell[2]);
            cells.add((int) cell[0], cell[1], cell[2]);
        }

        assertThat(new CellCohenKappa(cells).calculateAgreement())
                .isEqualTo(new CohenKappaAgreement(everyUnit).calculateAgreement());
    }
}
