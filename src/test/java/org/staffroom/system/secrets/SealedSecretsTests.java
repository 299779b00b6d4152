package org.staffroom.system.secrets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Secrets at rest: sealed with STAFFROOM_SECRET_KEY, or a key generated under ./data when
 * it is not set; opened after a rotation with the previous key; never opened by a wrong
 * key or after tampering.
 */
class SealedSecretsTests {

	private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);

	private static final String KEY_B = Base64.getEncoder().encodeToString("b".repeat(32).getBytes());

	@Test
	void sealsAndOpensAndNeverShowsTheSecret(@TempDir Path data) {
		SealedSecrets secrets = new SealedSecrets(KEY_A, "", data.toString());
		String sealed = secrets.seal("JBSWY3DPEHPK3PXP");
		assertThat(sealed).startsWith("v1.").doesNotContain("JBSWY3DPEHPK3PXP");
		assertThat(secrets.seal("JBSWY3DPEHPK3PXP")).isNotEqualTo(sealed);
		assertThat(secrets.open(sealed)).isEqualTo("JBSWY3DPEHPK3PXP");
	}

	@Test
	void aRotatedKeyStillOpensWhatTheOldOneSealed(@TempDir Path data) {
		String sealedWithA = new SealedSecrets(KEY_A, "", data.toString()).seal("secret");
		SealedSecrets rotated = new SealedSecrets(KEY_B, KEY_A, data.toString());
		assertThat(rotated.sealedWithOldKey(sealedWithA)).isTrue();
		assertThat(rotated.open(sealedWithA)).isEqualTo("secret");
		assertThat(rotated.sealedWithOldKey(rotated.seal("secret"))).isFalse();
		assertThatThrownBy(() -> new SealedSecrets(KEY_B, "", data.toString()).open(sealedWithA))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("STAFFROOM_PREVIOUS_SECRET_KEYS");
	}

	@Test
	void tamperingIsFound(@TempDir Path data) {
		SealedSecrets secrets = new SealedSecrets(KEY_A, "", data.toString());
		String sealed = secrets.seal("secret");
		int dot = sealed.lastIndexOf('.');
		byte[] bytes = Base64.getDecoder().decode(sealed.substring(dot + 1));
		// One bit of the ciphertext flipped: GCM's tag no longer matches.
		bytes[14] ^= 1;
		String tampered = sealed.substring(0, dot + 1) + Base64.getEncoder().encodeToString(bytes);
		assertThatThrownBy(() -> secrets.open(tampered)).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void withoutAKeyOneIsGeneratedUnderDataOnceAndKept(@TempDir Path data) throws Exception {
		SealedSecrets first = new SealedSecrets("", "", data.toString());
		String sealed = first.seal("secret");
		assertThat(Files.readString(data.resolve("secret-key")).strip()).hasSize(44);
		assertThat(new SealedSecrets("", "", data.toString()).open(sealed)).isEqualTo("secret");
	}

	@Test
	void aKeyOfTheWrongLengthIsRefusedAtStart(@TempDir Path data) {
		assertThatThrownBy(() -> new SealedSecrets("c2hvcnQ=", "", data.toString()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("32 bytes");
	}

}
