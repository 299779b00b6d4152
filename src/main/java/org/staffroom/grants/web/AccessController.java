package org.staffroom.grants.web;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.HeldPermission;
import org.staffroom.grants.MemberVisibility;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.grants.web.AccessQuestions.Answer;
import org.staffroom.grants.web.AccessQuestions.Question;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FieldError;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.security.SignedIn;

/**
 * "May this person do that here?" for other services. Answers come from the cached
 * snapshot: no database read on the decision's path. A caller may ask about themselves,
 * or about members they may see (accounts.view); operators may ask about anyone.
 */
@RestController
@Tag(name = "Access decisions")
class AccessController {

	static final int MAX_BATCH = 1000;

	private final OrganisationAccess access;

	private final AccessQuestions questions;

	private final ObjectMapper json;

	AccessController(OrganisationAccess access, AccessQuestions questions, ObjectMapper json) {
		this.access = access;
		this.questions = questions;
		this.json = json;
	}

	/**
	 * The ordinary path of a single check; {@link AccessCheckEndpoint} answers most of
	 * them before they get here, and hands over every request it does not answer itself.
	 */
	@PostMapping("/api/v1/access/check")
	@Operation(summary = "Does the user hold the permission at the unit (the organisation if left out)?")
	Answer check(@RequestBody Question question, @AuthenticationPrincipal SignedIn me) {
		FieldErrors errors = new FieldErrors();
		Answer answer = this.questions.answer(question, me, errors, "");
		errors.throwIfAny();
		return answer;
	}

	@PostMapping("/api/v1/access/check-batch")
	@Operation(summary = "Up to 1,000 questions (a JSON array, or {\"checks\": [...]}); answers in the same order")
	List<Answer> checkBatch(@RequestBody JsonNode body, @AuthenticationPrincipal SignedIn me) {
		JsonNode list = body.isArray() ? body
				: body.has("checks") ? body.get("checks") : body.has("questions") ? body.get("questions") : null;
		if (list == null || !list.isArray()) {
			throw Failure.invalid("body", "invalid", "Send a JSON array of questions");
		}
		if (list.size() > MAX_BATCH) {
			throw Failure.invalid("body", "too_many", "At most " + MAX_BATCH + " questions at once");
		}
		FieldErrors errors = new FieldErrors();
		List<Answer> answers = new ArrayList<>(list.size());
		for (int i = 0; i < list.size(); i++) {
			Question q;
			try {
				q = this.json.treeToValue(list.get(i), Question.class);
			}
			catch (RuntimeException ex) {
				errors.add("[" + i + "]", "wrong_type", "Question " + i + " is not a question");
				continue;
			}
			answers.add(this.questions.answer(q, me, errors, "[" + i + "]."));
		}
		errors.throwIfAny();
		return answers;
	}

	record Granted(String permission, String assignmentId, String role, String unitId, String anchor,
			String scopeUnitId, String explanation) {
	}

	record Explanation(String memberId, String unitId, List<Granted> permissions) {
	}

	@GetMapping("/api/v1/organisations/{org}/members/{id}/access")
	@Operation(summary = "Every permission the member holds at the unit, with the assignment that grants it")
	Explanation explain(@PathVariable String org, @PathVariable String id,
			@RequestParam(required = false) String unitId, @AuthenticationPrincipal SignedIn me) {
		AccessSnapshot snapshot = this.access.require(org, me);
		if (!MemberVisibility.canView(me, id, snapshot)) {
			throw Failure.notFound("That member");
		}
		String unit = (unitId == null || unitId.isBlank()) ? snapshot.rootUnitId() : unitId;
		if (!snapshot.hasUnit(unit)) {
			throw Failure.invalid(
					List.of(new FieldError("unitId", "unknown_unit", "There is no such unit in this organisation")));
		}
		List<Granted> granted = new ArrayList<>();
		for (HeldPermission held : AccessPolicy.permissionsAt(id, unit, snapshot)) {
			var a = held.grantedBy();
			String where = snapshot.unitName(a.unitId()).orElse(a.unitId());
			String scope = snapshot.unitName(held.scopeUnitId()).orElse(held.scopeUnitId());
			granted.add(new Granted(held.permission().key(), a.id(), a.roleKey(), a.unitId(), held.anchor().key(),
					held.scopeUnitId(), held.permission().key() + " comes from the role " + a.roleKey() + " at " + where
							+ ", which grants it across " + scope));
		}
		return new Explanation(id, unit, granted);
	}

}
