package org.staffroom.grants;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.access.RoleAt;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.EmailAddress;
import org.staffroom.invitations.InvitingStaff;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.security.Acting;
import org.staffroom.system.security.Via;
import org.staffroom.testing.ApiTestCase;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one owner of role assignments: it decides through the engine, writes nothing when
 * refused, and publishes exactly one event per change (one for a bulk change).
 */
@RecordApplicationEvents
class AssigningRolesTests extends ApiTestCase {

	@Autowired
	AssigningRoles assigning;

	@Autowired
	Snapshots snapshots;

	@Autowired
	RoleAssignments assignments;

	@Autowired
	InvitingStaff inviting;

	@Autowired
	Accounts accounts;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	ApplicationEvents events;

	@Test
	void refusesAnEscalationWithTheRulesCodeAndWritesNothing() {
		Trust trust = aTrust();
		Member userAdmin = trust.member("user-admin", null);
		Member colleague = trust.memberInvitedBy(userAdmin.api(), "org-overview", null);
		long version = version(trust);
		long membership = membershipVersion(trust, colleague.id());
		this.events.clear();

		assertThatThrownBy(() -> this.transactions
			.executeWithoutResult((tx) -> this.assigning.replace(this.snapshots.forChange(trust.id), colleague.id(),
					List.of(new RoleAt("examiner", trust.root)), acting(userAdmin.id(), userAdmin.email()))))
			.isInstanceOfSatisfying(Failure.class, (f) -> {
				assertThat(f.code()).isEqualTo("escalation_denied");
				assertThat(f.kind()).isEqualTo(Failure.Kind.FORBIDDEN);
			});

		assertThat(RoleAt.of(this.assignments.ofMember(trust.id, colleague.id())))
			.containsExactly(new RoleAt("org-overview", trust.root));
		assertThat(version(trust)).isEqualTo(version);
		assertThat(membershipVersion(trust, colleague.id())).isEqualTo(membership);
		assertThat(this.events.stream(RolesChanged.class)).isEmpty();
	}

	@Test
	void publishesExactlyOneRolesChangedWithTheRolesBeforeAndAfter() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		Member colleague = trust.member("org-overview", null);
		long version = version(trust);
		long membership = membershipVersion(trust, colleague.id());
		Acting admin = acting(trust.adminId, trust.adminEmail);
		this.events.clear();

		RolesChanged changed = this.transactions
			.execute((tx) -> this.assigning.replace(this.snapshots.forChange(trust.id), colleague.id(),
					List.of(new RoleAt("headteacher", oak)), admin));

