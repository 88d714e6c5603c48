package io.github.neonmigrations.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SummaryTests {

	@Test
	void medianOfAnOddCountIsTheMiddleValue() {
		Summary summary = Summary.of(List.of(30, 10, 20, 50, 40));
		assertThat(summary.median()).isEqualTo(30);
		assertThat(summary.min()).isEqualTo(10);
		assertThat(summary.max()).isEqualTo(50);
		assertThat(summary.count()).isEqualTo(5);
	}

	@Test
	void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
		assertThat(Summary.of(List.of(4L, 1L, 3L, 2L)).median()).isEqualTo(2.5);
	}

	@Test
	void ratioDividesTheMedians() {
		assertThat(Summary.ratio(Summary.of(List.of(102, 1, 500)), Summary.of(List.of(100, 100, 100)))).isEqualTo(1.02);
		assertThat(Summary.formatRatio(1.0213)).isEqualTo("1.021");
	}

	@Test
	void formatShowsTheRangeUnlessAllValuesAreEqual() {
		assertThat(Summary.of(List.of(2871, 2790, 3012)).format()).isEqualTo("2871 (2790–3012)");
		assertThat(Summary.of(List.of(1, 1, 1)).format()).isEqualTo("1");
		assertThat(Summary.of(List.of(1, 2)).format()).isEqualTo("1.5 (1–2)");
	}

	@Test
	void nothingToSummarizeIsAnError() {
		assertThatIllegalArgumentException().isThrownBy(() -> Summary.of(List.of()));
	}

}
