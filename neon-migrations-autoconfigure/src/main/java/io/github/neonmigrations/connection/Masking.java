package io.github.neonmigrations.connection;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Hides passwords in connection strings and in any text that may contain them, such as
 * exception messages.
 *
 * @since 0.1.0
 */
public final class Masking {

	static final String MASK = "****";

	// Also PGPASSWORD= and DB_PASSWORD= in environment dumps, but not mypassword=.
	private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(?<![a-z0-9])(?:ssl|pg)?password=");

	private static final String FREE_TEXT_TERMINATORS = "\"'<>`";

	private Masking() {
	}

	/**
	 * Masks the password of every {@code scheme://user:password@host} in the text, and
	 * the value of every {@code password=} and {@code sslpassword=} parameter.
	 * @param text the text to mask
	 * @return the text with every password replaced by {@code ****}
	 */
	public static String maskUrls(String text) {
		return apply(text, secretRanges(text, false));
	}

	/**
	 * Masks every occurrence of the secret in the text, including its percent-encoded
	 * forms.
	 * @param text the text to mask
	 * @param secret the secret; when {@code null} or empty the text is returned unchanged
	 * @return the text with every occurrence of the secret replaced by {@code ****}
	 */
	public static String maskSecret(String text, @Nullable String secret) {
		if (secret == null || secret.isEmpty()) {
			return text;
		}
		String plusForm = URLEncoder.encode(secret, StandardCharsets.UTF_8);
		String percentForm = plusForm.replace("+", "%20");
		// Longest first, so that a form containing another one is masked as a whole.
		Set<String> forms = new TreeSet<>(
				Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
		forms.add(secret);
		forms.add(plusForm);
		forms.add(percentForm);
		forms.add(lowerCaseHex(plusForm));
		forms.add(lowerCaseHex(percentForm));
		Pattern pattern = Pattern.compile(forms.stream().map(Pattern::quote).collect(Collectors.joining("|")));
		// A single pass, so that a mask is never masked again.
		return pattern.matcher(text).replaceAll(Matcher.quoteReplacement(MASK));
	}

	/**
	 * Returns the sorted, disjoint {@code [start, end)} ranges of the passwords in the
	 * text. A whole input is one connection string, possibly malformed, so whitespace
	 * does not end it; in free text every URL counts and whitespace or quotes end it.
	 */
	static List<int[]> secretRanges(String text, boolean wholeInput) {
		List<int[]> ranges = new ArrayList<>();
		if (wholeInput) {
			addUserinfoPassword(text, userinfoStart(text), text.length(), ranges);
		}
		else {
			int searchFrom = 0;
			int separator;
			while ((separator = text.indexOf("://", searchFrom)) >= 0) {
				int start = separator + 3;
				addUserinfoPassword(text, start, freeTextUrlEnd(text, start), ranges);
				searchFrom = start;
			}
		}
		Matcher matcher = PASSWORD_PARAMETER.matcher(text);
		while (matcher.find()) {
			addParameterValue(text, matcher.end(), wholeInput, ranges);
		}
		return merge(ranges);
	}

	static String apply(String text, List<int[]> ranges) {
		if (ranges.isEmpty()) {
			return text;
		}
		StringBuilder masked = new StringBuilder(text.length());
		int copied = 0;
		for (int[] range : ranges) {
			masked.append(text, copied, range[0]).append(MASK);
			copied = range[1];
		}
		return masked.append(text, copied, text.length()).toString();
	}

	private static int userinfoStart(String text) {
		// A malformed input may lack "://" or the scheme altogether, and still hold a
		// password.
		int separator = text.indexOf("://");
		if (separator >= 0) {
			return separator + 3;
		}
		separator = text.indexOf("//");
		return (separator >= 0) ? separator + 2 : 0;
	}

	private static boolean endsFreeText(char character) {
		return Character.isWhitespace(character) || FREE_TEXT_TERMINATORS.indexOf(character) >= 0;
	}

	private static int freeTextUrlEnd(String text, int start) {
		int end = start;
		while (end < text.length() && !endsFreeText(text.charAt(end))) {
			end++;
		}
		int nextUrl = text.indexOf("://", start);
		if (nextUrl >= 0 && nextUrl < end) {
			end = schemeStart(text, nextUrl, start);
		}
		return end;
	}

	private static int schemeStart(String text, int separator, int limit) {
		int start = separator;
		while (start > limit && isSchemeCharacter(text.charAt(start - 1))) {
			start--;
		}
		return start;
	}

	private static boolean isSchemeCharacter(char character) {
		// ':' too, so that "jdbc:postgresql" ends the URL before it as a whole.
		return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z')
				|| (character >= '0' && character <= '9') || character == '+' || character == '-' || character == '.'
				|| character == ':';
	}

	private static void addUserinfoPassword(String text, int start, int end, List<int[]> ranges) {
		int authorityEnd = indexOfAny(text, "/?", start, end);
		int at = lastIndexOf(text, '@', start, authorityEnd);
		if (at < 0) {
			// An unencoded '/' or '?' in the password ends the authority early; when an
			// '@'
			// follows before any query parameter, it is most likely the end of the
			// userinfo.
			int firstAt = indexOfAny(text, "@", start, end);
			if (firstAt == end || indexOfAny(text, "=&", start, firstAt) < firstAt) {
				return;
			}
			at = lastIndexOf(text, '@', firstAt, indexOfAny(text, "/?", firstAt, end));
		}
		int colon = indexOfAny(text, ":", start, at);
		if (colon + 1 < at) {
			ranges.add(new int[] { colon + 1, at });
		}
	}

	private static void addParameterValue(String text, int start, boolean wholeInput, List<int[]> ranges) {
		if (start < text.length() && text.charAt(start) == '\'') {
			// libpq's keyword=value form quotes values that contain spaces.
			int end = start + 1;
			while (end < text.length() && text.charAt(end) != '\'') {
				end += (text.charAt(end) == '\\') ? 2 : 1;
			}
			ranges.add(new int[] { start + 1, Math.min(end, text.length()) });
			return;
		}
		int end = start;
		while (end < text.length() && text.charAt(end) != '&' && (wholeInput || !endsFreeText(text.charAt(end)))) {
			end++;
		}
		if (end > start) {
			ranges.add(new int[] { start, end });
		}
	}

	private static int indexOfAny(String text, String characters, int start, int end) {
		for (int index = start; index < end; index++) {
			if (characters.indexOf(text.charAt(index)) >= 0) {
				return index;
			}
		}
		return end;
	}

	private static int lastIndexOf(String text, char character, int start, int end) {
		for (int index = end - 1; index >= start; index--) {
			if (text.charAt(index) == character) {
				return index;
			}
		}
		return -1;
	}

	private static List<int[]> merge(List<int[]> ranges) {
		ranges.sort(Comparator.comparingInt((int[] range) -> range[0]));
		List<int[]> merged = new ArrayList<>();
		for (int[] range : ranges) {
			int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
			if (last != null && range[0] <= last[1]) {
				last[1] = Math.max(last[1], range[1]);
			}
			else {
				merged.add(new int[] { range[0], range[1] });
			}
		}
		return merged;
	}

	private static String lowerCaseHex(String encoded) {
		StringBuilder lowered = new StringBuilder(encoded);
		for (int index = encoded.indexOf('%'); index >= 0
				&& index + 2 < encoded.length(); index = encoded.indexOf('%', index + 1)) {
			lowered.setCharAt(index + 1, Character.toLowerCase(encoded.charAt(index + 1)));
			lowered.setCharAt(index + 2, Character.toLowerCase(encoded.charAt(index + 2)));
		}
		return lowered.toString();
	}

}