		assertThat(this.events.stream(RolesChanged.class)).containsExactly(changed);
		assertThat(changed.organisationId()).isEqualTo(trust.id);
		assertThat(changed.memberId()).isEqualTo(colleague.id());
		assertThat(changed.memberEmail()).isEqualTo(colleague.email());
		assertThat(changed.before()).containsExactly(new RoleAt("org-overview", trust.root));
		assertThat(changed.after()).containsExactly(new RoleAt("headteacher", oak));
		assertThat(changed.added()).containsExactly(new RoleAt("headteacher", oak));
		assertThat(changed.removed()).containsExactly(new RoleAt("org-overview", trust.root));
		assertThat(changed.by()).isEqualTo(admin);
		assertThat(changed.via()).isEqualTo(Via.API);
		assertThat(changed.cause()).isEqualTo(RolesChanged.Cause.AMENDED);
		assertThat(RoleAt.of(this.assignments.ofMember(trust.id, colleague.id())))
			.containsExactly(new RoleAt("headteacher", oak));
		assertThat(version(trust)).isGreaterThan(version);
		assertThat(membershipVersion(trust, colleague.id())).isGreaterThan(membership);
		JsonNode entry = trust.admin.get(trust.path("/audit?action=member.roles_changed&targetId=" + colleague.id()))
			.json()
			.get("items")
			.get(0);
		assertThat(entry.get("before").toString()).isEqualTo("{\"roles\":[\"org-overview@" + trust.root + "\"]}");
		assertThat(entry.get("after").toString()).isEqualTo("{\"roles\":[\"headteacher@" + oak + "\"]}");
		assertThat(entry.get("actor").asString()).isEqualTo(trust.adminId);
	}

	@Test
	void addsOneRoleToTheRolesHeld() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		Member colleague = trust.member("org-overview", null);
		this.events.clear();

		RolesChanged changed = this.transactions.execute((tx) -> this.assigning.add(this.snapshots.forChange(trust.id),
				colleague.id(), new RoleAt("headteacher", oak), acting(trust.adminId, trust.adminEmail)));

		assertThat(this.events.stream(RolesChanged.class)).containsExactly(changed);
		assertThat(changed.after()).containsExactly(new RoleAt("org-overview", trust.root),
				new RoleAt("headteacher", oak));
		assertThat(changed.added()).containsExactly(new RoleAt("headteacher", oak));
		assertThat(changed.removed()).isEmpty();
		assertThat(changed.cause()).isEqualTo(RolesChanged.Cause.REQUEST_APPROVED);
	}

	@Test
	void givesManyInvitedMembersTheirFirstRolesInOneBulkEvent() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		List<String> emails = List.of(email("bulk"), email("bulk"), email("bulk"));
		List<InvitingStaff.Invitee> invitees = List
			.of(invitee(emails.get(0), List.of(new RoleAt("org-overview", trust.root)), List.of("src-a")),
					invitee(emails.get(1),
							List.of(new RoleAt("headteacher", oak), new RoleAt("org-overview", trust.root)),
							java.util.Arrays.asList(null, "src-b")),
					invitee(emails.get(2), List.of(), List.of()));
		long version = version(trust);
		this.events.clear();

		List<String> ids = this.transactions.execute((tx) -> this.inviting.inviteAll(this.snapshots.forChange(trust.id),
				acting(trust.adminId, trust.adminEmail), invitees));

		assertThat(this.events.stream(RolesChanged.class)).isEmpty();
		List<RolesChangedInBulk> bulk = this.events.stream(RolesChangedInBulk.class).toList();
		assertThat(bulk).hasSize(1);
		assertThat(bulk.get(0).changes()).extracting(RolesChanged::memberId).containsExactlyElementsOf(ids);
		assertThat(bulk.get(0).changes()).allSatisfy((c) -> {
			assertThat(c.before()).isEmpty();
			assertThat(c.cause()).isEqualTo(RolesChanged.Cause.INVITED);
			assertThat(c.organisationId()).isEqualTo(trust.id);
		});
		assertThat(bulk.get(0).changes().get(1).after()).containsExactly(new RoleAt("headteacher", oak),
				new RoleAt("org-overview", trust.root));
		assertThat(RoleAt.of(this.assignments.ofMember(trust.id, ids.get(1))))
			.containsExactlyInAnyOrder(new RoleAt("headteacher", oak), new RoleAt("org-overview", trust.root));
		assertThat(this.assignments.bySourceId(trust.id)).containsOnlyKeys("src-a", "src-b");
		assertThat(version(trust)).isGreaterThan(version);
		// The invitations record the first roles; they are not recorded a second time as
		// a change of roles.
		for (int i = 0; i < ids.size(); i++) {
			JsonNode entries = trust.admin.get(trust.path("/audit?targetId=" + ids.get(i))).json().get("items");
			assertThat(entries).hasSize(1);
			assertThat(entries.get(0).get("action").asString()).isEqualTo("invitation.created");
			assertThat(entries.get(0).get("after").get("email").asString()).isEqualTo(emails.get(i));
		}
	}

	@Test
	void refusesABulkInvitationWhenAnyoneIsRefusedAndWritesNothing() {
		Trust trust = aTrust();
		Member userAdmin = trust.member("user-admin", null);
		String allowed = email("bulk");
		String refused = email("bulk");
		this.events.clear();

		assertThatThrownBy(() -> this.transactions
			.executeWithoutResult((tx) -> this.inviting.inviteAll(this.snapshots.forChange(trust.id),
					acting(userAdmin.id(), userAdmin.email()),
					List.of(invitee(allowed, List.of(new RoleAt("org-overview", trust.root)),
							java.util.Collections.singletonList((String) null)),
							invitee(refused, List.of(new RoleAt("examiner", trust.root)),
									java.util.Collections.singletonList((String) null))))))
			.isInstanceOfSatisfying(Failure.class, (f) -> assertThat(f.code()).isEqualTo("escalation_denied"));

		assertThat(this.accounts.findByEmail(EmailAddress.parse(allowed).orElseThrow().key())).isEmpty();
		assertThat(this.events.stream(RolesChangedInBulk.class)).isEmpty();
	}

	@Test
	void changesTheRolesOfManyMembersInOneBulkEventRecordedInOneBatch() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		Member gains = trust.member("org-overview", null);
		Member loses = trust.member("org-overview", null, "headteacher", oak);
		Member keeps = trust.member("org-overview", null);
		long version = version(trust);
		this.events.clear();

		RolesChangedInBulk bulk = this.transactions
			.execute((tx) -> this.assigning.changeAll(this.snapshots.forChange(trust.id),
					List.of(new AssigningRoles.Change(gains.id(), gains.email(),
							List.of(new RoleAt("headteacher", oak)), List.of("src-g"), List.of()),
							new AssigningRoles.Change(loses.id(), loses.email(), List.of(), null,
									List.of(new RoleAt("headteacher", oak))),
							new AssigningRoles.Change(keeps.id(), keeps.email(),
									List.of(new RoleAt("org-overview", trust.root)), null, List.of())),
					acting(trust.adminId, trust.adminEmail)));

		assertThat(this.events.stream(RolesChangedInBulk.class)).containsExactly(bulk);
		assertThat(this.events.stream(RolesChanged.class)).isEmpty();
		assertThat(bulk.changes()).extracting(RolesChanged::memberId).containsExactly(gains.id(), loses.id());
		assertThat(RoleAt.of(this.assignments.ofMember(trust.id, gains.id())))
			.containsExactly(new RoleAt("org-overview", trust.root), new RoleAt("headteacher", oak));
		assertThat(RoleAt.of(this.assignments.ofMember(trust.id, loses.id())))
			.containsExactly(new RoleAt("org-overview", trust.root));
		assertThat(this.assignments.bySourceId(trust.id)).containsOnlyKeys("src-g");
		assertThat(version(trust)).isGreaterThan(version);
		JsonNode entry = trust.admin.get(trust.path("/audit?action=member.roles_changed&targetId=" + loses.id()))
			.json()
			.get("items")
			.get(0);
		assertThat(entry.get("before").toString())
			.isEqualTo("{\"roles\":[\"org-overview@" + trust.root + "\",\"headteacher@" + oak + "\"]}");
		assertThat(entry.get("after").toString()).isEqualTo("{\"roles\":[\"org-overview@" + trust.root + "\"]}");
		assertThat(trust.admin.get(trust.path("/audit?action=member.roles_changed&targetId=" + keeps.id()))
			.json()
			.get("items")).isEmpty();
	}

	private static InvitingStaff.Invitee invitee(String email, List<RoleAt> roles, List<String> sources) {
		return new InvitingStaff.Invitee(EmailAddress.parse(email).orElseThrow(), "Bulk", "Colleague", null, null, null,
				roles, sources);
	}

	private static Acting acting(String accountId, String email) {
		return new Acting(accountId, email, false, Via.API);
	}

	private long version(Trust trust) {
		return this.jdbc.sql("SELECT version FROM organisations WHERE id = ?")
			.param(trust.id)
			.query(Long.class)
			.single();
	}

	private long membershipVersion(Trust trust, String memberId) {
		return this.jdbc.sql("SELECT version FROM memberships WHERE organisation_id = ? AND account_id = ?")
			.params(trust.id, memberId)
			.query(Long.class)
			.single();
	}

}
