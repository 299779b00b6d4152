package org.staffroom.results;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.access.AccessPolicy;
import org.staffroom.access.AccessSnapshot;
import org.staffroom.access.HeldPermission;
import org.staffroom.access.Permission;
import org.staffroom.access.ResultsVisibility;
import org.staffroom.access.UnitType;
import org.staffroom.accounts.SearchText;
import org.staffroom.grants.OrganisationAccess;
import org.staffroom.system.security.Acting;
import org.staffroom.system.problems.Failure;
import org.staffroom.system.problems.FieldErrors;
import org.staffroom.system.web.Paging;
import org.staffroom.system.security.SignedIn;

/**
 * Entering pupils by hand (the roster import adds them in bulk) and listing them. Pupil
 * records are kept by the people who run a class's administration or its assessments:
 * {@code accounts.manage} or {@code assessments.conduct} at the class. Listing shows only
 * pupils within the caller's {@code results.pupils} scope.
 */
@Component
public class EnteringPupils {

	public record PupilDetails(String firstName, String lastName, String externalId, String classId) {
	}

	public record PupilView(String id, String externalId, String firstName, String lastName, String classId,
			String className, String yearId, String schoolId) {
	}

	public record PupilPage(List<PupilView> items, long total, int page, int size) {
	}

	private final OrganisationAccess access;

