package org.staffroom.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.staffroom.access.RoleAt;
import org.staffroom.accounts.EmailChangeRequested;
import org.staffroom.accounts.EmailChangeStopped;
import org.staffroom.accounts.EmailChanged;
import org.staffroom.accounts.PasswordReset;
import org.staffroom.factors.FactorsReset;
import org.staffroom.factors.SecondFactorChanged;
import org.staffroom.factors.SecondFactorRefused;
import org.staffroom.grants.RoleDefined;
import org.staffroom.system.security.Acting;
import org.staffroom.grants.RolesChanged;
import org.staffroom.grants.RolesChangedInBulk;
import org.staffroom.imports.ImportStarted;
import org.staffroom.invitations.InvitationAccepted;
import org.staffroom.invitations.InvitationCreated;
import org.staffroom.invitations.InvitationResent;
import org.staffroom.invitations.InvitationRevoked;
import org.staffroom.invitations.InvitationsCreated;
import org.staffroom.members.AccessRequestDeclined;
import org.staffroom.members.AccessRequested;
import org.staffroom.members.MemberDetailsChanged;
import org.staffroom.members.MemberDetailsChangedInBulk;
import org.staffroom.members.MemberRemoved;
import org.staffroom.members.MemberStatusChanged;
import org.staffroom.members.MembersRemoved;
import org.staffroom.organisations.OrganisationCreated;
import org.staffroom.organisations.OrganisationSettingsChanged;
import org.staffroom.organisations.UnitArchived;
import org.staffroom.organisations.UnitChanged;
import org.staffroom.organisations.UnitCreated;
import org.staffroom.organisations.UnitMoved;
import org.staffroom.organisations.UnitRenamed;
import org.staffroom.organisations.UnitRestored;
import org.staffroom.organisations.UnitsChangedInBulk;
import org.staffroom.results.AssessmentCreated;
import org.staffroom.results.PupilAdded;
import org.staffroom.results.PupilChanged;
import org.staffroom.results.PupilRemoved;
import org.staffroom.results.ResultsRecorded;

/**
 * Turns each typed event of a change into its audit entry: one action and one shape of
 * before and after per kind of event, as docs/audit.md lists them. Listens in the
 * transaction of the change.
 */
@Component
class AuditedChanges {

	private final AuditLog log;

	AuditedChanges(AuditLog log) {
		this.log = log;
	}

	// Organisations and units

	/** Before the main account holder's invitation that the same event causes. */
	@EventListener
	@Order(Ordered.HIGHEST_PRECEDENCE)
	void on(OrganisationCreated e) {
		this.log.record(new AuditLog.Row(e.organisationId(), e.actor(), "organisation.created", e.organisationId(),
				e.name(), null, state("name", e.name(), "templates", e.templates())));
	}

	@EventListener
	void on(OrganisationSettingsChanged e) {
		this.log.record(new AuditLog.Row(e.organisationId(), e.by(), "organisation.settings_changed",
				e.organisationId(), e.after().name(), settings(e.before()), settings(e.after())));
	}

	@EventListener
	void on(UnitCreated e) {
		this.log.record(row(e));
	}

	private static AuditLog.Row row(UnitCreated e) {
		return new AuditLog.Row(e.organisationId(), e.by(), "unit.created", e.unitId(), e.name(), null,
				state("name", e.name(), "type", e.type(), "parentId", e.parentId()));
	}

	@EventListener
	void on(UnitRenamed e) {
		this.log.record(new AuditLog.Row(e.organisationId(), e.by(), "unit.renamed", e.unitId(), e.after(),
				state("name", e.before()), state("name", e.after())));
	}

	@EventListener
	void on(UnitMoved e) {
		this.log.record(new AuditLog.Row(e.organisationId(), e.by(), "unit.moved", e.unitId(), e.name(),
				place(e.before()), place(e.after())));
	}

	@EventListener
	void on(UnitArchived e) {
		this.log.record(row(e));
	}

	private static AuditLog.Row row(UnitArchived e) {
		return new AuditLog.Row(e.organisationId(), e.by(), "unit.archived", e.unitId(), e.name(),
				state("archived", false), state("archived", true));
	}

	@EventListener
	void on(UnitRestored e) {
		this.log.record(new AuditLog.Row(e.organisationId(), e.by(), "unit.restored", e.unitId(), e.name(),
				state("archived", true), state("archived", false)));
	}

	@EventListener
	void on(UnitChanged e) {
		this.log.record(row(e));
	}

	private static AuditLog.Row row(UnitChanged e) {
		return new AuditLog.Row(e.organisationId(), e.by(), "unit.changed", e.unitId(), e.name(), unit(e.before()),
				unit(e.after()));
	}

