package dev.nabla.playground;

import java.util.ArrayList;
import java.util.List;

/**
 * The loss curves: (epoch, train loss, test loss) points, at most {@code capacity}; when full,
 * every other point is dropped, so a long run keeps its whole shape at half the resolution.
 */
final class LossHistory {
    record Point(int epoch, double train, double test) {
    }

    private final int capacity;
    private final List<Point> points = new ArrayList<>();

    LossHistory(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("LossHistory: capacity must be >= 2, got " + capacity);
        }
        this.capacity = capacity;
    }

    void add(int epoch, double train, double test) {
        if (!points.isEmpty() && points.getLast().epoch() == epoch) {
            points.removeLast();
        }
        if (points.size() == capacity) {
            for (int i = 1; i < points.size(); i++) {
                points.remove(i);
            }
        }
        points.add(new Point(epoch, train, test));
    }

    List<Point> points() {
        return List.copyOf(points);
    }
}