	private final Pupils pupils;

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	EnteringPupils(OrganisationAccess access, Pupils pupils, JdbcClient jdbc, ApplicationEventPublisher events,
			Clock clock) {
		this.access = access;
		this.pupils = pupils;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	@Transactional
	public PupilView add(String org, PupilDetails details, Acting actor, SignedIn caller) {
		AccessSnapshot snapshot = this.access.require(org, caller);
		checkAfterPermission(org, details, null, snapshot, caller, List.of()).throwIfAny();
		Pupil pupil = this.pupils.create(org, details.classId(), details.externalId().strip(),
				details.firstName().strip(), details.lastName().strip(), null, this.clock.instant());
		this.events.publishEvent(new PupilAdded(org, pupil.id(), pupil.externalId(),
				snapshot.unitName(pupil.classId()).orElse(pupil.classId()), actor));
		return view(snapshot, pupil);
	}

	@Transactional
	public PupilView amend(String org, String pupilId, PupilDetails details, Acting actor, SignedIn caller) {
		AccessSnapshot snapshot = this.access.require(org, caller);
		Pupil pupil = this.pupils.find(org, pupilId).orElseThrow(() -> Failure.notFound("That pupil"));
		ResultsVisibility viewer = ResultsVisibility.of(snapshot, caller.accountId());
		if (!viewer.seesPupilsOf(pupil.classId()) && !keeps(snapshot, caller, pupil.classId())) {
			throw Failure.notFound("That pupil");
		}
		PupilDetails merged = new PupilDetails(or(details.firstName(), pupil.firstName()),
				or(details.lastName(), pupil.lastName()), or(details.externalId(), pupil.externalId()),
				or(details.classId(), pupil.classId()));
		checkAfterPermission(org, merged, pupil.id(), snapshot, caller, List.of(pupil.classId())).throwIfAny();
		this.pupils.update(pupil, merged.classId(), merged.externalId().strip(), merged.firstName().strip(),
				merged.lastName().strip());
		this.events.publishEvent(
				new PupilChanged(org, pupil.id(), merged.externalId(), pupil.classId(), merged.classId(), actor));
		return view(snapshot, this.pupils.find(org, pupilId).orElseThrow());
	}

	@Transactional
	public void remove(String org, String pupilId, Acting actor, SignedIn caller) {
		AccessSnapshot snapshot = this.access.require(org, caller);
		Pupil pupil = this.pupils.find(org, pupilId).orElseThrow(() -> Failure.notFound("That pupil"));
		ResultsVisibility viewer = ResultsVisibility.of(snapshot, caller.accountId());
		if (!viewer.seesPupilsOf(pupil.classId()) && !keeps(snapshot, caller, pupil.classId())) {
			throw Failure.notFound("That pupil");
		}
		requireKeeper(snapshot, caller, pupil.classId());
		this.pupils.remove(pupil);
		this.events.publishEvent(new PupilRemoved(org, pupil.id(), pupil.externalId(), actor));
	}

	/**
	 * One pupil, if the caller may see them one by one (or keeps their class's records).
	 */
	public PupilView read(String org, String pupilId, SignedIn caller) {
		AccessSnapshot snapshot = this.access.require(org, caller);
		Pupil pupil = this.pupils.find(org, pupilId).orElseThrow(() -> Failure.notFound("That pupil"));
		ResultsVisibility viewer = ResultsVisibility.of(snapshot, caller.accountId());
		if (!viewer.seesPupilsOf(pupil.classId()) && !keeps(snapshot, caller, pupil.classId())) {
			throw Failure.notFound("That pupil");
		}
		return view(snapshot, pupil);
	}

	/**
	 * Pupils within the unit (the organisation if null) and within the caller's
	 * results.pupils scope, by name. The SQL reads only the classes that are within both.
	 */
	public PupilPage list(String org, String unitId, String q, Integer page, Integer size, SignedIn caller) {
		AccessSnapshot snapshot = this.access.require(org, caller);
		FieldErrors errors = new FieldErrors();
		Paging paging = Paging.read(page, size, errors);
		errors.throwIfAny();
		String unit = (unitId == null || unitId.isBlank()) ? snapshot.rootUnitId() : unitId;
		if (!snapshot.hasUnit(unit)) {
			throw Failure.notFound("That unit");
		}
		ResultsVisibility viewer = ResultsVisibility.of(snapshot, caller.operator() ? null : caller.accountId());
		List<String> classes = new ArrayList<>();
		boolean any = false;
		for (String scope : viewer.pupilScopes()) {
			if (snapshot.isWithin(unit, scope)) {
				classes = ViewingResults.classesWithin(snapshot, unit);
				any = true;
				break;
			}
			if (snapshot.isWithin(scope, unit)) {
				classes.addAll(ViewingResults.classesWithin(snapshot, scope));
				any = true;
			}
		}
		if (!any) {
			throw Failure.forbidden("forbidden",
					"Your roles do not let you see pupils in " + snapshot.unitName(unit).orElse(unit));
		}
		if (classes.isEmpty()) {
			return new PupilPage(List.of(), 0, paging.page(), paging.size());
		}
		String filter = (q == null || q.isBlank()) ? "" : " AND search_text LIKE :q ESCAPE '\\'";
		List<Pupil> rows = new ArrayList<>();
		long[] total = { 0 };
		var query = this.jdbc.sql("""
				SELECT id, organisation_id, class_id, external_id, first_name, last_name, source_id, version,
				       COUNT(*) OVER () AS total
				FROM pupils
				WHERE organisation_id = :org AND class_id IN (:classes)%s
				ORDER BY last_name, first_name, external_id, id
				LIMIT :limit OFFSET :offset""".formatted(filter))
			.param("org", org)
			.param("classes", classes)
			.param("limit", paging.size())
			.param("offset", (long) (paging.page() - 1) * paging.size());
		if (!filter.isEmpty()) {
			query = query.param("q", SearchText.containsPattern(q));
		}
		query.query((rs) -> {
			rows.add(Pupils.map(rs));
			total[0] = rs.getLong("total");
		});
		if (rows.isEmpty() && paging.page() > 1) {
			total[0] = this.jdbc
				.sql("SELECT COUNT(*) FROM pupils WHERE organisation_id = :org AND class_id IN (:classes)" + filter)
				.param("org", org)
				.param("classes", classes)
				.params(filter.isEmpty() ? Map.of() : Map.of("q", SearchText.containsPattern(q)))
				.query(Long.class)
				.single();
		}
		return new PupilPage(rows.stream().map((p) -> view(snapshot, p)).toList(), total[0], paging.page(),
				paging.size());
	}

	private static FieldErrors check(PupilDetails details, AccessSnapshot snapshot) {
		FieldErrors errors = new FieldErrors();
		errors.text("firstName", details.firstName(), FieldErrors.MAX_NAME, true);
		errors.text("lastName", details.lastName(), FieldErrors.MAX_NAME, true);
		errors.text("externalId", details.externalId(), 255, true);
		if (details.classId() == null || details.classId().isBlank()) {
			errors.add("classId", "required", "Choose the pupil's class");
		}
		else if (snapshot.unitType(details.classId()).orElse(null) != UnitType.CLASS) {
			errors.add("classId", snapshot.hasUnit(details.classId()) ? "unit_type_mismatch" : "not_found",
					snapshot.hasUnit(details.classId())
							? "Pupils belong to a class, not a "
									+ snapshot.unitType(details.classId()).orElseThrow().key()
							: "There is no such class in this organisation");
		}
		return errors;
	}

	/**
	 * Every problem with the details at once, but the database is asked whether the
	 * external id is taken only once the caller has shown they keep the class (and any
	 * other class named): nobody learns which external ids exist elsewhere.
	 */
	private FieldErrors checkAfterPermission(String org, PupilDetails details, String exceptId, AccessSnapshot snapshot,
			SignedIn caller, List<String> alsoKept) {
		FieldErrors errors = check(details, snapshot);
		if (errors.has("classId")) {
			return errors;
		}
		for (String classId : alsoKept) {
			requireKeeper(snapshot, caller, classId);
		}
		requireKeeper(snapshot, caller, details.classId());
		if (!errors.has("externalId") && this.pupils.externalIdTaken(org, details.externalId().strip(), exceptId)) {
			errors.add("externalId", "external_id_taken", "Another pupil already has this external id");
		}
		return errors;
	}

	private static boolean keeps(AccessSnapshot snapshot, SignedIn caller, String classId) {
		if (caller.operator()) {
			return false;
		}
		for (HeldPermission held : AccessPolicy.permissionsAt(caller.accountId(), classId, snapshot)) {
			if (held.permission() == Permission.ACCOUNTS_MANAGE
					|| held.permission() == Permission.ASSESSMENTS_CONDUCT) {
				return true;
			}
		}
		return false;
	}

	private static void requireKeeper(AccessSnapshot snapshot, SignedIn caller, String classId) {
		if (!keeps(snapshot, caller, classId)) {
			throw Failure.forbidden("out_of_scope", "You need accounts.manage or assessments.conduct at "
					+ snapshot.unitName(classId).orElse(classId) + " to keep its pupils' records");
		}
	}

	private static String or(String given, String current) {
		return (given == null) ? current : given;
	}

	static PupilView view(AccessSnapshot snapshot, Pupil p) {
		String parent = snapshot.parentOf(p.classId()).orElse(null);
		String year = (parent != null && snapshot.unitType(parent).orElse(null) == UnitType.YEAR) ? parent : null;
		return new PupilView(p.id(), p.externalId(), p.firstName(), p.lastName(), p.classId(),
				snapshot.unitName(p.classId()).orElse(null), year, snapshot.schoolOf(p.classId()).orElse(null));
	}

}
