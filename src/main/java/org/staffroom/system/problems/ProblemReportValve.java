package org.staffroom.system.problems;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.MediaType;

/**
 * Tomcat's own error answers, for requests it refuses before the application sees them (a
 * request line or header it cannot parse, a header larger than allowed, an encoded slash
 * or {@code %00} in the path): problem+json with a {@code code}, like every other error,
 * instead of Tomcat's HTML. An error the application has already answered (through
 * {@link ErrorPages}) is left as it is.
 */
class ProblemReportValve extends ErrorReportValve {

	private final ObjectMapper json;

	ProblemReportValve(ObjectMapper json) {
		this.json = json;
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		Failure failure = ErrorPages.failureOf(status);
		try {
			response.resetBuffer();
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			failure.headers().forEach(response::setHeader);
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(this.json.writeValueAsString(ProblemHandler.body(failure)));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is gone or the response was already sent: nothing more can
			// be said.
		}
	}

}
