package dev.nabla.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DataSetTest {
    private static Points draw(DataSet set, double noise, int classes) {
        return set.generate(set == DataSet.REG_PLANE || set == DataSet.REG_GAUSS ? 1200 : 500, noise, classes,
                new SplittableRandom(3));
    }

    private static int count(Points p, int label) {
        int n = 0;
        for (float l : p.labels()) {
            n += l == label ? 1 : 0;
        }
        return n;
    }

    @Test
    void withoutNoiseTheCircleIsADiscOfRadiusTwoAndAHalfInARingFromThreeAndAHalfToFive() {
        Points p = draw(DataSet.CIRCLE, 0, 2);
        assertThat(p.size()).isEqualTo(500);
        for (int i = 0; i < p.size(); i++) {
            double r = Math.hypot(p.x1()[i], p.x2()[i]);
            if (p.labels()[i] == 1) {
                assertThat(r).isLessThanOrEqualTo(2.5);
            } else {
                assertThat(r).isBetween(3.5, 5.0);
            }
        }
        assertThat(count(p, 1)).isEqualTo(250);
    }

    @Test
    void xorLabelsAreTheSignOfTheProductAndFourClassesAreTheQuadrants() {
        Points two = draw(DataSet.XOR, 0, 2);
        Points four = draw(DataSet.XOR, 0, 4);
        for (int i = 0; i < two.size(); i++) {
            assertThat(two.labels()[i]).isEqualTo(two.x1()[i] * two.x2()[i] >= 0 ? 1f : 0f);
            assertThat(Math.abs(two.x1()[i])).isGreaterThanOrEqualTo(0.3f);
            int quadrant = (four.x1()[i] >= 0 ? 0 : 1) + (four.x2()[i] >= 0 ? 0 : 2);
            assertThat(four.labels()[i]).isEqualTo(quadrant);
        }
        assertThat(DataSet.XOR.supportsClasses(3)).isFalse();
    }

    @Test
    void gaussianClassesCentreAtMinusTwoMinusTwoAndTwoTwo() {
        Points p = draw(DataSet.GAUSS, 0, 2);
        double[] mean = new double[4];
        for (int i = 0; i < p.size(); i++) {
            int c = (int) p.labels()[i];
            mean[2 * c] += p.x1()[i] / 250.0;
            mean[2 * c + 1] += p.x2()[i] / 250.0;
        }
        assertThat(mean[0]).isCloseTo(-2, within(0.2));
        assertThat(mean[1]).isCloseTo(-2, within(0.2));
        assertThat(mean[2]).isCloseTo(2, within(0.2));
        assertThat(mean[3]).isCloseTo(2, within(0.2));
    }

    @Test
    void spiralArmsStartAtTheCentreAndEndAtRadiusFive() {
        for (int classes = 2; classes <= 4; classes++) {
            Points p = draw(DataSet.SPIRAL, 0, classes);
            int perArm = 500 / classes;
            assertThat(p.size()).isEqualTo(perArm * classes);
            for (int c = 0; c < classes; c++) {
                assertThat(count(p, c)).isEqualTo(perArm);
                assertThat(Math.hypot(p.x1()[c * perArm], p.x2()[c * perArm])).isZero();
                int last = (c + 1) * perArm - 1;
                assertThat(Math.hypot(p.x1()[last], p.x2()[last])).isCloseTo(5, within(0.05));
            }
        }
    }

    @Test
    void regressionTargetsLieInMinusOneToOne() {
        Points plane = draw(DataSet.REG_PLANE, 0, 2);
        Points bumps = draw(DataSet.REG_GAUSS, 0, 2);
        assertThat(plane.classes()).isZero();
        for (int i = 0; i < plane.size(); i++) {
            assertThat((double) plane.labels()[i]).isCloseTo((plane.x1()[i] + plane.x2()[i]) / 10.0, within(1e-6));
            assertThat(bumps.labels()[i]).isBetween(-1f, 1f);
        }
    }

    @Test
    void noiseMovesLabelsNotPointsAndTheSameSeedGivesTheSamePoints() {
        Points clean = draw(DataSet.CIRCLE, 0, 2);
        Points noisy = draw(DataSet.CIRCLE, 0.5, 2);
        int wrong = 0;
        for (int i = 0; i < noisy.size(); i++) {
            double r = Math.hypot(noisy.x1()[i], noisy.x2()[i]);
            wrong += (r < 2.5) != (noisy.labels()[i] == 1) ? 1 : 0;
        }
        assertThat(wrong).isBetween(50, 250);
        assertThat(draw(DataSet.CIRCLE, 0, 2).x1()).containsExactly(clean.x1());
    }
}
