package io.github.neonmigrations.connection;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A connection string as it may be shown: its passwords masked, with positions in the raw
 * input translated to positions in the masked text the user sees.
 */
final class MaskedInput {

	private final String raw;

	private final List<int[]> secrets;

	private final String text;

	MaskedInput(String raw) {
		this.raw = raw;
		this.secrets = Masking.secretRanges(raw, true);
		this.text = Masking.apply(raw, this.secrets);
	}

	String text() {
		return this.text;
	}

	/**
	 * Translates a position in the raw input; a position inside a password becomes the
	 * position of its mask.
	 */
	int position(int rawPosition) {
		if (rawPosition < 0) {
			return -1;
		}
		int shift = 0;
		for (int[] secret : this.secrets) {
			if (rawPosition < secret[0]) {
				break;
			}
			if (rawPosition < secret[1]) {
				return secret[0] + shift;
			}
			shift += Masking.MASK.length() - (secret[1] - secret[0]);
		}
		return rawPosition + shift;
	}

	boolean overlapsSecret(int start, int end) {
		for (int[] secret : this.secrets) {
			if (start < secret[1] && secret[0] < end) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Returns {@code raw[start, end)}, or {@code null} when any of it is secret.
	 */
	@Nullable String fragment(int start, int end) {
		return overlapsSecret(start, end) ? null : this.raw.substring(start, end);
	}

	/**
	 * Masks what the reason may have picked up from a secret, as a last line of defence.
	 */
	String scrub(String reason) {
		String scrubbed = reason;
		for (int[] secret : this.secrets) {
			String value = this.raw.substring(secret[0], secret[1]);
			if (value.length() >= 4) {
				scrubbed = Masking.maskSecret(scrubbed, value);
			}
		}
		return scrubbed;
	}

}
