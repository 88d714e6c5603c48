package io.github.neonmigrations.connection;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding as libpq and pgjdbc do it, and percent-encoding that pgjdbc decodes
 * back to the exact value.
 */
final class PercentCodec {

	private PercentCodec() {
	}

	/**
	 * Decodes {@code text[start, end)}; with {@code plusIsSpace}, '+' means a space as it
	 * does for pgjdbc's {@link java.net.URLDecoder}, while libpq keeps it.
	 */
	static String decode(String text, int start, int end, boolean plusIsSpace) {
		StringBuilder decoded = new StringBuilder(end - start);
		int index = start;
		while (index < end) {
			char character = text.charAt(index);
			if (character != '%') {
				decoded.append((plusIsSpace && character == '+') ? ' ' : character);
				index++;
				continue;
			}
			// Consecutive escapes form one UTF-8 sequence, so they are decoded together.
			int runStart = index;
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			while (index < end && text.charAt(index) == '%') {
				int high = (index + 1 < end) ? hexValue(text.charAt(index + 1)) : -1;
				int low = (index + 2 < end) ? hexValue(text.charAt(index + 2)) : -1;
				if (high < 0 || low < 0) {
					throw new MalformedException(index, Math.min(index + 3, end), false);
				}
				bytes.write((high << 4) | low);
				index += 3;
			}
			decoded.append(utf8(bytes.toByteArray(), runStart, index));
		}
		return decoded.toString();
	}

	/**
	 * Decodes {@code text[start, end)} as far as it can: each valid {@code %XX} becomes
	 * its byte, as a character of ISO-8859-1, and anything else stays as it is. For
	 * names, which are ASCII, this is what the parser reads, and it never fails.
	 */
	static String decodeLeniently(String text, int start, int end) {
		StringBuilder decoded = new StringBuilder(end - start);
		int index = start;
		while (index < end) {
			char character = text.charAt(index);
			int high = (character == '%' && index + 2 < end) ? hexValue(text.charAt(index + 1)) : -1;
			int low = (high >= 0) ? hexValue(text.charAt(index + 2)) : -1;
			if (low >= 0) {
				decoded.append((char) ((high << 4) | low));
				index += 3;
			}
			else {
				decoded.append(character);
				index++;
			}
		}
		return decoded.toString();
	}

	/**
	 * Encodes everything but letters, digits and {@code . - _ *}, with a space as
	 * {@code %20} so that both libpq and pgjdbc read the value back unchanged.
	 */
	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static int hexValue(char character) {
		if (character >= '0' && character <= '9') {
			return character - '0';
		}
		if (character >= 'a' && character <= 'f') {
			return character - 'a' + 10;
		}
		if (character >= 'A' && character <= 'F') {
			return character - 'A' + 10;
		}
		return -1;
	}

	private static String utf8(byte[] bytes, int start, int end) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new MalformedException(start, end, true);
		}
	}

	/**
	 * A malformed escape at {@code text[start, end)}.
	 */
	static final class MalformedException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final int start;

		private final int end;

		private final boolean invalidUtf8;

		MalformedException(int start, int end, boolean invalidUtf8) {
			super(null, null, false, false);
			this.start = start;
			this.end = end;
			this.invalidUtf8 = invalidUtf8;
		}

		int start() {
			return this.start;
		}

		int end() {
			return this.end;
		}

		boolean invalidUtf8() {
			return this.invalidUtf8;
		}

	}

}