	/** A roster's units, in one batch. */
	@EventListener
	void on(UnitsChangedInBulk e) {
		List<AuditLog.Row> rows = new ArrayList<>();
		e.created().forEach((u) -> rows.add(row(u)));
		e.changed().forEach((u) -> rows.add(row(u)));
		e.archived().forEach((u) -> rows.add(row(u)));
		this.log.recordAll(rows);
	}

	// Roles

	@EventListener
	void on(RoleDefined e) {
		this.log.record(new AuditLog.Row(e.organisationId(), e.by(), "role.defined", e.roleKey(), e.name(), null,
				state("key", e.roleKey(), "permissions", e.permissions(), "mayAssign", e.mayAssign())));
	}

	@EventListener
	void on(RolesChanged e) {
		if (audited(e)) {
			this.log.record(row(e));
		}
	}

	@EventListener
	void on(RolesChangedInBulk e) {
		this.log.recordAll(e.changes().stream().filter(AuditedChanges::audited).map(AuditedChanges::row).toList());
	}

	/** An invitation's first roles are recorded in the invitation's own entry. */
	private static boolean audited(RolesChanged e) {
		return e.cause() != RolesChanged.Cause.INVITED;
	}

	private static AuditLog.Row row(RolesChanged e) {
		return new AuditLog.Row(e.organisationId(), e.by(), "member.roles_changed", e.memberId(), e.memberEmail(),
				state("roles", RoleAt.labels(e.before())), state("roles", RoleAt.labels(e.after())));
	}

	// Members

	@EventListener
	void on(MemberDetailsChanged e) {
		this.log.record(row(e));
	}

	@EventListener
	void on(MemberDetailsChangedInBulk e) {
		this.log.recordAll(e.changes().stream().map(AuditedChanges::row).toList());
	}

	private static AuditLog.Row row(MemberDetailsChanged e) {
		return new AuditLog.Row(e.organisationId(), e.by(), "member.details_changed", e.memberId(), e.memberEmail(),
				details(e.before()), details(e.after()));
	}

	@EventListener
	void on(MemberStatusChanged e) {
		this.log.record(new AuditLog.Row(e.organisationId(), e.by(), "member.status_changed", e.memberId(),
				e.memberEmail(), state("status", e.before().key()), state("status", e.after().key())));
	}

	@EventListener
	void on(MemberRemoved e) {
		this.log.record(row(e));
	}

	@EventListener
	void on(MembersRemoved e) {
		this.log.recordAll(e.removed().stream().map(AuditedChanges::row).toList());
	}

	private static AuditLog.Row row(MemberRemoved e) {
		return new AuditLog.Row(e.organisationId(), e.by(), "member.removed", e.memberId(), e.memberEmail(),
				state("status", e.status().key(), "roles", RoleAt.labels(e.roles())), null);
	}

	@EventListener
	void on(AccessRequested e) {
		this.log.record(new AuditLog.Row(e.organisationId(), e.by(), "access_request.created", e.memberId(),
				e.memberEmail(), null, state("role", e.role().roleKey(), "unitId", e.role().unitId())));
	}

	@EventListener
	void on(AccessRequestDeclined e) {
		this.log.record(new AuditLog.Row(e.organisationId(), e.by(), "access_request.declined", e.memberId(),
				e.memberEmail(), null, state("role", e.role().roleKey(), "unitId", e.role().unitId())));
	}

	// Invitations

	@EventListener
	void on(InvitationCreated e) {
		this.log.record(row(e));
	}

	@EventListener
	void on(InvitationsCreated e) {
		List<AuditLog.Row> rows = new ArrayList<>(e.invitations().size());
		e.invitations().forEach((i) -> rows.add(row(i)));
		this.log.recordAll(rows);
	}

	private static AuditLog.Row row(InvitationCreated e) {
		return new AuditLog.Row(e.organisationId(), e.by(), "invitation.created", e.memberId(), e.memberEmail(), null,
				state("email", e.memberEmail(), "roles", RoleAt.labels(e.roles()), "invitationId", e.invitationId()));
	}

	@EventListener
	void on(InvitationResent e) {
		this.log.record(new AuditLog.Row(e.organisationId(), e.by(), "invitation.resent", e.memberId(), e.memberEmail(),
				state("expiresAt", e.expiredAt().toString()), state("expiresAt", e.expiresAt().toString())));
	}

	@EventListener
	void on(InvitationRevoked e) {
		this.log.record(new AuditLog.Row(e.organisationId(), e.by(), "invitation.revoked", e.memberId(),
				e.memberEmail(), state("status", e.statusBefore()), state("status", "revoked")));
	}

