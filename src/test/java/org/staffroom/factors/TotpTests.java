package org.staffroom.factors;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** TOTP as RFC 6238 defines it, with its own test vectors; no Spring, no database. */
class TotpTests {

	// RFC 6238 appendix B: the SHA-1 seed is the ASCII of "12345678901234567890".
	private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	@ParameterizedTest(name = "at {0} s the code is {1}")
	@CsvSource({ "59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
			"2000000000, 69279037", "20000000000, 65353130" })
	void matchesTheTestVectorsOfRfc6238(long epochSecond, String expected) {
		assertThat(Totp.code(RFC_SEED, Totp.stepAt(epochSecond), 8, "HmacSHA1")).isEqualTo(expected);
	}

	@Test
	void sixDigitCodesAreTheLastSixDigitsOfTheRfcCodes() {
		String secret = Totp.base32(RFC_SEED);
		assertThat(Totp.code(secret, Totp.stepAt(59))).isEqualTo("287082");
		assertThat(Totp.code(secret, Totp.stepAt(1111111109))).isEqualTo("081804");
	}

	@Test
	void acceptsOneStepEitherSideAndNoMore() {
		String secret = Totp.newSecret();
		long now = 1_000_000;
		for (long offset = -1; offset <= 1; offset++) {
			assertThat(Totp.matchingStep(secret, Totp.code(secret, now + offset), now, 0)).hasValue(now + offset);
		}
		assertThat(Totp.matchingStep(secret, Totp.code(secret, now - 2), now, 0)).isEmpty();
		assertThat(Totp.matchingStep(secret, Totp.code(secret, now + 2), now, 0)).isEmpty();
	}

	@Test
	void refusesACodeOfAStepAlreadyUsedOrEarlier() {
		String secret = Totp.newSecret();
		long now = 2_000_000;
		String code = Totp.code(secret, now);
		assertThat(Totp.matchingStep(secret, code, now, now - 1)).hasValue(now);
		// The same code again, once its step is recorded as used: refused.
		assertThat(Totp.matchingStep(secret, code, now, now)).isEmpty();
		// An older code after a newer one was used: refused too.
		assertThat(Totp.matchingStep(secret, Totp.code(secret, now - 1), now, now)).isEmpty();
	}

	@Test
	void refusesCodesOfTheWrongShape() {
		String secret = Totp.newSecret();
		assertThat(Totp.matchingStep(secret, "12345", 5, 0)).isEmpty();
		assertThat(Totp.matchingStep(secret, "1234567", 5, 0)).isEmpty();
		assertThat(Totp.matchingStep(secret, "12a456", 5, 0)).isEmpty();
		assertThat(Totp.matchingStep(secret, "", 5, 0)).isEmpty();
		assertThat(Totp.wellFormed("123456")).isTrue();
		assertThat(Totp.wellFormed("12 456")).isFalse();
	}

	@Test
	void base32RoundTripsAndIgnoresCaseSpacesAndPadding() {
		byte[] bytes = { 0, 1, 2, (byte) 0xfe, (byte) 0xff, 42, 7, 9, 10, 11 };
		String text = Totp.base32(bytes);
		assertThat(Totp.fromBase32(text)).isEqualTo(bytes);
		assertThat(Totp.fromBase32(text.toLowerCase() + "==")).isEqualTo(bytes);
		assertThat(Totp.newSecret()).hasSize(32).matches("[A-Z2-7]+");
	}

	@Test
	void theOtpauthUriIsWhatAuthenticatorAppsRead() {
		String uri = Totp.otpauthUri("Staffroom", "ann+x@school.test", "JBSWY3DPEHPK3PXP");
		assertThat(uri).isEqualTo("otpauth://totp/Staffroom:ann%2Bx%40school.test?secret=JBSWY3DPEHPK3PXP"
				+ "&issuer=Staffroom&algorithm=SHA1&digits=6&period=30");
	}

}
