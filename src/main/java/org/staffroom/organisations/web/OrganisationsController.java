package org.staffroom.organisations.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessRequest;
import org.staffroom.access.Permission;
import org.staffroom.accounts.Accounts;
import org.staffroom.accounts.Memberships;
import org.staffroom.organisations.ChangingSettings;
import org.staffroom.organisations.CreatingOrganisation;
import org.staffroom.organisations.Organisation;
import org.staffroom.organisations.OrganisationSettingsChanged;
import org.staffroom.organisations.OrganisationSnapshots;
import org.staffroom.organisations.Organisations;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.security.SignedIn;
import org.staffroom.system.security.Via;

/**
 * Organisations: created by operators, listed for the organisation switcher, read by
 * members.
 */
@RestController
@RequestMapping("/api/v1/organisations")
@Tag(name = "Organisations and units")
class OrganisationsController {

	private final Organisations organisations;

	private final CreatingOrganisation creating;

	private final OrganisationSnapshots snapshots;

	private final Memberships memberships;

	private final Accounts accounts;

	private final ChangingSettings settings;

	OrganisationsController(Organisations organisations, CreatingOrganisation creating, OrganisationSnapshots snapshots,
			Memberships memberships, Accounts accounts, ChangingSettings settings) {
		this.settings = settings;
		this.organisations = organisations;
		this.creating = creating;
		this.snapshots = snapshots;
		this.memberships = memberships;
		this.accounts = accounts;
	}

	record Person(String email, String firstName, String lastName) {
	}

	record NewOrganisation(String name, List<String> templates, Person mainAccountHolder) {
	}

	record Created(String id, String name, List<String> templates, String rootUnitId) {
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create an organisation (operators only); its main account holder is invited")
	Created create(@RequestBody NewOrganisation body, @AuthenticationPrincipal SignedIn me) {
		if (!me.operator()) {
			throw Failure.forbidden("forbidden", "Only platform operators create organisations");
		}
		Person mah = body.mainAccountHolder();
		Organisation created = this.creating.create(
				new CreatingOrganisation.Request(body.name(), body.templates(),
						mah == null ? null
								: new CreatingOrganisation.Person(mah.email(), mah.firstName(), mah.lastName())),
				Acting.of(me, Via.API));
		var snapshot = this.snapshots.require(created.id(), me);
		return new Created(created.id(), created.name(), created.templates(), snapshot.rootUnitId());
	}

	record Summary(String id, String name) {
	}

	@GetMapping
	@Operation(summary = "The organisations the caller belongs to (all of them for an operator)")
	List<Summary> list(@AuthenticationPrincipal SignedIn me) {
		List<Organisation> found = me.operator() ? this.organisations.all() : this.organisations
			.findAll(new LinkedHashSet<>(this.memberships.activeOrganisationsOf(me.accountId())));
		return found.stream().map((o) -> new Summary(o.id(), o.name())).toList();
	}

	record Holder(String name, String email) {
	}

	record Details(String id, String name, List<String> templates, String rootUnitId, List<Holder> mainAccountHolders,
			Map<String, Object> settings, String mfaRequired) {
	}

	@GetMapping("/{org}")
	@Operation(summary = "An organisation, with its main account holders (every member may see them)")
	Details get(@PathVariable String org, @AuthenticationPrincipal SignedIn me) {
		var snapshot = this.snapshots.require(org, me);
		Organisation organisation = this.organisations.find(org)
			.orElseThrow(() -> Failure.notFound("That organisation"));
		List<Holder> holders = this.memberships.mainAccountHolders(org, this.accounts)
			.stream()
			.map((a) -> new Holder(a.displayName(), a.email()))
			.toList();
		return new Details(organisation.id(), organisation.name(), organisation.templates(), snapshot.rootUnitId(),
				holders, Map.of("invitationDays", organisation.invitationDays(), "smallGroupK",
						organisation.smallGroupK(), "mfaRequired", organisation.mfaRequired()),
				organisation.mfaRequired());
	}

	record Settings(String name, Integer invitationDays, Integer smallGroupK, String mfaRequired) {
	}

	@org.springframework.web.bind.annotation.PatchMapping("/{org}")
	@Operation(summary = "Rename the organisation or change its settings: invitationDays (1-90), smallGroupK (2-100), "
			+ "mfaRequired (none, administrators, everyone). Needs accounts.manage for the whole organisation")
	Details update(@PathVariable String org, @RequestBody Settings body, @AuthenticationPrincipal SignedIn me) {
		this.settings.change(org,
				new ChangingSettings.Change(body.name(), body.invitationDays(), body.smallGroupK(), body.mfaRequired()),
				me, Acting.of(me, Via.API));
		return get(org, me);
	}

}