	@EventListener
	void on(InvitationAccepted e) {
		this.log.record(new AuditLog.Row(e.organisationId(), e.by(), "invitation.accepted", e.memberId(),
				e.memberEmail(), state("status", "invited"), state("status", "active")));
	}

	// Accounts (in no organisation, but the one an email change was asked in)

	@EventListener
	void on(EmailChangeRequested e) {
		this.log.record(new AuditLog.Row(e.organisationId(), e.by(), "account.email_change_requested", e.accountId(),
				e.email(), state("email", e.email()), state("pendingEmail", e.pendingEmail())));
	}

	@EventListener
	void on(EmailChangeStopped e) {
		this.log.record(new AuditLog.Row(null, e.by(), "account.email_change_stopped", e.accountId(), e.email(),
				state("pendingEmail", e.pendingEmail()), null));
	}

	@EventListener
	void on(EmailChanged e) {
		this.log.record(new AuditLog.Row(null, e.by(), "account.email_changed", e.accountId(), e.after(),
				state("email", e.before()), state("email", e.after())));
	}

	@EventListener
	void on(PasswordReset e) {
		this.log.record(new AuditLog.Row(null, e.by(), "account.password_reset", e.accountId(), e.email(), null, null));
	}

	// Second factors (account-level, as password resets)

	@EventListener
	void on(SecondFactorChanged e) {
		this.log.record(new AuditLog.Row(null, e.by(), e.what().action(), e.accountId(), e.email(), null,
				(e.detail() == null) ? null : state("name", e.detail())));
	}

	@EventListener
	void on(SecondFactorRefused e) {
		Acting by = new Acting(e.accountId(), e.email(), false, e.via());
		this.log.recordOnItsOwn(new AuditLog.Row(null, by, "mfa.code_refused", e.accountId(), e.email(), null,
				state("where", e.where())));
	}

	@EventListener
	void on(FactorsReset e) {
		this.log
			.record(new AuditLog.Row(e.organisationId(), e.by(), "mfa.reset", e.accountId(), e.email(), null, null));
	}

	// Imports (their changes are recorded as the events above)

	@EventListener
	void on(ImportStarted e) {
		this.log.record(new AuditLog.Row(e.organisationId(), e.by(), "import.started", e.jobId(), e.kind(), null,
				state("kind", e.kind(), "dryRun", e.dryRun(), "partial", e.partial(), "bytes", e.bytes())));
	}

	// Pupils, assessments and results

	@EventListener
	void on(AssessmentCreated e) {
		this.log.record(new AuditLog.Row(e.organisationId(), e.by(), "assessment.created", e.assessmentId(), e.name(),
				null, state("date", e.date().toString(), "bands", String.join(", ", e.bands()))));
	}

	@EventListener
	void on(ResultsRecorded e) {
		this.log.record(new AuditLog.Row(e.organisationId(), e.by(), "results.recorded", e.assessmentId(), e.name(),
				null, state("results", e.results(), "refused", e.refused())));
	}

	@EventListener
	void on(PupilAdded e) {
		this.log.record(new AuditLog.Row(e.organisationId(), e.by(), "pupil.added", e.pupilId(), e.externalId(), null,
				state("class", e.className())));
	}

	@EventListener
	void on(PupilChanged e) {
		this.log.record(new AuditLog.Row(e.organisationId(), e.by(), "pupil.changed", e.pupilId(), e.externalId(),
				state("class", e.classIdBefore()), state("class", e.classIdAfter())));
	}

	@EventListener
	void on(PupilRemoved e) {
		this.log.record(
				new AuditLog.Row(e.organisationId(), e.by(), "pupil.removed", e.pupilId(), e.externalId(), null, null));
	}

	private static Map<String, Object> settings(OrganisationSettingsChanged.Settings s) {
		return state("name", s.name(), "invitationDays", s.invitationDays(), "smallGroupK", s.smallGroupK(),
				"mfaRequired", s.mfaRequired());
	}

	private static Map<String, Object> place(UnitMoved.Place p) {
		return state("parentId", p.parentId(), "parent", p.parent());
	}

	private static Map<String, Object> unit(UnitChanged.State s) {
		if (s == null) {
			return null;
		}
		return state("name", s.name(), "parentId", s.parentId(), "archived", s.archived(), "sourcedId", s.sourcedId());
	}

	private static Map<String, Object> details(MemberDetailsChanged.Details d) {
		return state("firstName", d.firstName(), "lastName", d.lastName(), "jobTitle", d.jobTitle(), "phone", d.phone(),
				"notifications", d.notifications());
	}

	/** Keys and values in order; a value may be null (written as JSON null). */
	private static Map<String, Object> state(Object... keysAndValues) {
		Map<String, Object> state = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			state.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return state;
	}

}
