package org.staffroom.system.problems;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/** Writes a problem+json answer from a filter, before any controller runs. */
@Component
public class ProblemWriter {

	private final ObjectMapper json;

	ProblemWriter(ObjectMapper json) {
		this.json = json;
	}

	public void write(HttpServletResponse response, Failure problem) throws IOException {
		response.setStatus(ProblemHandler.statusOf(problem.kind()).value());
		problem.headers().forEach(response::setHeader);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), ProblemHandler.body(problem));
	}

}
