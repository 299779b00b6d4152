package org.staffroom.mail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.HtmlUtils;

/**
 * The HTML alternative of a plain-text email: the same words, escaped, with paragraphs
 * kept and links made clickable. Names and other user text can never become markup.
 */
final class EmailBodies {

	private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"]+");

	private EmailBodies() {
	}

	static String html(String text) {
		StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family: Arial, sans-serif; "
				+ "font-size: 16px; line-height: 1.4; color: #0b0c0c\">");
		for (String paragraph : text.split("\\n\\s*\\n")) {
			String escaped = HtmlUtils.htmlEscape(paragraph.strip());
			Matcher m = LINK.matcher(escaped);
			StringBuilder linked = new StringBuilder();
			while (m.find()) {
				String url = m.group();
				m.appendReplacement(linked, Matcher.quoteReplacement("<a href=\"" + url + "\">" + url + "</a>"));
			}
			m.appendTail(linked);
			html.append("<p>").append(linked.toString().replace("\n", "<br>")).append("</p>");
		}
		return html.append("</body></html>").toString();
	}

}
