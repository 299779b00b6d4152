package org.staffroom.factors;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as RFC 6238 defines them and authenticator apps expect:
 * HMAC-SHA-1, 6 digits, 30-second steps, one step either side accepted (a phone's clock
 * drifts), and never a step at or before the last one accepted, so a code works once.
 * Plain Java, no clock: the caller passes the time.
 */
public final class Totp {

	public static final int DIGITS = 6;

	public static final long STEP_SECONDS = 30;

	private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

	private static final SecureRandom random = new SecureRandom();

	private Totp() {
	}

	/** A new secret of 160 bits (RFC 4226's recommended length), in base32. */
	public static String newSecret() {
		byte[] secret = new byte[20];
		random.nextBytes(secret);
		return base32(secret);
	}

	/** The step that an instant (seconds since the epoch) falls in. */
	public static long stepAt(long epochSecond) {
		return Math.floorDiv(epochSecond, STEP_SECONDS);
	}

	/** The code of a step (RFC 4226's HOTP with the step as counter). */
	public static String code(byte[] key, long step, int digits, String algorithm) {
		try {
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec(key, "RAW"));
			byte[] hash = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(step).array());
			int offset = hash[hash.length - 1] & 0x0f;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
					| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
			int otp = binary % (int) Math.pow(10, digits);
			return String.format(Locale.ROOT, "%0" + digits + "d", otp);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The 6-digit HMAC-SHA-1 code of a step, for a base32 secret. */
	public static String code(String base32Secret, long step) {
		return code(fromBase32(base32Secret), step, DIGITS, "HmacSHA1");
	}

	/**
	 * The step whose code this is, looking one step either side of {@code nowStep} and
	 * never at or before {@code lastUsedStep}; empty when it matches none (wrong,
	 * expired, or already used).
	 */
	public static OptionalLong matchingStep(String base32Secret, String code, long nowStep, long lastUsedStep) {
		if (!wellFormed(code)) {
			return OptionalLong.empty();
		}
		byte[] key = fromBase32(base32Secret);
		for (long step = nowStep - 1; step <= nowStep + 1; step++) {
			if (step > lastUsedStep && java.security.MessageDigest
				.isEqual(code(key, step, DIGITS, "HmacSHA1").getBytes(), code.getBytes())) {
				return OptionalLong.of(step);
			}
		}
		return OptionalLong.empty();
	}

	/** Whether the text is six digits, the only shape a code takes. */
	public static boolean wellFormed(String code) {
		if (code.length() != DIGITS) {
			return false;
		}
		for (int i = 0; i < code.length(); i++) {
			if (code.charAt(i) < '0' || code.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}

	/**
	 * The otpauth URI that authenticator apps read from a QR code (Google's Key Uri
	 * Format).
	 */
	public static String otpauthUri(String issuer, String accountName, String base32Secret) {
		String label = encode(issuer) + ":" + encode(accountName);
		return "otpauth://totp/" + label + "?secret=" + base32Secret + "&issuer=" + encode(issuer)
				+ "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
	}

	private static String encode(String text) {
		return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
	}

	static String base32(byte[] bytes) {
		StringBuilder out = new StringBuilder();
		int buffer = 0;
		int bits = 0;
		for (byte b : bytes) {
			buffer = (buffer << 8) | (b & 0xff);
			bits += 8;
			while (bits >= 5) {
				out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
				bits -= 5;
			}
		}
		if (bits > 0) {
			out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
		}
		return out.toString();
	}

	/** Base32 as apps show it: case and spaces ignored, padding optional. */
	static byte[] fromBase32(String text) {
		String clean = text.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT);
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		int buffer = 0;
		int bits = 0;
		for (int i = 0; i < clean.length(); i++) {
			int value = BASE32.indexOf(clean.charAt(i));
			if (value < 0) {
				throw new IllegalArgumentException("Not base32");
			}
			buffer = (buffer << 5) | value;
			bits += 5;
			if (bits >= 8) {
				out.write((buffer >> (bits - 8)) & 0xff);
				bits -= 8;
			}
		}
		return out.toByteArray();
	}

}
