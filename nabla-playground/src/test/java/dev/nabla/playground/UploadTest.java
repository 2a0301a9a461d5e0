package dev.nabla.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.playground.PlaygroundConfig.Problem;
import org.junit.jupiter.api.Test;

class UploadTest {
    private static String lines(int n, String label) {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < n; i++) {
            csv.append(i % 6 - 3).append(',').append(i % 5 - 2).append(',').append(label.replace("i", Integer.toString(i % 3)))
                    .append('\n');
        }
        return csv.toString();
    }

    @Test
    void aHeaderAndCommentsAreSkippedAndSignLabelsAreTwoClasses() {
        Upload u = Upload.parse("x1,x2,label\n# a comment\n" + lines(6, "1") + lines(6, "-1"));
        assertThat(u.size()).isEqualTo(12);
        assertThat(u.classes()).isEqualTo(2);
        Points p = u.points(Problem.CLASSIFICATION, 2);
        assertThat(p.labels()).containsOnly(0f, 1f);
    }

    @Test
    void wholeLabelsFromZeroAreClassesAndOthersOnlyRegressionTargets() {
        assertThat(Upload.parse(lines(12, "i")).classes()).isEqualTo(3);
        Upload targets = Upload.parse(lines(12, "0.25"));
        assertThat(targets.classes()).isZero();
        assertThat(targets.points(Problem.REGRESSION, 2).labels()).containsOnly(0.25f);
        assertThatThrownBy(() -> targets.points(Problem.CLASSIFICATION, 2)).hasMessageContaining("not classes");
        assertThatThrownBy(() -> Upload.parse(lines(12, "i")).points(Problem.CLASSIFICATION, 2))
                .hasMessageContaining("classes: the uploaded points have 3 classes, not 2");
    }

    @Test
    void pointsBeyondTheSquareAreScaledIntoIt() {
        Upload u = Upload.parse("60,-30,1\n" + lines(10, "1"));
        assertThat(u.x1()[0]).isEqualTo(6f);
        assertThat(u.x2()[0]).isEqualTo(-3f);
    }

    @Test
    void aBadLineIsNamedAndTooFewOrTooManyPointsAreRefused() {
        assertThatThrownBy(() -> Upload.parse(lines(10, "1") + "1,2\n")).isInstanceOf(HttpError.class)
                .hasMessageContaining("CSV line 11: expected three finite numbers x1,x2,label, got '1,2'");
        assertThatThrownBy(() -> Upload.parse(lines(10, "1") + "1,NaN,1\n")).hasMessageContaining("CSV line 11");
        assertThatThrownBy(() -> Upload.parse(lines(9, "1"))).hasMessageContaining("9 points; upload at least 10");
        assertThatThrownBy(() -> Upload.parse(lines(2001, "1"))).hasMessageContaining("more than 2000 points");
    }
}
