package org.staffroom.system.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Seals secrets that must be kept at rest (AES-256-GCM), with the key given in
 * {@code STAFFROOM_SECRET_KEY} (32 random bytes, base64), or else a key generated under
 * {@code ./data} on first start, as identity.md says. A sealed value names the key it was
 * sealed with ({@code v1.<fingerprint>.<base64>}), so that after a rotation
 * ({@code STAFFROOM_PREVIOUS_SECRET_KEYS}, comma-separated) old values are still opened
 * and can be sealed again with the new key.
 */
@Component
public class SealedSecrets {

	private static final Logger log = LoggerFactory.getLogger(SealedSecrets.class);

	private static final SecureRandom random = new SecureRandom();

	private static final int NONCE_BYTES = 12;

	private final byte[] key;

	private final String fingerprint;

	// Every key that may open a value: the current one and those rotated out.
	private final Map<String, byte[]> keys = new LinkedHashMap<>();

	SealedSecrets(@Value("${staffroom.secret-key:${STAFFROOM_SECRET_KEY:}}") String configured,
			@Value("${staffroom.previous-secret-keys:${STAFFROOM_PREVIOUS_SECRET_KEYS:}}") String previous,
			@Value("${staffroom.data-directory:./data}") String dataDirectory) {
		this.key = configured.isBlank() ? generatedKey(Path.of(dataDirectory)) : decode(configured);
		this.fingerprint = fingerprintOf(this.key);
		this.keys.put(this.fingerprint, this.key);
		for (String old : previous.split(",")) {
			if (!old.isBlank()) {
				byte[] oldKey = decode(old.strip());
				this.keys.putIfAbsent(fingerprintOf(oldKey), oldKey);
			}
		}
	}

	/** The secret, sealed with the current key. */
	public String seal(String secret) {
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			random.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(this.key, "AES"), new GCMParameterSpec(128, nonce));
			cipher.updateAAD(this.fingerprint.getBytes(StandardCharsets.US_ASCII));
			byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
			byte[] whole = new byte[nonce.length + sealed.length];
			System.arraycopy(nonce, 0, whole, 0, nonce.length);
			System.arraycopy(sealed, 0, whole, nonce.length, sealed.length);
			return "v1." + this.fingerprint + "." + Base64.getEncoder().encodeToString(whole);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not seal a secret", ex);
		}
	}

	/**
	 * The secret inside a sealed value.
	 * @throws IllegalStateException if no key known here sealed it, or it was tampered
	 * with
	 */
	public String open(String sealed) {
		String[] parts = sealed.split("\\.", 3);
		if (parts.length != 3 || !parts[0].equals("v1")) {
			throw new IllegalStateException("Not a sealed secret");
		}
		byte[] opening = this.keys.get(parts[1]);
		if (opening == null) {
			throw new IllegalStateException("A secret was sealed with key " + parts[1]
					+ ", which is neither STAFFROOM_SECRET_KEY nor in STAFFROOM_PREVIOUS_SECRET_KEYS");
		}
		try {
			byte[] whole = Base64.getDecoder().decode(parts[2]);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(opening, "AES"),
					new GCMParameterSpec(128, whole, 0, NONCE_BYTES));
			cipher.updateAAD(parts[1].getBytes(StandardCharsets.US_ASCII));
			return new String(cipher.doFinal(whole, NONCE_BYTES, whole.length - NONCE_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("A sealed secret could not be opened", ex);
		}
	}

	/** Whether the value was sealed with an older key and should be sealed again. */
	public boolean sealedWithOldKey(String sealed) {
		return !sealed.startsWith("v1." + this.fingerprint + ".");
	}

	private static byte[] decode(String base64) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(
					"STAFFROOM_SECRET_KEY must be 32 bytes in base64 (openssl rand -base64 32)");
		}
		if (key.length != 32) {
			throw new IllegalStateException(
					"STAFFROOM_SECRET_KEY must be 32 bytes in base64 (openssl rand -base64 32)");
		}
		return key;
	}

	private static String fingerprintOf(byte[] key) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// The embedded default: a key made once and kept beside the H2 database, so the
	// README's one command runs everything. Production sets STAFFROOM_SECRET_KEY.
	private static byte[] generatedKey(Path directory) {
		Path file = directory.resolve("secret-key");
		try {
			if (Files.exists(file)) {
				log.info("STAFFROOM_SECRET_KEY is not set: using the key generated earlier in {}", file);
				return decode(Files.readString(file));
			}
			Files.createDirectories(directory);
			byte[] key = new byte[32];
			random.nextBytes(key);
			Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system: the directory's own permissions protect it
			}
			log.warn("STAFFROOM_SECRET_KEY is not set: generated a key in {}. Set STAFFROOM_SECRET_KEY in "
					+ "production (see the README), and keep this file with the database until then", file);
			return key;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read or write " + file, ex);
		}
	}

}
