package org.staffroom.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * API tests with a real SMTP server (GreenMail) in the test process: the outbox sender
 * delivers to it, and tests follow the links in what arrived.
 */
public abstract class MailTestCase extends ApiTestCase {

	protected static final int SMTP_PORT = freePort();

	protected static final GreenMail SMTP = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));

	static {
		SMTP.start();
	}

	@DynamicPropertySource
	static void mail(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> SMTP_PORT);
		registry.add("staffroom.mail.poll", () -> "PT0.2S");
		registry.add("staffroom.public-base-url", () -> "http://staffroom.test");
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Messages received for the address so far. */
	protected static List<MimeMessage> received(String address) {
		return Arrays.stream(SMTP.getReceivedMessages()).filter((m) -> {
			try {
				return Arrays.stream(m.getAllRecipients()).anyMatch((r) -> r.toString().equalsIgnoreCase(address));
			}
			catch (Exception ex) {
				return false;
			}
		}).toList();
	}

	/** Waits for the n-th message to the address and returns it. */
	protected static MimeMessage awaitMessage(String address, int count) {
		Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> received(address).size() >= count);
		return received(address).get(count - 1);
	}

	/**
	 * Waits for a message to the address whose text contains the fragment, whatever else
	 * arrives around it.
	 */
	protected static MimeMessage awaitMessageContaining(String address, String fragment) {
		Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(20))
			.until(() -> received(address).stream().anyMatch((m) -> text(m).contains(fragment)));
		List<MimeMessage> matching = received(address).stream().filter((m) -> text(m).contains(fragment)).toList();
		return matching.get(matching.size() - 1);
	}

	private static String text(MimeMessage message) {
		return GreenMailUtil.getBody(message).replace("=\r\n", "").replace("=3D", "=");
	}

	/** The token of the first link of this kind in a received message's text. */
	protected static String linkIn(MimeMessage message, String kind) {
		String body = GreenMailUtil.getBody(message);
		String decoded = body.replace("=\r\n", "").replace("=3D", "=");
		Matcher m = Pattern.compile("http://staffroom\\.test/" + kind + "/([A-Za-z0-9_-]{20,})").matcher(decoded);
		if (!m.find()) {
			throw new AssertionError("No " + kind + " link in: " + decoded);
		}
		return m.group(1);
	}

}
