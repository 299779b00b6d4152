package org.staffroom.accounts;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/**
 * The email is the username: a new one is pending until confirmed by a link sent to it.
 */
class EmailChangesTests extends ApiTestCase {

	@Test
	void anAdministratorChangesAMembersEmailWhichTakesEffectOnlyOnceConfirmed() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		String newEmail = email("renamed");

		var patched = trust.amend(trust.admin, member.id(), Map.of("email", newEmail));

		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(patched.json().get("email").asString()).isEqualTo(member.email());
		assertThat(patched.json().get("pendingEmail").asString()).isEqualTo(newEmail);
		assertThat(signIn(member.email(), PASSWORD).get("/api/v1/me").json().get("pendingEmail").asString())
			.isEqualTo(newEmail);
		assertThatProblem(this.api.post("/api/v1/auth/tokens", Map.of("email", newEmail, "password", PASSWORD))).is(401,
				"unauthenticated");

		var confirmed = this.api.post("/api/v1/email-changes/" + latestLink(newEmail, "email-changes"), Map.of());

		assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
		assertThat(confirmed.json().get("email").asString()).isEqualTo(newEmail);
		assertThat(signIn(newEmail, PASSWORD).get("/api/v1/me").json().get("email").asString()).isEqualTo(newEmail);
		assertThatProblem(this.api.post("/api/v1/auth/tokens", Map.of("email", member.email(), "password", PASSWORD)))
			.is(401, "unauthenticated");
		var after = trust.read(trust.admin, member.id()).json();
		assertThat(after.get("email").asString()).isEqualTo(newEmail);
		assertThat(after.get("pendingEmail").isNull()).isTrue();
		assertThat(emailsTo(member.email())).as("the old address is told").isGreaterThanOrEqualTo(2);
	}

	@Test
	void aMemberChangesTheirOwnEmailThroughMe() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		String newEmail = email("mine");

		var patched = member.api().patch("/api/v1/me", Map.of("email", newEmail));

		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(patched.json().get("email").asString()).isEqualTo(member.email());
		assertThat(patched.json().get("pendingEmail").asString()).isEqualTo(newEmail);
		assertThat(this.api.post("/api/v1/email-changes/" + latestLink(newEmail, "email-changes"), Map.of()).status())
			.isEqualTo(200);
		assertThat(signIn(newEmail, PASSWORD).get("/api/v1/me").json().get("email").asString()).isEqualTo(newEmail);
		assertThatProblem(this.api.post("/api/v1/auth/tokens", Map.of("email", member.email(), "password", PASSWORD)))
			.is(401, "unauthenticated");
		var check = trust.admin.post("/api/v1/access/check",
				Map.of("organisationId", trust.id, "email", newEmail.toUpperCase(), "permission", "results.summary"));
		assertThat(check.json().get("allowed").asBoolean()).as(check.toString()).isTrue();
	}

	@Test
	void refusesAnEmailThatAnotherAccountUsesAndChangesNothing() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		Member other = trust.member("org-overview", null);
		String etag = trust.read(trust.admin, member.id()).header("ETag");

		var byAdmin = trust.admin.header("If-Match", etag)
			.patch(trust.path("/members/" + member.id()),
					Map.of("firstName", "Changed", "email", other.email().toUpperCase()));
		var byThemselves = member.api().patch("/api/v1/me", Map.of("lastName", "Changed", "email", other.email()));

		assertThatProblem(byAdmin).is(409, "email_taken");
		assertThatProblem(byThemselves).is(409, "email_taken");
		var after = trust.read(trust.admin, member.id());
		assertThat(after.header("ETag")).isEqualTo(etag);
		assertThat(after.json().get("firstName").asString()).isEqualTo("First");
		assertThat(after.json().get("lastName").asString()).isEqualTo("Last");
		assertThat(after.json().get("pendingEmail").isNull()).isTrue();
	}

	@Test
	void aConfirmationIsRefusedWhenAnotherAccountTookTheAddressMeanwhile() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		String wanted = email("wanted");
		member.api().patch("/api/v1/me", Map.of("email", wanted));
		String link = latestLink(wanted, "email-changes");
		assertThat(trust.invite(trust.admin, wanted, "org-overview", null).status())
			.as("a pending change does not reserve the address")
			.isEqualTo(201);

		assertThatProblem(this.api.post("/api/v1/email-changes/" + link, Map.of())).is(409, "email_taken");
		assertThat(signIn(member.email(), PASSWORD).get("/api/v1/me").json().get("email").asString())
			.isEqualTo(member.email());
	}

	@Test
	void aPendingEmailChangeMovesTheMembersETag() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		String etag = trust.read(trust.admin, member.id()).header("ETag");
		String theirs = email("theirs");

		member.api().patch("/api/v1/me", Map.of("email", theirs));

		var now = trust.read(trust.admin, member.id());
		assertThat(now.json().get("pendingEmail").asString()).isEqualTo(theirs);
		assertThat(now.header("ETag")).isNotEqualTo(etag);
		assertThatProblem(trust.admin.header("If-Match", etag)
			.patch(trust.path("/members/" + member.id()), Map.of("email", email("admins-choice"))))
			.is(412, "stale_version");
		assertThat(trust.read(trust.admin, member.id()).json().get("pendingEmail").asString()).isEqualTo(theirs);
	}

	@Test
	void aConfirmationLinkWorksOnce() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		String newEmail = email("once");
		member.api().patch("/api/v1/me", Map.of("email", newEmail));
		String link = latestLink(newEmail, "email-changes");
		assertThat(this.api.post("/api/v1/email-changes/" + link, Map.of()).status()).isEqualTo(200);

		assertThatProblem(this.api.post("/api/v1/email-changes/" + link, Map.of())).is(410, "token_used");
		assertThatProblem(this.api.post("/api/v1/email-changes/" + "B".repeat(43), Map.of())).is(404, "not_found");
	}

	@Test
	void aNewerRequestReplacesAPendingOne() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		String first = email("first");
		String second = email("second");
		member.api().patch("/api/v1/me", Map.of("email", first));
		String firstLink = latestLink(first, "email-changes");

		var patched = member.api().patch("/api/v1/me", Map.of("email", second));

		assertThat(patched.json().get("pendingEmail").asString()).isEqualTo(second);
		assertThatProblem(this.api.post("/api/v1/email-changes/" + firstLink, Map.of())).is(410, "token_used");
	}

	@Test
	void refusesAnAddressThatIsNotAnEmail() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);

		assertThatProblem(member.api().patch("/api/v1/me", Map.of("email", "no-at-sign.test"))).isInvalid("email");
		assertThatProblem(trust.amend(trust.admin, member.id(), Map.of("email", "two words@school.test")))
			.isInvalid("email");
		assertThat(trust.read(trust.admin, member.id()).json().get("pendingEmail").isNull()).isTrue();
	}

	@Test
	void theOldAddressIsToldWhenAChangeIsAskedForAndCanStopIt() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		String newEmail = email("takeover");
		long before = emailsTo(member.email());

		trust.amend(trust.admin, member.id(), Map.of("email", newEmail));

		assertThat(emailsTo(member.email())).as("the old address is told at once").isEqualTo(before + 1);
		String stop = latestLink(member.email(), "email-changes/stop");
		String confirm = latestLink(newEmail, "email-changes");

		var stopped = this.api.anonymous().post("/api/v1/email-changes/stop/" + stop, Map.of());

		assertThat(stopped.status()).as(stopped.toString()).isEqualTo(200);
		assertThatProblem(this.api.post("/api/v1/email-changes/" + confirm, Map.of())).is(410, "change_stopped");
		assertThatProblem(this.api.anonymous().post("/api/v1/email-changes/stop/" + stop, Map.of())).is(410,
				"token_used");
		var after = trust.read(trust.admin, member.id()).json();
		assertThat(after.get("email").asString()).isEqualTo(member.email());
		assertThat(after.get("pendingEmail").isNull()).isTrue();
		assertThat(signIn(member.email(), PASSWORD).get("/api/v1/me").status()).isEqualTo(200);
		var audit = trust.admin.get("/api/v1/organisations/" + trust.id + "/audit").json();
		assertThat(audit.toString()).doesNotContain("email_change_stopped")
			.as("a stop belongs to the account, not the organisation's log");
	}

	@Test
	void aStopLinkNoLongerWorksOnceTheChangeIsConfirmed() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		String newEmail = email("confirmed-first");
		trust.amend(trust.admin, member.id(), Map.of("email", newEmail));
		String stop = latestLink(member.email(), "email-changes/stop");
		assertThat(this.api.post("/api/v1/email-changes/" + latestLink(newEmail, "email-changes"), Map.of()).status())
			.isEqualTo(200);

		assertThatProblem(this.api.anonymous().post("/api/v1/email-changes/stop/" + stop, Map.of())).is(410,
				"token_used");
		assertThat(trust.read(trust.admin, member.id()).json().get("email").asString()).isEqualTo(newEmail);
	}

	@Test
	void anUnknownStopLinkIsNotFound() {
		assertThatProblem(this.api.anonymous().post("/api/v1/email-changes/stop/" + "x".repeat(43), Map.of())).is(404,
				"not_found");
	}

}
