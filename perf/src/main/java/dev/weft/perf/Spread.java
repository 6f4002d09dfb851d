package dev.weft.perf;

import java.util.List;

/** The median of a figure over a comparison's rounds, with the lowest and highest round: what a shared machine's drift does to it. */
record Spread(double median, double min, double max, int rounds) {
    static final Spread NONE = new Spread(Double.NaN, Double.NaN, Double.NaN, 0);

    /** Of the finite values in {@code values}; {@link #NONE} when there are none. */
    static Spread of(List<Double> values) {
        List<Double> finite = values.stream().filter(Double::isFinite).sorted().toList();
        if (finite.isEmpty()) {
            return NONE;
        }
        int middle = finite.size() / 2;
        double median = finite.size() % 2 == 1 ? finite.get(middle)
                : (finite.get(middle - 1) + finite.get(middle)) / 2;
        return new Spread(median, finite.getFirst(), finite.getLast(), finite.size());
    }

    boolean present() {
        return rounds > 0;
    }
}
