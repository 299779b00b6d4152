package org.staffroom.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.access.Permission.ACCOUNTS_MANAGE;
import static org.staffroom.access.Permission.AUDIT_VIEW;
import static org.staffroom.access.Permission.ENTRIES_MANAGE;
import static org.staffroom.access.Permission.ENTRIES_VIEW;
import static org.staffroom.access.Permission.RESULTS_COMPARE;
import static org.staffroom.access.Permission.RESULTS_PUPILS;
import static org.staffroom.access.Permission.RESULTS_SUMMARY;
import static org.staffroom.access.Permission.TRAINING_BOOK;
import static org.staffroom.access.RuleId.ASSIGNABLE;
import static org.staffroom.access.RuleId.AUTHORITY;
import static org.staffroom.access.RuleId.CLOSED_DELEGATION;
import static org.staffroom.access.RuleId.FITS;
import static org.staffroom.access.RuleId.NOT_GRANTED;
import static org.staffroom.access.RuleId.NOT_YOURSELF;
import static org.staffroom.access.RuleId.NO_LOCK_OUT;
import static org.staffroom.access.RuleId.TOUCH_ONLY_WHAT_YOU_COULD_ASSIGN;
import static org.staffroom.access.Staff.aHeadteacher;
import static org.staffroom.access.Staff.aMember;
import static org.staffroom.access.Staff.aProjectManager;
import static org.staffroom.access.Staff.aTeacher;
import static org.staffroom.access.Staff.aUserAdmin;
import static org.staffroom.access.Staff.anAmbassador;
import static org.staffroom.access.Staff.anExaminer;
import static org.staffroom.access.Staff.anOrgAdmin;
import static org.staffroom.access.Staff.anOrgOverview;
import static org.staffroom.access.Trust.aTrust;
import static org.staffroom.access.Trust.anExamCentre;
import static org.staffroom.access.Trust.role;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.staffroom.access.Trust.Member;
import org.staffroom.access.Trust.Unit;

/**
 * The decision table: every example of the two guides in ../seeds and every rule of
 * access-model.md section 4, each with a case that is allowed and one that is denied,
 * named in words.
 */
class DelegationRulesTests {

	// ---- the table ----

