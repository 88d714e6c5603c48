package io.github.neonmigrations.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Median, minimum and maximum of repeated measurements.
 *
 * @param median the median (the mean of the two middle values for an even count)
 * @param min the smallest value
 * @param max the largest value
 * @param count how many values
 */
record Summary(double median, double min, double max, int count) {

	static Summary of(List<? extends Number> values) {
		if (values.isEmpty()) {
			throw new IllegalArgumentException("No values to summarize");
		}
		List<Double> sorted = new ArrayList<>();
		values.forEach((value) -> sorted.add(value.doubleValue()));
		Collections.sort(sorted);
		int middle = sorted.size() / 2;
		double median = (sorted.size() % 2 == 1) ? sorted.get(middle)
				: (sorted.get(middle - 1) + sorted.get(middle)) / 2;
		return new Summary(median, sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
	}

	/**
	 * The ratio of two medians.
	 * @param numerator e.g. the starter
	 * @param denominator e.g. the baseline
	 * @return {@code numerator.median / denominator.median}
	 */
	static double ratio(Summary numerator, Summary denominator) {
		return numerator.median() / denominator.median();
	}

	/**
	 * Three decimals, so that a ratio just above a limit such as 1.02 does not print as
	 * 1.02.
	 * @param ratio the ratio
	 * @return e.g. {@code 1.021}
	 */
	static String formatRatio(double ratio) {
		return String.format(Locale.ROOT, "%.3f", ratio);
	}

	/**
	 * Whole numbers as such, e.g. {@code 2871 (2790–3012)}; a constant as one value.
	 * @return the median with the range
	 */
	String format() {
		if (this.min == this.max) {
			return number(this.median);
		}
		return number(this.median) + " (" + number(this.min) + "–" + number(this.max) + ")";
	}

	/**
	 * Like {@link #format()}, rounded to whole numbers, for values measured more finely.
	 * @return the median with the range
	 */
	String formatWhole() {
		return new Summary(Math.rint(this.median), Math.rint(this.min), Math.rint(this.max), this.count).format();
	}

	private static String number(double value) {
		return (value == Math.rint(value)) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
	}

}
