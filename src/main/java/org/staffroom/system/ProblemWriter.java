package org.staffroom.system;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/** Writes a problem+json answer from a filter, before any controller runs. */
@Component
class ProblemWriter {

	private final ObjectMapper json;

	ProblemWriter(ObjectMapper json) {
		this.json = json;
	}

	void write(HttpServletResponse response, ApiProblem problem) throws IOException {
		response.setStatus(problem.status().value());
		problem.headers().forEach(response::setHeader);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), ProblemHandler.body(problem));
	}

}