	@ParameterizedTest(name = "{0}")
	@MethodSource("theExamCentreGuide")
	void decidesAsTheExamCentreGuideSays(Case example) {
		example.verify();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("theResultsPortalGuide")
	void decidesAsTheResultsPortalGuideSays(Case example) {
		example.verify();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("theRulesOfSection4")
	void decidesAsSection4Says(Case rule) {
		rule.verify();
	}

	static Stream<Case> theExamCentreGuide() {
		Centre c = new Centre();
		Trust centre = c.centre;
		Unit root = c.root;
		return Stream.of(denied(
				"a user with 'User accounts' but not 'Registrations and entries' cannot give a new user 'Registrations and entries'",
				ASSIGNABLE, () -> centre.as(c.accountsOnly).invite(role("registrations-and-entries", root))),
				allowed("a user with 'User accounts' and 'Registrations and entries' can give a new user 'Registrations and entries'",
						() -> centre.as(c.accountsAndEntries).invite(role("registrations-and-entries", root))),
				allowed("a user with 'User accounts' can set up new users with the same access as themselves",
						() -> centre.as(c.accountsOnly).invite(role("user-accounts", root))),
				denied("a user with 'User accounts' cannot give 'ResultsPlus' (results analysis) without holding it",
						ASSIGNABLE, () -> centre.as(c.accountsOnly).invite(role("results-analysis", root))),
				denied("a user with 'User accounts' but not 'Registrations and entries' cannot add it to an existing colleague",
						ASSIGNABLE, () -> centre.as(c.accountsOnly).assign(c.blank, "registrations-and-entries", root)),
				denied("a user with only 'ResultsPlus' cannot make candidate entries", NOT_GRANTED,
						() -> centre.holds(c.resultsOnly, ENTRIES_MANAGE, root)),
				denied("a user with only 'ResultsPlus' cannot book training events", NOT_GRANTED,
						() -> centre.holds(c.resultsOnly, TRAINING_BOOK, root)),
				allowed("a user with only 'ResultsPlus' can see results",
						() -> centre.holds(c.resultsOnly, RESULTS_PUPILS, root)),
				denied("a user with only 'ResultsPlus' cannot set up new accounts", AUTHORITY,
						() -> centre.as(c.resultsOnly).invite(role("results-analysis", root))),
				allowed("a user with 'User accounts' can set up an account with every profile box left blank",
						() -> centre.as(c.accountsOnly).invite()),
				denied("a user with only 'Training bookings' cannot set up an account with every profile box left blank",
						AUTHORITY, () -> centre.as(c.trainingOnly).invite()),
				denied("an account with every profile box left blank holds no profile's rights", NOT_GRANTED,
						() -> centre.holds(c.blank, ENTRIES_VIEW, root)),
				allowed("a user with 'User accounts' can amend an account whose profiles they hold too",
						() -> centre.as(c.accountsAndEntries).editDetails(c.entriesClerk)),
				denied("a user with 'User accounts' cannot amend an account holding a profile they lack",
						TOUCH_ONLY_WHAT_YOU_COULD_ASSIGN, () -> centre.as(c.accountsOnly).editDetails(c.entriesClerk)),
				allowed("a user with 'User accounts' can change a colleague's access profile to one they hold",
						() -> centre.as(c.accountsAndEntries)
							.replaceRoles(c.blank, role("registrations-and-entries", root))),
				allowed("anyone can make changes to their own account details with 'Edit my account'",
						() -> centre.as(c.trainingOnly).editDetails(c.trainingOnly)),
				denied("nobody can grant themselves a profile they do not already have", NOT_YOURSELF,
						() -> centre.as(c.accountsOnly).assign(c.accountsOnly, "registrations-and-entries", root)),
				allowed("the user who controls a profile can grant it to a colleague who asks",
						() -> centre.as(c.accountsAndEntries)
							.assign(c.accountsOnly, "registrations-and-entries", root)),
				allowed("the main account holder can set up a colleague with 'User accounts'",
						() -> centre.as(c.mainAccountHolder).invite(role("user-accounts", root))));
	}

	static Stream<Case> theResultsPortalGuide() {
		Cast t = new Cast();
		Trust trust = t.trust;
		return Stream.of(
				allowed("an ambassador can invite colleagues",
						() -> trust.as(t.ambassador).invite(role("teacher", t.class7B))),
				allowed("a project manager can invite colleagues",
						() -> trust.as(t.projectManager).invite(role("headteacher", t.oakfield))),
				allowed("an examiner can invite colleagues",
						() -> trust.as(t.oakfieldExaminer).invite(role("teacher", t.class7B))),
				allowed("an organisation administrator can invite colleagues",
						() -> trust.as(t.mainAccountHolder).invite(role("org-overview", t.root))),
				denied("a teacher cannot invite colleagues", AUTHORITY,
						() -> trust.as(t.teacher7B).invite(role("teacher", t.class7B))),
				denied("a headteacher cannot invite colleagues", AUTHORITY,
						() -> trust.as(t.oakfieldHead).invite(role("teacher", t.class7A))),
				allowed("a teacher of three classes is invited with the teacher role once for each class",
						() -> trust.as(t.oakfieldUserAdmin)
							.invite(role("teacher", t.class7A), role("teacher", t.class7B),
									role("teacher", t.oakfield.schoolClass("8A")))),
				allowed("an examiner can select the user administrator role",
						() -> trust.as(t.oakfieldExaminer).invite(role("user-admin", t.oakfield))),
				allowed("an examiner can select the headteacher role",
						() -> trust.as(t.oakfieldExaminer).invite(role("headteacher", t.oakfield))),
				allowed("an examiner can select the teacher role",
						() -> trust.as(t.oakfieldExaminer).invite(role("teacher", t.year7))),
				allowed("an examiner can select the organisational overview role",
						() -> trust.as(t.oakfieldExaminer).invite(role("org-overview", t.oakfield))),
				denied("an examiner cannot select the examiner role", ASSIGNABLE,
						() -> trust.as(t.oakfieldExaminer).invite(role("examiner", t.oakfield))),
				denied("an examiner cannot select the organisation administrator role", ASSIGNABLE,
						() -> trust.as(t.trustExaminer).invite(role("org-admin", t.root))),
				allowed("an ambassador can invite an examiner",
						() -> trust.as(t.ambassador).invite(role("examiner", t.oakfield))),
				allowed("a project manager can invite an examiner",
						() -> trust.as(t.projectManager).invite(role("examiner", t.root))),
				allowed("an organisation administrator can invite an examiner",
						() -> trust.as(t.mainAccountHolder).invite(role("examiner", t.oakfield))),
				allowed("an organisation administrator can make an existing colleague an examiner",
						() -> trust.as(t.mainAccountHolder).assign(t.teacher7B, "examiner", t.oakfield)),
				allowed("a user administrator can invite a headteacher",
						() -> trust.as(t.oakfieldUserAdmin).invite(role("headteacher", t.oakfield))),
				allowed("a user administrator can assign headteacher to a colleague",
						() -> trust.as(t.oakfieldUserAdmin).assign(t.teacher7A, "headteacher", t.oakfield)),
				denied("a user administrator cannot invite an examiner", ASSIGNABLE,
						() -> trust.as(t.oakfieldUserAdmin).invite(role("examiner", t.oakfield))),
				denied("a user administrator cannot assign examiner to a colleague", ASSIGNABLE,
						() -> trust.as(t.trustUserAdmin).assign(t.teacher7A, "examiner", t.oakfield)),
				allowed("a user administrator can edit a teacher",
						() -> trust.as(t.oakfieldUserAdmin).editDetails(t.teacher7B)),
				allowed("a user administrator can invite another user administrator",
						() -> trust.as(t.oakfieldUserAdmin).invite(role("user-admin", t.oakfield))),
				denied("a user administrator cannot edit an examiner", TOUCH_ONLY_WHAT_YOU_COULD_ASSIGN,
						() -> trust.as(t.trustUserAdmin).editDetails(t.oakfieldExaminer)),
				denied("a user administrator cannot disable an examiner", TOUCH_ONLY_WHAT_YOU_COULD_ASSIGN,
						() -> trust.as(t.oakfieldUserAdmin).disable(t.oakfieldExaminer)),
				denied("a user administrator cannot revoke an examiner's role", TOUCH_ONLY_WHAT_YOU_COULD_ASSIGN,
						() -> trust.as(t.trustUserAdmin).revoke(t.oakfieldExaminer, "examiner", t.oakfield)),
				allowed("a headteacher sees every pupil in their school",
						() -> trust.holds(t.oakfieldHead, RESULTS_PUPILS, t.class7A)),
				denied("a headteacher does not see the pupils of another school", NOT_GRANTED,
						() -> trust.holds(t.oakfieldHead, RESULTS_PUPILS, t.riverside)),
				allowed("a headteacher sees the overall results of the other schools",
						() -> trust.holds(t.oakfieldHead, RESULTS_COMPARE, t.root)),
				denied("a headteacher sees no finer breakdown of another school than its total", NOT_GRANTED,
						() -> trust.holds(t.oakfieldHead, RESULTS_SUMMARY, t.riverside)),
				allowed("a teacher sees the individual pupils of their class",
						() -> trust.holds(t.teacher7B, RESULTS_PUPILS, t.class7B)),
				denied("a teacher does not see the individual pupils of another class", NOT_GRANTED,
						() -> trust.holds(t.teacher7B, RESULTS_PUPILS, t.class7A)),
				allowed("a teacher sees the overall results of the other classes at their school",
						() -> trust.holds(t.teacher7B, RESULTS_SUMMARY, t.class7A)),
				allowed("a teacher sees the overall results of their whole school",
						() -> trust.holds(t.teacher7B, RESULTS_SUMMARY, t.oakfield)),
				allowed("a teacher sees the overall results of the other schools",
						() -> trust.holds(t.teacher7B, RESULTS_COMPARE, t.root)),
				denied("a teacher does not see the classes of another school", NOT_GRANTED,
						() -> trust.holds(t.teacher7B, RESULTS_SUMMARY, t.riverside)),
				allowed("an organisational overview sees the aggregated results of its school",
						() -> trust.holds(t.oakfieldOverview, RESULTS_SUMMARY, t.class7B)),
				allowed("an organisational overview of the organisation sees the aggregates of every school",
						() -> trust.holds(t.trustOverview, RESULTS_SUMMARY, t.riverside)),
				denied("an organisational overview never sees a single pupil", NOT_GRANTED,
						() -> trust.holds(t.trustOverview, RESULTS_PUPILS, t.class7B)));
	}

	static Stream<Case> theRulesOfSection4() {
		Cast t = new Cast();
		Trust trust = t.trust;
		Centre c = new Centre();
		List<Case> cases = new ArrayList<>();
		// Rule 1: authority.
		cases.addAll(List.of(
				allowed("rule 1: a school's user administrator can assign in its own school",
						() -> trust.as(t.oakfieldUserAdmin).invite(role("teacher", t.class7B))),
				denied("rule 1: a school's user administrator cannot assign in another school", AUTHORITY,
						() -> trust.as(t.oakfieldUserAdmin).invite(role("teacher", t.riverside7B))),
				denied("rule 1: a school's user administrator cannot assign another school's role to a colleague of its own school",
						AUTHORITY, () -> trust.as(t.oakfieldUserAdmin).assign(t.teacher7A, "teacher", t.riverside7B)),
				denied("rule 1: a school's user administrator cannot assign at the organisation", AUTHORITY,
						() -> trust.as(t.oakfieldUserAdmin).invite(role("org-overview", t.root))),
				allowed("rule 1: a trust-wide user administrator can assign in any school",
						() -> trust.as(t.trustUserAdmin).invite(role("teacher", t.riverside7B))),
				denied("rule 1: a disabled user administrator has no authority", AUTHORITY,
						() -> trust.as(t.disabledUserAdmin).invite(role("teacher", t.class7B))),
				denied("rule 1: an invited user administrator has no authority yet", AUTHORITY,
						() -> trust.as(t.invitedUserAdmin).invite(role("teacher", t.class7B)))));
		// Rule 2: assignable.
		cases.addAll(List.of(
				allowed("rule 2: a role in the may-assign set of the actor's role there can be assigned",
						() -> trust.as(t.oakfieldExaminer).invite(role("user-admin", t.oakfield))),
				denied("rule 2: a role outside the may-assign set of the actor's roles cannot be assigned", ASSIGNABLE,
						() -> trust.as(t.oakfieldUserAdmin).invite(role("examiner", t.oakfield))),
				denied("rule 2: an organisation administrator cannot assign an ambassador", ASSIGNABLE,
						() -> trust.as(t.mainAccountHolder).invite(role("ambassador", t.root))),
				denied("rule 2: an ambassador cannot assign a project manager", ASSIGNABLE,
						() -> trust.as(t.ambassador).invite(role("project-manager", t.root))),
				allowed("rule 2: the operator can assign an ambassador",
						() -> trust.asOperator().invite(role("ambassador", t.root))),
				allowed("rule 2: the operator can make a colleague project manager",
						() -> trust.asOperator().assign(t.oakfieldHead, "project-manager", t.root)),
				denied("rule 2 (own): 'User accounts' cannot give an ambassador even when its holder holds every permission of it",
						ASSIGNABLE, () -> {
							Trust both = aTrust().withBothTemplates().build();
							Member officer = both
								.add(anOrgAdmin().withRole("user-accounts", both.root()).of(both.root()));
							return both.as(officer).invite(role("ambassador", both.root()));
						}),
				allowed("rule 2 (own): 'User accounts' can give a school-trust role whose every permission its holder holds",
						() -> {
							Trust both = aTrust().withBothTemplates().build();
							Member officer = both.add(aMember().withRole("user-accounts", both.root()));
							return both.as(officer).invite(role("user-admin", both.school(1)));
						}),
				allowed("rule 2 (own): 'User accounts' can give a profile whose every permission its holder holds",
						() -> c.centre.as(c.accountsAndEntries).invite(role("registrations-and-entries", c.root))),
				denied("rule 2 (own): 'User accounts' cannot give a profile with a permission its holder lacks",
						ASSIGNABLE, () -> c.centre.as(c.accountsOnly).invite(role("training-bookings", c.root)))));
		// Rule 3: fits.
		cases.addAll(List.of(
				allowed("rule 3: a teacher can be assigned at a class",
						() -> trust.as(t.mainAccountHolder).invite(role("teacher", t.class7B))),
				allowed("rule 3: a teacher can be assigned at a year",
						() -> trust.as(t.mainAccountHolder).invite(role("teacher", t.year7))),
				denied("rule 3: a teacher cannot be assigned at a school", FITS,
						() -> trust.as(t.mainAccountHolder).invite(role("teacher", t.oakfield))),
				allowed("rule 3: a headteacher can be assigned at a school",
						() -> trust.as(t.mainAccountHolder).invite(role("headteacher", t.oakfield))),
				denied("rule 3: a headteacher cannot be assigned at a year", FITS,
						() -> trust.as(t.mainAccountHolder).invite(role("headteacher", t.year7))),
				denied("rule 3: a headteacher cannot be assigned at the organisation", FITS,
						() -> trust.as(t.mainAccountHolder).invite(role("headteacher", t.root))),
				denied("rule 3: an organisation administrator cannot be assigned at a school", FITS,
						() -> trust.as(t.mainAccountHolder).invite(role("org-admin", t.oakfield))),
				denied("rule 3: the operator is bound by it too", FITS,
						() -> trust.asOperator().invite(role("teacher", t.oakfield)))));
		// Rule 4: not yourself.
		cases.addAll(List.of(
				denied("rule 4: an organisation administrator cannot give themselves a role", NOT_YOURSELF,
						() -> trust.as(t.mainAccountHolder).assign(t.mainAccountHolder, "examiner", t.root)),
				allowed("rule 4: an organisation administrator can give the same role to someone else",
						() -> trust.as(t.mainAccountHolder).assign(t.oakfieldHead, "examiner", t.root)),
				denied("rule 4: a user administrator cannot give themselves a role it may assign", NOT_YOURSELF,
						() -> trust.as(t.oakfieldUserAdmin).assign(t.oakfieldUserAdmin, "headteacher", t.oakfield)),
				denied("rule 4: nobody can revoke their own role", NOT_YOURSELF,
						() -> trust.as(t.trustUserAdmin).revoke(t.trustUserAdmin, "user-admin", t.root)),
				denied("rule 4: nobody can replace their own roles", NOT_YOURSELF,
						() -> trust.as(t.oakfieldExaminer)
							.replaceRoles(t.oakfieldExaminer, role("user-admin", t.oakfield))),
				denied("rule 4: nobody can disable themselves", NOT_YOURSELF,
						() -> trust.as(t.trustUserAdmin).disable(t.trustUserAdmin)),
				denied("rule 4: nobody can remove themselves", NOT_YOURSELF,
						() -> trust.as(t.trustUserAdmin).remove(t.trustUserAdmin)),
				allowed("rule 4: anyone can edit their own contact details",
						() -> trust.as(t.teacher7B).editDetails(t.teacher7B))));
		// Rule 5: closed delegation.
		cases.addAll(List.of(
				allowed("rule 5: an organisation administrator can define a role bundling permissions it holds",
						() -> trust.as(t.mainAccountHolder)
							.define(customRole("results-reader", Set.of(), Grant.at(Anchor.ASSIGNED, RESULTS_SUMMARY),
									Grant.at(Anchor.ASSIGNED, AUDIT_VIEW)))),
				denied("rule 5: a custom role bundling a permission its creator lacks is rejected", CLOSED_DELEGATION,
						() -> trust.as(t.mainAccountHolder)
							.define(customRole("pupil-reader", Set.of(), Grant.at(Anchor.ASSIGNED, RESULTS_PUPILS)))),
				allowed("rule 5: a custom role may assign a role its creator may assign and that assigns nothing",
						() -> trust.as(t.mainAccountHolder)
							.define(customRole("class-manager", Set.of("teacher"),
									Grant.at(Anchor.ASSIGNED, RESULTS_SUMMARY)))),
				denied("rule 5: a custom role may not assign a role its creator may not assign", CLOSED_DELEGATION,
						() -> trust.as(t.mainAccountHolder)
							.define(customRole("vendor-maker", Set.of("ambassador"),
									Grant.at(Anchor.ASSIGNED, RESULTS_SUMMARY)))),
				denied("rule 5: a custom role may not assign a profile its creator may not assign, though it assigns nothing",
						CLOSED_DELEGATION, () -> {
							Trust both = aTrust().withBothTemplates().build();
							return both.as(both.mainAccountHolder())
								.define(customRole("entries-gate", Set.of("registrations-and-entries"),
										Grant.at(Anchor.ASSIGNED, ACCOUNTS_MANAGE)));
						}),
				denied("rule 5: a custom role that would break the catalogue's closure is rejected, even from the operator",
						CLOSED_DELEGATION,
						() -> trust.asOperator()
							.define(customRole("admin-maker", Set.of("org-admin"),
									Grant.at(Anchor.ASSIGNED, ACCOUNTS_MANAGE)))),
				denied("rule 5: a custom role cannot be redefined to give its holders what nobody assigned them",
						CLOSED_DELEGATION, () -> {
							Trust both = aTrust().withBothTemplates().build();
							both.withCustomRole(
									customRole("helper", Set.of(), Grant.at(Anchor.ASSIGNED, RESULTS_SUMMARY)));
							Member admin = both
								.add(anOrgAdmin().of(both.root()).withRole("registrations-and-entries", both.root()));
							both.add(aMember().withRole("helper", both.school(1)));
							// The admin holds entries.manage but may not assign it:
							// org-admin cannot give that profile.
							return both.as(admin)
								.define(customRole("helper", Set.of(), Grant.at(Anchor.ASSIGNED, RESULTS_SUMMARY),
										Grant.at(Anchor.ASSIGNED, ENTRIES_MANAGE)));
						}),
				denied("rule 5: a custom role cannot be redefined, even by the operator, to strip its holders unchecked",
						CLOSED_DELEGATION, () -> {
							Trust trust2 = aTrust().build();
							trust2.withCustomRole(
									customRole("deputy-head", Set.of(), Grant.at(Anchor.ASSIGNED, ACCOUNTS_MANAGE)));
							trust2.add(aMember().withRole("deputy-head", trust2.root()));
							// Rules 6 and 7 would have to be checked for every holder: it
							// is not a redefinition's job.
							return trust2.asOperator()
								.define(customRole("deputy-head", Set.of(),
										Grant.at(Anchor.ASSIGNED, RESULTS_SUMMARY)));
						}),
				denied("rule 5: a built-in role cannot be redefined", CLOSED_DELEGATION,
						() -> trust.asOperator()
							.define(customRole("teacher", Set.of(), Grant.at(Anchor.ASSIGNED, RESULTS_PUPILS)))),
				denied("rule 5: defining roles needs roles.manage for the whole organisation", AUTHORITY, () -> trust
					.as(t.trustUserAdmin)
					.define(customRole("helper", Set.of(), Grant.at(Anchor.ASSIGNED, Permission.ACCOUNTS_VIEW))))));
		// Rule 6: touch only what you could have assigned.
		cases.addAll(List.of(
				allowed("rule 6: a school's user administrator can edit a teacher of its school",
						() -> trust.as(t.oakfieldUserAdmin).editDetails(t.teacher7B)),
				denied("rule 6: a school's user administrator cannot edit a teacher of another school",
						TOUCH_ONLY_WHAT_YOU_COULD_ASSIGN,
						() -> trust.as(t.oakfieldUserAdmin).editDetails(t.riversideTeacher)),
				denied("rule 6: a school's user administrator cannot assign to a teacher of another school",
						TOUCH_ONLY_WHAT_YOU_COULD_ASSIGN,
						() -> trust.as(t.oakfieldUserAdmin).assign(t.riversideTeacher, "teacher", t.class7A)),
				denied("rule 6: a school's user administrator cannot touch a trust-wide user administrator",
						TOUCH_ONLY_WHAT_YOU_COULD_ASSIGN,
						() -> trust.as(t.oakfieldUserAdmin).disable(t.trustUserAdmin)),
				denied("rule 6: a school's user administrator cannot touch a teacher who also teaches in another school",
						TOUCH_ONLY_WHAT_YOU_COULD_ASSIGN,
						() -> trust.as(t.oakfieldUserAdmin).revoke(t.teacherInBothSchools, "teacher", t.class7A)),
				allowed("rule 6: a trust-wide user administrator can revoke a role of a teacher in two schools",
						() -> trust.as(t.trustUserAdmin).revoke(t.teacherInBothSchools, "teacher", t.class7A)),
				allowed("rule 6: a school's user administrator can revoke a teacher's role in its school",
						() -> trust.as(t.oakfieldUserAdmin).revoke(t.teacher7B, "teacher", t.class7B)),
				allowed("rule 6: a school's user administrator can replace a teacher's roles within its school",
						() -> trust.as(t.oakfieldUserAdmin).replaceRoles(t.teacher7B, role("teacher", t.class7A))),
				allowed("rule 6: a user administrator can enable a disabled teacher",
						() -> trust.as(t.oakfieldUserAdmin).enable(t.disabledTeacher)),
				denied("rule 6: a user administrator cannot enable a disabled examiner",
						TOUCH_ONLY_WHAT_YOU_COULD_ASSIGN, () -> trust.as(t.trustUserAdmin).enable(t.disabledExaminer)),
				allowed("rule 6: an examiner can remove a user administrator of its school",
						() -> trust.as(t.oakfieldExaminer).remove(t.oakfieldUserAdmin)),
				denied("rule 6: an organisation administrator cannot remove an ambassador",
						TOUCH_ONLY_WHAT_YOU_COULD_ASSIGN, () -> trust.as(t.mainAccountHolder).remove(t.ambassador)),
				allowed("rule 6: the operator can remove an ambassador", () -> trust.asOperator().remove(t.ambassador)),
				denied("rule 6: a member with no roles belongs to the root, so a school's user administrator cannot edit them",
						TOUCH_ONLY_WHAT_YOU_COULD_ASSIGN, () -> trust.as(t.oakfieldUserAdmin).editDetails(t.newcomer)),
				allowed("rule 6: a member with no roles can be edited by a trust-wide user administrator",
						() -> trust.as(t.trustUserAdmin).editDetails(t.newcomer)),
				denied("rule 6: a member with no roles cannot be given a school role by that school's user administrator",
						TOUCH_ONLY_WHAT_YOU_COULD_ASSIGN,
						() -> trust.as(t.oakfieldUserAdmin).assign(t.newcomer, "teacher", t.class7B)),
				allowed("rule 6: a member with no roles can be given a school role by a trust-wide user administrator",
						() -> trust.as(t.trustUserAdmin).assign(t.newcomer, "teacher", t.class7B)),
				denied("rule 6: a school's user administrator cannot invite someone with no roles", AUTHORITY,
						() -> trust.as(t.oakfieldUserAdmin).invite()),
				allowed("rule 6: a trust-wide user administrator can invite someone with no roles",
						() -> trust.as(t.trustUserAdmin).invite())));
		// Rule 7: no lock-out. Each case has its own trust, because it counts
		// administrators.
		cases.addAll(List.of(denied("rule 7: the operator cannot disable the last administrator", NO_LOCK_OUT, () -> {
			Trust lone = aTrust().build();
			return lone.asOperator().disable(lone.mainAccountHolder());
		}), denied("rule 7: the operator cannot remove the last administrator", NO_LOCK_OUT, () -> {
			Trust lone = aTrust().build();
			return lone.asOperator().remove(lone.mainAccountHolder());
		}), denied("rule 7: the last administrator cannot be stripped of organisation administrator", NO_LOCK_OUT,
				() -> {
					Trust lone = aTrust().build();
					return lone.asOperator().revoke(lone.mainAccountHolder(), "org-admin", lone.root());
				}),
				denied("rule 7: the last administrator's roles cannot be replaced by ones without accounts.manage at the root",
						NO_LOCK_OUT, () -> {
							Trust lone = aTrust().build();
							return lone.asOperator()
								.replaceRoles(lone.mainAccountHolder(), role("org-overview", lone.root()),
										role("user-admin", lone.school(1)));
						}),
				allowed("rule 7: the last administrator's roles can be replaced by others keeping accounts.manage at the root",
						() -> {
							Trust lone = aTrust().build();
							return lone.asOperator()
								.replaceRoles(lone.mainAccountHolder(), role("user-admin", lone.root()));
						}),
				allowed("rule 7: the last administrator can still have their details edited", () -> {
					Trust lone = aTrust().build();
					return lone.asOperator().editDetails(lone.mainAccountHolder());
				}),
				allowed("rule 7: an administrator can be disabled once a second active administrator exists", () -> {
					Trust two = aTrust().build();
					two.add(anOrgAdmin().of(two.root()));
					return two.asOperator().disable(two.mainAccountHolder());
				}), allowed("rule 7: the second administrator can remove the first", () -> {
					Trust two = aTrust().build();
					Member second = two.add(anOrgAdmin().of(two.root()));
					return two.as(second).remove(two.mainAccountHolder());
				}), allowed("rule 7: a trust-wide user administrator counts as an administrator at the root", () -> {
					Trust two = aTrust().build();
					two.add(aUserAdmin().of(two.root()));
					return two.asOperator().revoke(two.mainAccountHolder(), "org-admin", two.root());
				}), denied("rule 7: a disabled second administrator does not count", NO_LOCK_OUT, () -> {
					Trust two = aTrust().build();
					two.add(anOrgAdmin().of(two.root()).disabled());
					return two.asOperator().disable(two.mainAccountHolder());
				}), denied("rule 7: an invited second administrator does not count", NO_LOCK_OUT, () -> {
					Trust two = aTrust().build();
					two.add(anOrgAdmin().of(two.root()).invited());
					return two.asOperator().remove(two.mainAccountHolder());
				}), denied("rule 7: a school's user administrator does not count", NO_LOCK_OUT, () -> {
					Trust two = aTrust().build();
					two.add(aUserAdmin().of(two.school(1)));
					return two.asOperator().disable(two.mainAccountHolder());
				}), denied("rule 7: the last 'User accounts' holder of an exam centre cannot be disabled", NO_LOCK_OUT,
						() -> {
							Trust centre = anExamCentre();
							return centre.asOperator().disable(centre.mainAccountHolder());
						})));
		return cases.stream();
	}

	// ---- what the table cannot say in one decision ----

	@Test
	void examinerAtASchoolCanAssignExactlyTheFourRolesTheGuideLists() {
		Cast t = new Cast();
		Set<String> assignable = new LinkedHashSet<>();
		for (String unitId : t.trust.snapshot().unitsWithin(t.oakfield.id())) {
			assignable.addAll(t.trust.as(t.oakfieldExaminer).assignableRoles(t.trust.unit(unitId)));
		}
		assertThat(assignable).containsExactlyInAnyOrder("user-admin", "headteacher", "teacher", "org-overview");
		// At the school unit itself the teacher role does not fit (rule 3): it goes to a
		// class or a year.
		assertThat(t.trust.as(t.oakfieldExaminer).assignableRoles(t.oakfield)).containsExactlyInAnyOrder("user-admin",
				"headteacher", "org-overview");
		assertThat(t.trust.as(t.oakfieldExaminer).assignableRoles(t.class7B)).containsExactly("teacher");
		assertThat(t.trust.as(t.oakfieldExaminer).assignableRoles(t.riverside)).isEmpty();
	}

	@Test
	void userAdministratorCanAssignAllOtherRolesButExaminer() {
		Cast t = new Cast();
		Set<String> assignable = new LinkedHashSet<>();
		for (String unitId : t.trust.snapshot().unitIds()) {
			assignable.addAll(t.trust.as(t.trustUserAdmin).assignableRoles(t.trust.unit(unitId)));
		}
		assertThat(assignable).containsExactlyInAnyOrder("user-admin", "headteacher", "teacher", "org-overview");
		assertThat(t.trust.as(t.trustUserAdmin).whyNotAssignable("examiner", t.oakfield)).containsExactly(ASSIGNABLE);
	}

	@Test
	void organisationAdministratorAndAmbassadorCanAssignExaminerButOnlyOperatorsAssignVendorStaff() {
		Cast t = new Cast();
		assertThat(t.trust.as(t.mainAccountHolder).assignableRoles(t.root)).containsExactlyInAnyOrder("org-admin",
				"examiner", "user-admin", "org-overview");
		assertThat(t.trust.as(t.ambassador).assignableRoles(t.oakfield)).containsExactlyInAnyOrder("examiner",
				"user-admin", "headteacher", "org-overview");
		assertThat(t.trust.asOperator().assignableRoles(t.root)).containsExactlyInAnyOrder("ambassador",
				"project-manager", "org-admin", "examiner", "user-admin", "org-overview");
		assertThat(t.trust.as(t.mainAccountHolder).whyNotAssignable("ambassador", t.root)).containsExactly(ASSIGNABLE);
		assertThat(t.trust.as(t.oakfieldUserAdmin).whyNotAssignable("teacher", t.riverside7B))
			.containsExactly(AUTHORITY, ASSIGNABLE);
		assertThat(t.trust.as(t.mainAccountHolder).whyNotAssignable("teacher", t.oakfield)).containsExactly(FITS);
	}

	@Test
	void memberWithNoRolesStillBelongsButHoldsNothing() {
		Cast t = new Cast();
		AccessSnapshot snapshot = t.trust.snapshot();
		assertThat(snapshot.isMember(t.newcomer.id())).isTrue();
		assertThat(snapshot.memberStatus(t.newcomer.id())).contains(MemberStatus.ACTIVE);
		assertThat(snapshot.assignmentsOf(t.newcomer.id())).isEmpty();
		for (String unitId : snapshot.unitIds()) {
			assertThat(t.trust.permissionsAt(t.newcomer, t.trust.unit(unitId))).isEmpty();
		}
	}

	@Test
	void disabledAndInvitedMembersHoldNothing() {
		Cast t = new Cast();
		for (Member member : List.of(t.disabledTeacher, t.invitedTeacher, t.disabledUserAdmin, t.invitedUserAdmin)) {
			for (Permission permission : Permission.values()) {
				DecisionAssert.assertThat(t.trust.holds(member, permission, t.class7B)).isDenied().by(NOT_GRANTED);
			}
			assertThat(t.trust.permissionsAt(member, t.class7B)).isEmpty();
		}
		// The same roles, active, hold what they grant.
		DecisionAssert.assertThat(t.trust.holds(t.teacher7B, RESULTS_PUPILS, t.class7B)).isAllowed();
		DecisionAssert.assertThat(t.trust.holds(t.oakfieldUserAdmin, ACCOUNTS_MANAGE, t.class7B)).isAllowed();
	}

	@Test
	void teacherHoldsPupilsAtTheClassSummaryAtTheSchoolAndCompareAtTheRoot() {
		Cast t = new Cast();
		Map<Permission, String> whereItLands = t.trust.permissionsAt(t.teacher7B, t.class7B)
			.stream()
			.collect(Collectors.toMap(HeldPermission::permission, HeldPermission::scopeUnitId));
		assertThat(whereItLands).containsOnly(Map.entry(RESULTS_PUPILS, t.class7B.id()),
				Map.entry(RESULTS_SUMMARY, t.oakfield.id()), Map.entry(RESULTS_COMPARE, t.root.id()));
		assertThat(t.trust.permissionsAt(t.teacher7B, t.class7A)).extracting(HeldPermission::permission)
			.containsExactlyInAnyOrder(RESULTS_SUMMARY, RESULTS_COMPARE);
		assertThat(t.trust.permissionsAt(t.teacher7B, t.riverside)).extracting(HeldPermission::permission)
			.containsExactly(RESULTS_COMPARE);
		DecisionAssert.assertThat(t.trust.holds(t.teacher7B, RESULTS_PUPILS, t.class7B)).isAllowed();
		assertThat(t.trust.holds(t.teacher7B, RESULTS_PUPILS, t.class7B).grantedBy())
			.isEqualTo(t.trust.assignmentOf(t.teacher7B, "teacher", t.class7B));
	}

	@Test
	void headteacherComparesAcrossTheOrganisationButSeesPupilsOnlyInTheirSchool() {
		Cast t = new Cast();
		for (String unitId : t.trust.snapshot().unitIds()) {
			Unit unit = t.trust.unit(unitId);
			DecisionAssert.assertThat(t.trust.holds(t.oakfieldHead, RESULTS_COMPARE, unit)).isAllowed();
			boolean inOakfield = t.trust.snapshot().isWithin(unitId, t.oakfield.id());
			if (inOakfield) {
				DecisionAssert.assertThat(t.trust.holds(t.oakfieldHead, RESULTS_PUPILS, unit)).isAllowed();
			}
			else {
				DecisionAssert.assertThat(t.trust.holds(t.oakfieldHead, RESULTS_PUPILS, unit))
					.isDenied()
					.by(NOT_GRANTED);
			}
		}
	}

	@Test
	void builtInCataloguesAreClosed() {
		assertThat(RoleCatalogue.builtIn(List.of(RoleCatalogue.SCHOOL_TRUST)).closureProblem()).isEmpty();
		assertThat(RoleCatalogue.builtIn(List.of(RoleCatalogue.EXAM_CENTRE)).closureProblem()).isEmpty();
		assertThat(
				RoleCatalogue.builtIn(List.of(RoleCatalogue.EXAM_CENTRE, RoleCatalogue.SCHOOL_TRUST)).closureProblem())
			.isEmpty();
	}

	@Test
	void catalogueWithABackDoorIsNotClosed() {
		RoleCatalogue trust = RoleCatalogue.builtIn(List.of(RoleCatalogue.SCHOOL_TRUST));
		// May assign user-admin, which may assign headteacher, teacher and org-overview:
		// more than itself.
		RoleDefinition backDoor = customRole("deputy", Set.of("user-admin"),
				Grant.at(Anchor.ASSIGNED, ACCOUNTS_MANAGE));
		assertThat(trust.with(backDoor).closureProblem())
			.hasValueSatisfying((problem) -> assertThat(problem).contains("deputy").contains("user-admin"));
		RoleDefinition unknown = customRole("dangling", Set.of("no-such-role"), Grant.at(Anchor.ASSIGNED, AUDIT_VIEW));
		assertThat(trust.with(unknown).closureProblem()).isPresent();
		RoleDefinition closed = customRole("deputy", Set.of("user-admin", "headteacher", "teacher", "org-overview"),
				Grant.at(Anchor.ASSIGNED, ACCOUNTS_MANAGE));
		assertThat(trust.with(closed).closureProblem()).isEmpty();
	}

	@Test
	void membersCanAlwaysSeeWhoTheirMainAccountHoldersAre() {
		Cast t = new Cast();
		assertThat(t.trust.snapshot().isMainAccountHolder(t.mainAccountHolder.id())).isTrue();
		assertThat(t.trust.snapshot().isMainAccountHolder(t.trustUserAdmin.id())).isFalse();
	}

	/**
	 * Rule 8, as far as the engine goes: every denial names a rule, and the codes never
	 * change.
	 */
	@Test
	void everyDenialNamesItsRuleByAStableCode() {
		List<Case> all = Stream.of(theExamCentreGuide(), theResultsPortalGuide(), theRulesOfSection4())
			.flatMap((s) -> s)
			.toList();
		int denials = 0;
		for (Case example : all) {
			Decision decision = example.decision().get();
			if (decision.denied()) {
				denials++;
				assertThat(decision.rules()).as(example.name()).isNotEmpty();
				assertThat(decision.code()).as(example.name())
					.matches("[a-z]+(_[a-z]+)*")
					.isIn(DecisionAssert.STABLE_CODES);
				assertThat(decision.grantedBy()).as(example.name()).isNull();
			}
		}
		assertThat(denials).isGreaterThan(40);
		Map<RuleId, String> codes = new java.util.EnumMap<>(RuleId.class);
		for (RuleId rule : EnumSet.range(RuleId.AUTHORITY, RuleId.NO_LOCK_OUT)) {
			codes.put(rule, rule.code());
		}
		assertThat(codes).containsExactly(Map.entry(AUTHORITY, "out_of_scope"),
				Map.entry(ASSIGNABLE, "escalation_denied"), Map.entry(FITS, "unit_type_mismatch"),
				Map.entry(NOT_YOURSELF, "self_grant_denied"), Map.entry(CLOSED_DELEGATION, "delegation_not_closed"),
				Map.entry(TOUCH_ONLY_WHAT_YOU_COULD_ASSIGN, "escalation_denied"),
				Map.entry(NO_LOCK_OUT, "last_administrator"));
	}

	// ---- the cast ----

	/**
	 * A trust of two schools (Oakfield and Riverside), each with years 7 and 8 and
	 * classes A and B.
	 */
	static final class Cast {

		final Trust trust = aTrust().withSchools(2).build();

		final Unit root = this.trust.root();

		final Unit oakfield = this.trust.school(1);

		final Unit riverside = this.trust.school(2);

		final Unit year7 = this.oakfield.year(7);

		final Unit class7A = this.oakfield.schoolClass("7A");

		final Unit class7B = this.oakfield.schoolClass("7B");

		final Unit riverside7B = this.riverside.schoolClass("7B");

		final Member mainAccountHolder = this.trust.mainAccountHolder();

		final Member ambassador = this.trust.add(anAmbassador().of(this.root).named("ambassador"));

		final Member projectManager = this.trust.add(aProjectManager().of(this.root).named("project-manager"));

		final Member trustUserAdmin = this.trust.add(aUserAdmin().of(this.root).named("trust-user-admin"));

		final Member oakfieldUserAdmin = this.trust.add(aUserAdmin().of(this.oakfield).named("oakfield-user-admin"));

		final Member trustExaminer = this.trust.add(anExaminer().of(this.root).named("trust-examiner"));

		final Member oakfieldExaminer = this.trust.add(anExaminer().of(this.oakfield).named("oakfield-examiner"));

		final Member oakfieldHead = this.trust.add(aHeadteacher().of(this.oakfield).named("oakfield-head"));

		final Member teacher7A = this.trust.add(aTeacher().of(this.class7A).named("teacher-7a"));

		final Member teacher7B = this.trust.add(aTeacher().of(this.class7B).named("teacher-7b"));

		final Member riversideTeacher = this.trust.add(aTeacher().of(this.riverside7B).named("riverside-teacher"));

		final Member teacherInBothSchools = this.trust
			.add(aTeacher().of(this.class7A).of(this.riverside7B).named("teacher-in-both-schools"));

		final Member oakfieldOverview = this.trust.add(anOrgOverview().of(this.oakfield).named("oakfield-overview"));

		final Member trustOverview = this.trust.add(anOrgOverview().of(this.root).named("trust-overview"));

		final Member newcomer = this.trust.add(aMember().named("newcomer"));

		final Member disabledTeacher = this.trust.add(aTeacher().of(this.class7B).named("disabled-teacher").disabled());

		final Member invitedTeacher = this.trust.add(aTeacher().of(this.class7B).named("invited-teacher").invited());

		final Member disabledUserAdmin = this.trust
			.add(aUserAdmin().of(this.oakfield).named("disabled-user-admin").disabled());

		final Member invitedUserAdmin = this.trust
			.add(aUserAdmin().of(this.oakfield).named("invited-user-admin").invited());

		final Member disabledExaminer = this.trust
			.add(anExaminer().of(this.oakfield).named("disabled-examiner").disabled());

	}

	/**
	 * An exam centre and its colleagues, each with the access profiles their name says.
	 */
	static final class Centre {

		final Trust centre = anExamCentre();

		final Unit root = this.centre.root();

		final Member mainAccountHolder = this.centre.mainAccountHolder();

		final Member accountsOnly = this.centre.add(aMember().withProfiles("user-accounts").named("accounts-only"));

		final Member accountsAndEntries = this.centre
			.add(aMember().withProfiles("user-accounts", "registrations-and-entries").named("accounts-and-entries"));

		final Member entriesClerk = this.centre
			.add(aMember().withProfiles("registrations-and-entries").named("entries-clerk"));

		final Member resultsOnly = this.centre
			.add(aMember().withProfiles("results-analysis").named("resultsplus-only"));

		final Member trainingOnly = this.centre.add(aMember().withProfiles("training-bookings").named("training-only"));

		final Member blank = this.centre.add(aMember().named("no-profiles"));

	}

	// ---- the table's rows ----

	static RoleDefinition customRole(String key, Set<String> mayAssign, Grant... grants) {
		return new RoleDefinition(key, key, "A custom role for the test",
				EnumSet.of(UnitType.ORGANISATION, UnitType.SCHOOL), List.of(grants), mayAssign, false, false);
	}

	static Case allowed(String name, Supplier<Decision> decision) {
		return new Case(name, decision, null);
	}

	static Case denied(String name, RuleId rule, Supplier<Decision> decision) {
		return new Case(name, decision, rule);
	}

	/**
	 * One row: what is asked, in words, and whether it is allowed or which rule denies
	 * it.
	 */
	record Case(String name, Supplier<Decision> decision, RuleId deniedBy) {

		void verify() {
			Decision actual = this.decision.get();
			if (this.deniedBy == null) {
				DecisionAssert.assertThat(actual).isAllowed();
			}
			else {
				DecisionAssert.assertThat(actual).isDenied().by(this.deniedBy);
			}
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

}
