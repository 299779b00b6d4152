package org.staffroom.invitations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.Api;
import org.staffroom.testing.ApiTestCase;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.ProblemAssert.assertThatProblem;

/**
 * Inviting staff, the single-use link, resending, revoking, expiry, and joining with an
 * existing account.
 */
class InvitationsApiTests extends ApiTestCase {

	@Test
	void invitesAColleagueWithRolesAndEmailsThemASingleUseLink() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String who = email("new");

		var invited = trust.admin.post(trust.path("/invitations"),
				Map.of("email", who, "firstName", "Nia", "lastName", "Okafor", "jobTitle", "Exams officer", "roles",
						List.of(Map.of("role", "headteacher", "unitId", oak), Map.of("role", "org-overview"))));

		assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
		JsonNode body = invited.json();
		assertThat(body.get("id").asString()).isNotBlank();
		assertThat(body.get("memberId").asString()).isNotBlank();
		assertThat(body.get("status").asString()).isEqualTo("pending");
		assertThat(Instant.parse(body.get("expiresAt").asString())).isAfter(Instant.now());
		String link = latestLink(who, "invitations");

		var offer = this.api.get("/api/v1/invitations/" + link);

		assertThat(offer.status()).as(offer.toString()).isEqualTo(200);
		assertThat(offer.json().get("organisation").asString()).isEqualTo("Trust " + trust.adminEmail);
		assertThat(offer.json().get("invitedBy").asString()).isEqualTo("Main Holder");
		assertThat(offer.json().get("email").asString()).isEqualTo(who);
		assertThat(offer.json().get("expiresAt").asString()).isEqualTo(body.get("expiresAt").asString());
		var member = trust.read(trust.admin, body.get("memberId").asString()).json();
		assertThat(member.get("status").asString()).isEqualTo("invited");
		assertThat(member.get("jobTitle").asString()).isEqualTo("Exams officer");
		assertThat(member.get("roles")).extracting((r) -> r.get("role").asString() + "@" + r.get("unitId").asString())
			.containsExactlyInAnyOrder("headteacher@" + oak, "org-overview@" + trust.root);
	}

	@Test
	void aNewAccountAcceptsWithAPasswordThatMeetsThePolicy() {
		Trust trust = aTrust();
		String who = email("new");
		String memberId = trust.invite(trust.admin, who, "org-overview", null).json().get("memberId").asString();
		String link = latestLink(who, "invitations");

		assertThatProblem(this.api.post("/api/v1/invitations/" + link + "/accept", Map.of("password", "too-short")))
			.isInvalid("password");
		assertThatProblem(this.api.post("/api/v1/invitations/" + link + "/accept", Map.of("password", "Password1234")))
			.isInvalid("password");
		assertThatProblem(this.api.post("/api/v1/invitations/" + link + "/accept", Map.of())).isInvalid("password");
		assertThatProblem(this.api.post("/api/v1/auth/tokens", Map.of("email", who, "password", "Password1234")))
			.is(401, "unauthenticated");
		var accepted = this.api.post("/api/v1/invitations/" + link + "/accept", Map.of("password", PASSWORD));

		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
		assertThat(accepted.json().get("memberId").asString()).isEqualTo(memberId);
		assertThat(trust.read(trust.admin, memberId).json().get("status").asString()).isEqualTo("active");
		assertThat(signIn(who, PASSWORD).get("/api/v1/organisations").json()).hasSize(1);
	}

	@Test
	void aLinkWorksOnlyOnce() {
		Trust trust = aTrust();
		String who = email("once");
		trust.invite(trust.admin, who, "org-overview", null);
		String link = latestLink(who, "invitations");
		accept(who);

		assertThatProblem(this.api.get("/api/v1/invitations/" + link)).is(410, "invitation_used");
		assertThatProblem(this.api.post("/api/v1/invitations/" + link + "/accept", Map.of("password", PASSWORD)))
			.is(410, "invitation_used");
	}

	@Test
	void aTamperedLinkIsRefusedAndTheRealOneStillWorks() {
		Trust trust = aTrust();
		String email = email("tampered");
		trust.invite(trust.admin, email, "org-overview", null);
		String token = latestLink(email, "invitations");
		char last = token.charAt(token.length() - 1);
		String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
		assertThatProblem(this.api.anonymous().get("/api/v1/invitations/" + tampered)).is(404, "not_found");
		assertThatProblem(
				this.api.anonymous().post("/api/v1/invitations/" + tampered + "/accept", Map.of("password", PASSWORD)))
			.is(404, "not_found");
		assertThat(this.api.anonymous()
			.post("/api/v1/invitations/" + token + "/accept", Map.of("password", PASSWORD))
			.status()).isEqualTo(200);
	}

	@Test
	void anUnknownLinkIsNotFound() {
		assertThatProblem(this.api.get("/api/v1/invitations/" + "C".repeat(43))).is(404, "not_found");
		assertThatProblem(
				this.api.post("/api/v1/invitations/" + "C".repeat(43) + "/accept", Map.of("password", PASSWORD)))
			.is(404, "not_found");
	}

	@Test
	void resendingSendsANewLinkAndKillsTheOldOne() {
		Trust trust = aTrust();
		String who = email("resend");
		var invited = trust.invite(trust.admin, who, "org-overview", null).json();
		String oldLink = latestLink(who, "invitations");

		var resent = trust.admin.post(trust.path("/invitations/" + invited.get("id").asString() + "/resend"), Map.of());

		assertThat(resent.status()).as(resent.toString()).isEqualTo(200);
		assertThat(resent.json().get("id").asString()).isEqualTo(invited.get("id").asString());
		assertThat(resent.json().get("status").asString()).isEqualTo("pending");
		String newLink = latestLink(who, "invitations");
		assertThat(newLink).isNotEqualTo(oldLink);
		assertThatProblem(this.api.get("/api/v1/invitations/" + oldLink)).is(410, "invitation_used");
		assertThatProblem(this.api.post("/api/v1/invitations/" + oldLink + "/accept", Map.of("password", PASSWORD)))
			.is(410, "invitation_used");
		assertThat(this.api.get("/api/v1/invitations/" + newLink).status()).isEqualTo(200);
		assertThat(this.api.post("/api/v1/invitations/" + newLink + "/accept", Map.of("password", PASSWORD)).status())
			.isEqualTo(200);
	}

	@Test
	void revokingKillsTheLinkAndEndsTheInvitedMembership() {
		Trust trust = aTrust();
		String who = email("revoke");
		var invited = trust.invite(trust.admin, who, "org-overview", null).json();
		String link = latestLink(who, "invitations");
		String id = invited.get("id").asString();

		var revoked = trust.admin.delete(trust.path("/invitations/" + id));

		assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
		assertThatProblem(this.api.get("/api/v1/invitations/" + link)).is(410, "invitation_used");
		assertThatProblem(this.api.post("/api/v1/invitations/" + link + "/accept", Map.of("password", PASSWORD)))
			.is(410, "invitation_used");
		assertThatProblem(trust.read(trust.admin, invited.get("memberId").asString())).is(404, "not_found");
		assertThat(trust.admin.get(trust.path("/members?q=" + who)).json().get("total").asInt()).isZero();
		assertThat(statuses(trust, "revoked")).containsKey(id);
		assertThat(trust.invite(trust.admin, who, "org-overview", null).status()).as("may be invited again")
			.isEqualTo(201);
	}

	@Test
	void anExpiredInvitationIsGoneUntilResent() {
		Trust trust = aTrust();
		String who = email("late");
		var invited = trust.invite(trust.admin, who, "org-overview", null).json();
		String id = invited.get("id").asString();
		String link = latestLink(who, "invitations");
		expireInvitation(id);

		assertThatProblem(this.api.get("/api/v1/invitations/" + link)).is(410, "invitation_expired");
		assertThatProblem(this.api.post("/api/v1/invitations/" + link + "/accept", Map.of("password", PASSWORD)))
			.is(410, "invitation_expired");
		assertThat(statuses(trust, "expired")).containsEntry(id, "expired");
		assertThat(statuses(trust, "pending")).doesNotContainKey(id);
		assertThat(trust.read(trust.admin, invited.get("memberId").asString()).json().get("status").asString())
			.isEqualTo("invited");

		var resent = trust.admin.post(trust.path("/invitations/" + id + "/resend"), Map.of());

		assertThat(resent.status()).as(resent.toString()).isEqualTo(200);
		assertThat(Instant.parse(resent.json().get("expiresAt").asString())).isAfter(Instant.now());
		assertThat(statuses(trust, "pending")).containsKey(id);
		assertThat(this.api
			.post("/api/v1/invitations/" + latestLink(who, "invitations") + "/accept", Map.of("password", PASSWORD))
			.status()).isEqualTo(200);
	}

	@Test
	void disablingAnInvitedMemberStopsTheirLinkFromLettingThemIn() {
		Trust trust = aTrust();
		String who = email("blocked");
		String memberId = trust.invite(trust.admin, who, "org-overview", null).json().get("memberId").asString();
		String link = latestLink(who, "invitations");

		assertThat(trust.amend(trust.admin, memberId, Map.of("status", "disabled")).status()).isEqualTo(200);

		assertThatProblem(this.api.get("/api/v1/invitations/" + link)).is(410, "invitation_used");
		assertThatProblem(this.api.post("/api/v1/invitations/" + link + "/accept", Map.of("password", PASSWORD)))
			.is(410, "invitation_used");
		assertThat(trust.read(trust.admin, memberId).json().get("status").asString()).isEqualTo("disabled");
		assertThatProblem(this.api.post("/api/v1/auth/tokens", Map.of("email", who, "password", PASSWORD)))
			.as("no password was set")
			.is(401, "unauthenticated");
	}

	@Test
	void listsInvitationsNewestFirstAndByStatus() {
		Trust trust = aTrust();
		String pending = trust.invite(trust.admin, email("p"), "org-overview", null).json().get("id").asString();
		String acceptedEmail = email("a");
		String accepted = trust.invite(trust.admin, acceptedEmail, "org-overview", null).json().get("id").asString();
		accept(acceptedEmail);
		String revoked = trust.invite(trust.admin, email("r"), "org-overview", null).json().get("id").asString();
		trust.admin.delete(trust.path("/invitations/" + revoked));
		String expired = trust.invite(trust.admin, email("e"), "org-overview", null).json().get("id").asString();
		expireInvitation(expired);

		var all = trust.admin.get(trust.path("/invitations"));

		assertThat(all.status()).isEqualTo(200);
		assertThat(all.json().get("items")).extracting((i) -> i.get("id").asString())
			.containsSubsequence(expired, revoked, accepted, pending);
		assertThat(all.json().get("total").asInt()).isEqualTo(all.json().get("items").size());
		assertThat(statuses(trust, "pending")).containsOnlyKeys(pending);
		assertThat(statuses(trust, "accepted")).containsKeys(accepted).doesNotContainKeys(pending, revoked, expired);
		assertThat(statuses(trust, "revoked")).containsOnlyKeys(revoked);
		assertThat(statuses(trust, "expired")).containsOnlyKeys(expired);
		assertThatProblem(trust.admin.get(trust.path("/invitations?status=lost"))).isInvalid("status");
		assertThatProblem(trust.admin.post(trust.path("/invitations/" + accepted + "/resend"), Map.of())).is(409,
				"invitation_used");
		assertThatProblem(trust.admin.delete(trust.path("/invitations/" + accepted))).is(409, "invitation_used");
		assertThat(statuses(trust, "accepted")).containsKey(accepted);
	}

	@Test
	void anExistingAccountFromAnotherOrganisationJoinsSignedInAndKeepsItsPassword() {
		Trust first = aTrust();
		Trust second = aTrust();
		Member consultant = first.member("org-overview", null);

		var invited = second.invite(second.admin, consultant.email(), "org-overview", null);

		assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
		assertThat(invited.json().get("memberId").asString()).isEqualTo(consultant.id());
		String link = latestLink(consultant.email(), "invitations");
		assertThat(this.api.get("/api/v1/invitations/" + link).json().get("hasAccount").asBoolean()).isTrue();
		assertThatProblem(this.api.post("/api/v1/invitations/" + link + "/accept", Map.of())).is(401,
				"unauthenticated");
		assertThatProblem(
				this.api.post("/api/v1/invitations/" + link + "/accept", Map.of("password", "a-takeover-passphrase")))
			.is(401, "unauthenticated");
		assertThatProblem(second.admin.post("/api/v1/invitations/" + link + "/accept", Map.of())).is(403, "forbidden");

		var accepted = consultant.api().post("/api/v1/invitations/" + link + "/accept", Map.of());

		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
		assertThat(consultant.api().get("/api/v1/organisations").json()).extracting((o) -> o.get("id").asString())
			.containsExactlyInAnyOrder(first.id, second.id);
		assertThat(signIn(consultant.email(), PASSWORD).get("/api/v1/me").status()).isEqualTo(200);
		assertThatProblem(this.api.post("/api/v1/auth/tokens",
				Map.of("email", consultant.email(), "password", "a-takeover-passphrase")))
			.is(401, "unauthenticated");
		assertThat(second.read(second.admin, consultant.id()).json().get("status").asString()).isEqualTo("active");
	}

	@Test
	void refusesToInviteSomeoneAlreadyMemberOrInvitedHere() {
		Trust trust = aTrust();
		Member member = trust.member("org-overview", null);
		String invitedOnly = email("pending");
		trust.invite(trust.admin, invitedOnly, "org-overview", null);
		long invitations = trust.admin.get(trust.path("/invitations")).json().get("total").asLong();

		assertThatProblem(trust.invite(trust.admin, member.email(), "teacher", trust.classIn(trust.school("S"), "1A")))
			.is(409, "already_member");
		assertThatProblem(trust.invite(trust.admin, invitedOnly, "org-overview", null)).is(409, "already_member");
		assertThatProblem(trust.invite(trust.admin, trust.adminEmail, "org-overview", null)).is(409, "already_member");
		assertThat(trust.admin.get(trust.path("/invitations")).json().get("total").asLong()).isEqualTo(invitations);
		assertThat(trust.read(trust.admin, member.id()).json().get("roles")).hasSize(1);
	}

	@Test
	void unknownInvitationIdsAreNotFound() {
		Trust trust = aTrust();

		assertThatProblem(trust.admin.post(trust.path("/invitations/no-such-invitation/resend"), Map.of())).is(404,
				"not_found");
		assertThatProblem(trust.admin.delete(trust.path("/invitations/no-such-invitation"))).is(404, "not_found");
	}

	@Test
	void aMemberWithoutAccountsViewSeesNoInvitations() {
		Trust trust = aTrust();
		Member overview = trust.member("org-overview", null);

		assertThatProblem(overview.api().get(trust.path("/invitations"))).is(403, "forbidden");
		String id = trust.invite(trust.admin, email("x"), "org-overview", null).json().get("id").asString();
		assertThatProblem(overview.api().post(trust.path("/invitations/" + id + "/resend"), Map.of())).is(404,
				"not_found");
		assertThatProblem(overview.api().delete(trust.path("/invitations/" + id))).is(404, "not_found");
	}

	@Test
	void pagesInvitationsAsMembersArePaged() {
		Trust trust = aTrust();
		for (int i = 0; i < 3; i++) {
			trust.invite(trust.admin, email("paged"), "org-overview", null);
		}
		var all = trust.admin.get(trust.path("/invitations"));
		assertThat(all.json().get("total").asInt()).isEqualTo(4);
		assertThat(all.json().get("page").asInt()).isEqualTo(1);
		assertThat(all.json().get("size").asInt()).isEqualTo(50);

		var second = trust.admin.get(trust.path("/invitations?size=1&page=2"));

		assertThat(second.status()).as(second.toString()).isEqualTo(200);
		assertThat(second.json().get("items")).hasSize(1);
		assertThat(second.json().get("items").get(0).get("id").asString())
			.isEqualTo(all.json().get("items").get(1).get("id").asString());
		assertThat(second.json().get("total").asInt()).isEqualTo(4);
		assertThat(second.json().get("page").asInt()).isEqualTo(2);
		assertThat(second.json().get("size").asInt()).isEqualTo(1);
		var last = trust.admin.get(trust.path("/invitations?size=3&page=2&status=pending"));
		assertThat(last.json().get("items")).hasSize(0);
		assertThat(last.json().get("total").asInt()).isEqualTo(3);
		assertThat(trust.admin.get(trust.path("/invitations?size=200&page=1")).json().get("items")).hasSize(4);
		for (String size : new String[] { "0", "-5", "201", "abc" }) {
			assertThatProblem(trust.admin.get(trust.path("/invitations?size=" + size))).as(size).isInvalid("size");
		}
		for (String page : new String[] { "0", "-1", "abc" }) {
			assertThatProblem(trust.admin.get(trust.path("/invitations?page=" + page))).as(page).isInvalid("page");
		}
		assertThatProblem(trust.admin.get(trust.path("/invitations?page=0&size=0&status=lost"))).isInvalid("page",
				"size", "status");
	}

	@Test
	void numbersAndBooleansSentForTextFieldsAreRefusedNamingEachField() {
		Trust trust = aTrust();
		String who = email("typed");
		Map<String, Object> body = new java.util.LinkedHashMap<>();
		body.put("email", who);
		body.put("firstName", 123);
		body.put("lastName", true);
		body.put("jobTitle", 4.5);
		body.put("roles", List.of(Map.of("role", "org-overview")));

		assertThatProblem(trust.admin.post(trust.path("/invitations"), body))
			.isInvalid("firstName", "lastName", "jobTitle")
			.hasFieldError("firstName", "wrong_type");
		body.put("firstName", "Ann");
		body.put("lastName", "Lee");
		body.put("jobTitle", "Teacher");
		body.put("email", 42);
		assertThatProblem(trust.admin.post(trust.path("/invitations"), body)).isInvalid("email")
			.hasFieldError("email", "wrong_type");
		body.put("email", who);
		body.put("roles", List.of(Map.of("role", false)));
		assertThatProblem(trust.admin.post(trust.path("/invitations"), body)).isInvalid("roles[0].role");
		assertThatProblem(trust.admin.patch("/api/v1/me", Map.of("jobTitle", 7))).isInvalid("jobTitle");
		assertThat(emailsTo(who)).as("nothing was invited").isZero();
	}

	@Test
	void aLoneSurrogateInANameIsRefused() {
		Trust trust = aTrust();
		String who = email("surrogate");

		for (String field : new String[] { "firstName", "lastName", "jobTitle" }) {
			Map<String, String> names = new java.util.LinkedHashMap<>(
					Map.of("firstName", "Ann", "lastName", "Lee", "jobTitle", "Teacher"));
			names.put(field, "A\\ud800nn");
			String json = "{\"email\":\"" + who + "\",\"firstName\":\"" + names.get("firstName") + "\",\"lastName\":\""
					+ names.get("lastName") + "\",\"jobTitle\":\"" + names.get("jobTitle")
					+ "\",\"roles\":[{\"role\":\"org-overview\"}]}";
			assertThatProblem(trust.admin.postRaw(trust.path("/invitations"), json, "application/json")).as(field)
				.isInvalid(field)
				.hasFieldError(field, "invalid_characters");
		}
		assertThatProblem(trust.admin.raw("PATCH", "/api/v1/me", "{\"lastName\":\"Lee\\udc00\"}", "application/json"))
			.isInvalid("lastName");
		assertThat(emailsTo(who)).as("nothing was invited").isZero();
		assertThat(trust.admin.get("/api/v1/me").json().get("lastName").asString()).isEqualTo("Holder");
	}

	/** Invitation id to status, for the given status filter. */
	private Map<String, String> statuses(Trust trust, String status) {
		Api.Response response = trust.admin.get(trust.path("/invitations?status=" + status));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		Map<String, String> found = new java.util.LinkedHashMap<>();
		List<String> seen = new ArrayList<>();
		for (JsonNode item : response.json().get("items")) {
			found.put(item.get("id").asString(), item.get("status").asString());
			seen.add(item.get("status").asString());
		}
		assertThat(seen).allMatch(status::equals);
		return found;
	}

}
