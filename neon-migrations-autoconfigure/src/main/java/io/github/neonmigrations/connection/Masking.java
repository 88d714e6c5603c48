package io.github.neonmigrations.connection;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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

	private static final String FREE_TEXT_TERMINATORS = "\"'<>`";

	// What separates name=value pairs in URLs, libpq's keyword=value strings and
	// environment dumps; whitespace too.
	private static final String NAME_DELIMITERS = "?&;,=\"'<>`";

	// Longest first; without ':' too, as a user may drop it.
	private static final List<String> KNOWN_SCHEMES = List.of("jdbc:postgresql:", "postgresql:", "postgresql",
			"postgres:", "postgres");

	private static final List<String> SCHEMES_WITHOUT_COLON = List.of("postgresql", "postgres");

	private static final Set<String> SECRET_NAMES = Set.of("password", "sslpassword", "pgpassword");

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
	 * Masks the passwords of one connection string, possibly malformed: whitespace and
	 * quotes do not end it, as they end a URL in free text.
	 * @param connectionString the connection string, e.g. the value of
	 * {@code DATABASE_URL}
	 * @return the connection string with every password replaced by {@code ****}
	 */
	public static String maskConnectionString(String connectionString) {
		return apply(connectionString, secretRanges(connectionString, true));
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
	 * does not end it; in free text every URL counts and whitespace or quotes end it. One
	 * pass over the text, so that masking takes linear time whatever the input.
	 */
	static List<int[]> secretRanges(String text, boolean wholeInput) {
		List<int[]> ranges = new ArrayList<>();
		if (wholeInput) {
			addWholeInputUserinfoPassword(text, ranges);
		}
		else {
			addFreeTextUserinfoPasswords(text, ranges);
		}
		addSecretParameterValues(text, wholeInput, ranges);
		return merge(ranges);
	}

	/**
	 * A URL's authority starts after "://", or after "//" right behind one of the
	 * library's schemes that lost its ':'; the URL ends at whitespace, a quote, or where
	 * the next one begins.
	 */
	private static void addFreeTextUserinfoPasswords(String text, List<int[]> ranges) {
		int length = text.length();
		int separator = nextSeparator(text, 0, length);
		int runningInto = -1;
		while (separator < length) {
			int start = separator + 2;
			int end = start;
			while (end < length && !endsFreeText(text.charAt(end)) && !isSeparator(text, end)) {
				end++;
			}
			boolean nextUrl = end < length && isSeparator(text, end);
			int urlEnd = nextUrl ? schemeStart(text, end, start) : end;
			addUserinfoPassword(text, start, urlEnd, ranges);
			if (runningInto >= 0) {
				// "postgresql://alice://x@host": a password that starts with "//" looks
				// like a URL.
				addUserinfoPassword(text, runningInto, urlEnd, ranges);
			}
			runningInto = (nextUrl && indexOfAny(text, "@", start, urlEnd) == urlEnd) ? start : -1;
			separator = nextUrl ? end : nextSeparator(text, end, length);
		}
	}

	private static int nextSeparator(String text, int from, int length) {
		int index = from;
		while (index < length && !isSeparator(text, index)) {
			index++;
		}
		return index;
	}

	/**
	 * Whether the "//" of a URL starts at {@code index}.
	 */
	private static boolean isSeparator(String text, int index) {
		if (!text.startsWith("//", index)) {
			return false;
		}
		if (index > 0 && text.charAt(index - 1) == ':') {
			return true;
		}
		for (String scheme : SCHEMES_WITHOUT_COLON) {
			int schemeStart = index - scheme.length();
			if (schemeStart >= 0 && text.regionMatches(true, schemeStart, scheme, 0, scheme.length())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Adds the password of the userinfo in {@code text[start, end)}.
	 */
	private static void addUserinfoPassword(String text, int start, int end, List<int[]> ranges) {
		int authorityEnd = indexOfAny(text, "/?", start, end);
		int at = passwordEnd(text, start, authorityEnd, end);
		int colon = (at >= 0) ? indexOfAny(text, ":", start, at) : at;
		if (colon + 1 < at) {
			ranges.add(new int[] { colon + 1, at });
		}
	}

	/**
	 * Finds the '@' that ends the userinfo of the URL whose authority, as delimited by
	 * the first '/' or '?', is {@code text[start, authorityEnd)}. An unencoded '/' or '?'
	 * in the password ends that authority early, and an '@' follows it: the password then
	 * runs to that '@' when it stands in the path, or in a query without any
	 * {@code name=value} before it, or when what precedes looks like
	 * {@code user:password} rather than {@code host:port}. A parameter value with an '@'
	 * does not count. The parser decides by the same rule.
	 * @return the index of the '@', or -1 when the URL has no userinfo
	 */
	static int passwordEnd(String text, int start, int authorityEnd, int end) {
		int atInAuthority = lastIndexOf(text, '@', start, authorityEnd);
		int userinfoEnd = (atInAuthority >= 0) ? atInAuthority : authorityEnd;
		int colon = indexOfAny(text, ":", start, userinfoEnd);
		int later = lastIndexOf(text, '@', authorityEnd, end);
		if (colon == userinfoEnd || later < 0) {
			return atInAuthority;
		}
		int queryStart = indexOfAny(text, "?", authorityEnd, end);
		boolean inPath = later < queryStart;
		boolean noParameterBefore = indexOfAny(text, "=", authorityEnd, later) == later;
		boolean hostAndPort = (atInAuthority >= 0) ? isHost(text, atInAuthority + 1, authorityEnd)
				: isHost(text, start, colon) && colon + 1 < authorityEnd
						&& indexOfNonDigit(text, colon + 1, authorityEnd) == authorityEnd;
		return (inPath || noParameterBefore || !hostAndPort || startsAuthority(text, later + 1, end)) ? later
				: atInAuthority;
	}

	/**
	 * Whether {@code text[start, end)} starts with a host and then a path or a query, as
	 * after the '@' of a userinfo, and unlike the rest of a parameter value.
	 */
	private static boolean startsAuthority(String text, int start, int end) {
		int hostEnd = indexOfAny(text, "/?", start, end);
		return start == end || (hostEnd < end && isHost(text, start, hostEnd));
	}

	/**
	 * Whether {@code text[start, end)} can be a host, with or without a port.
	 */
	private static boolean isHost(String text, int start, int end) {
		if (start >= end) {
			return false;
		}
		for (int index = start; index < end; index++) {
			char character = text.charAt(index);
			if (!isParameterNameCharacter(character) && character != ':' && character != '[' && character != ']') {
				return false;
			}
		}
		return true;
	}

	private static int indexOfNonDigit(String text, int start, int end) {
		for (int index = start; index < end; index++) {
			char character = text.charAt(index);
			if (character < '0' || character > '9') {
				return index;
			}
		}
		return end;
	}

	/**
	 * Adds the value of every parameter whose name, percent-decoded as the parser decodes
	 * it, ends in {@code password}, {@code sslpassword} or {@code pgpassword}:
	 * {@code password=}, {@code passwor%64=}, {@code PGPASSWORD=},
	 * {@code spring.datasource.password=}, but not {@code mypassword=}.
	 */
	private static void addSecretParameterValues(String text, boolean wholeInput, List<int[]> ranges) {
		int equals = text.indexOf('=');
		while (equals >= 0) {
			int nameStart = equals;
			while (nameStart > 0 && !isNameDelimiter(text.charAt(nameStart - 1))) {
				nameStart--;
			}
			if (isSecretName(text, nameStart, equals)) {
				int valueEnd = addParameterValue(text, equals + 1, wholeInput, ranges);
				equals = text.indexOf('=', valueEnd);
			}
			else {
				equals = text.indexOf('=', equals + 1);
			}
		}
	}

	private static boolean isNameDelimiter(char character) {
		return Character.isWhitespace(character) || NAME_DELIMITERS.indexOf(character) >= 0;
	}

	private static boolean isSecretName(String text, int start, int end) {
		String name = PercentCodec.decodeLeniently(text, start, end).toLowerCase(Locale.ROOT);
		int tail = name.length();
		while (tail > 0 && isLetterOrDigit(name.charAt(tail - 1))) {
			tail--;
		}
		return SECRET_NAMES.contains(name.substring(tail));
	}

	private static boolean isLetterOrDigit(char character) {
		return (character >= 'a' && character <= 'z') || (character >= '0' && character <= '9');
	}

	/**
	 * Adds the value that starts at {@code start}.
	 * @return where the value ends
	 */
	private static int addParameterValue(String text, int start, boolean wholeInput, List<int[]> ranges) {
		if (start < text.length() && text.charAt(start) == '\'') {
			// libpq's keyword=value form quotes values that contain spaces.
			int end = start + 1;
			while (end < text.length() && text.charAt(end) != '\'') {
				end += (text.charAt(end) == '\\') ? 2 : 1;
			}
			end = Math.min(end, text.length());
			ranges.add(new int[] { start + 1, end });
			return end;
		}
		int end = start;
		while (end < text.length() && (wholeInput || !endsFreeText(text.charAt(end)))
				&& (text.charAt(end) != '&' || !startsParameter(text, end + 1))) {
			end++;
		}
		if (end > start) {
			ranges.add(new int[] { start, end });
		}
		return end;
	}

	/**
	 * Whether a parameter of libpq or pgjdbc follows: an '&' that does not start one
	 * belongs to the value, as an unencoded '&' in a password does.
	 */
	private static boolean startsParameter(String text, int start) {
		int index = start;
		while (index < text.length() && isParameterNameCharacter(text.charAt(index))) {
			index++;
		}
		return index > start && index < text.length() && text.charAt(index) == '='
				&& LibpqParameters.isKnownName(PercentCodec.decodeLeniently(text, start, index));
	}

	private static boolean isParameterNameCharacter(char character) {
		return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z')
				|| (character >= '0' && character <= '9') || character == '_' || character == '.' || character == '-'
				|| character == '%';
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

	/**
	 * After a scheme of the library's, the authority is plain. A malformed input may have
	 * no scheme, one it does not know, or a user name that looks like one
	 * ({@code alice://...}): then both readings count.
	 */
	private static void addWholeInputUserinfoPassword(String text, List<int[]> ranges) {
		int start = knownSchemeEnd(text);
		if (start >= 0) {
			addUserinfoPassword(text, start, text.length(), ranges);
			return;
		}
		addUserinfoPassword(text, 0, text.length(), ranges);
		int separator = text.indexOf("//");
		if (separator >= 0) {
			addUserinfoPassword(text, separator + 2, text.length(), ranges);
		}
	}

	private static int knownSchemeEnd(String text) {
		for (String scheme : KNOWN_SCHEMES) {
			if (text.regionMatches(true, 0, scheme, 0, scheme.length())) {
				return text.startsWith("//", scheme.length()) ? scheme.length() + 2 : scheme.length();
			}
		}
		return -1;
	}

	private static boolean endsFreeText(char character) {
		return Character.isWhitespace(character) || FREE_TEXT_TERMINATORS.indexOf(character) >= 0;
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
