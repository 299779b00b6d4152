package org.staffroom.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the files of a roster's units: orgs.csv, academicSessions.csv, courses.csv and
 * classes.csv. Each row is checked on its own (and its references to the others), then
 * handed to the {@link UnitPlan} as a record.
 */
final class RosterUnitsReader {

	private static final Set<String> ORG_TYPES = Set.of("department", "school", "district", "local", "state",
			"national");

	private static final Set<String> SESSION_TYPES = Set.of("gradingPeriod", "semester", "schoolYear", "term");

	/** A reference from a row of academicSessions.csv to its parent session. */
	private record ParentRef(String parent, int row) {
	}

	private final RosterRun run;

	private final UnitPlan plan;

	private final Set<String> sessions = new HashSet<>();

	private final Map<String, List<String>> courseGrades = new HashMap<>();

	RosterUnitsReader(RosterRun run, UnitPlan plan) {
		this.run = run;
		this.plan = plan;
	}

	/** Reads the four files, in order. */
	void read() {
		orgs();
		sessions();
		courses();
		classes();
	}

	private void orgs() {
		Map<String, RosterOrg> orgs = new LinkedHashMap<>();
		this.run.read("orgs.csv", List.of("sourcedId", "name", "type"), (row) -> {
			String id = row.get("sourcedId");
			String name = this.run.text(row, "name", true);
			String type = row.get("type");
			if (id == null) {
				this.run.problem(row, "sourcedId", "required", "sourcedId is empty");
				return;
			}
			if (orgs.containsKey(id)) {
				this.run.problem(row, "sourcedId", "duplicate_id",
						"sourcedId " + id + " is also on row " + orgs.get(id).row());
				return;
			}
			if (type == null || !ORG_TYPES.contains(type)) {
				this.run.problem(row, "type", "invalid_value",
						"type is \"" + type + "\"; it is one of " + new TreeSet<>(ORG_TYPES));
				type = null;
			}
			orgs.put(id,
					new RosterOrg(row.number(), id, name, type, row.get("parentSourcedId"), this.run.deleted(row)));
		});
		this.plan.orgs(orgs);
	}

	private void sessions() {
		List<ParentRef> parentRefs = new ArrayList<>();
		this.run.read("academicSessions.csv",
				List.of("sourcedId", "title", "type", "startDate", "endDate", "schoolYear"), (row) -> {
					String id = row.get("sourcedId");
					if (id == null) {
						this.run.problem(row, "sourcedId", "required", "sourcedId is empty");
						return;
					}
					if (!this.sessions.add(id)) {
						this.run.problem(row, "sourcedId", "duplicate_id",
								"sourcedId " + id + " is on an earlier row too");
					}
					String type = row.get("type");
					if (type == null || !SESSION_TYPES.contains(type)) {
						this.run.problem(row, "type", "invalid_value",
								"type is \"" + type + "\"; it is one of " + SESSION_TYPES);
					}
					this.run.deleted(row);
					if (row.get("parentSourcedId") != null) {
						parentRefs.add(new ParentRef(row.get("parentSourcedId"), row.number()));
					}
				});
		for (ParentRef ref : parentRefs) {
			if (!this.sessions.contains(ref.parent())) {
				this.run.problems
					.add(new ImportProblem("academicSessions.csv", ref.row(), "parentSourcedId", "unknown_reference",
							"parentSourcedId " + ref.parent() + " is no academic session of this package"));
			}
		}
	}

	private boolean knownSession(String id) {
		return !this.run.pkg.has("academicSessions.csv") || this.run.pkg.delta("academicSessions.csv")
				|| this.sessions.contains(id);
	}

	private void courses() {
		this.run.read("courses.csv", List.of("sourcedId", "title", "orgSourcedId"), (row) -> {
			String id = row.get("sourcedId");
			if (id == null) {
				this.run.problem(row, "sourcedId", "required", "sourcedId is empty");
				return;
			}
			if (this.courseGrades.put(id, row.list("grades")) != null) {
				this.run.problem(row, "sourcedId", "duplicate_id", "sourcedId " + id + " is on an earlier row too");
			}
			this.run.deleted(row);
			String orgId = row.get("orgSourcedId");
			if (orgId != null && !this.plan.units().knownOrg(orgId)) {
				this.run.unknown(row, "orgSourcedId", "orgs.csv",
						"orgSourcedId " + orgId + " is no org of this package");
			}
			String year = row.get("schoolYearSourcedId");
			if (year != null && !knownSession(year)) {
				this.run.unknown(row, "schoolYearSourcedId", "academicSessions.csv",
						"schoolYearSourcedId " + year + " is no academic session of this package");
			}
		});
	}

	private void classes() {
		this.run.read("classes.csv",
				List.of("sourcedId", "title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds"),
				(row) -> {
					String id = row.get("sourcedId");
					if (id == null) {
						this.run.problem(row, "sourcedId", "required", "sourcedId is empty");
						return;
					}
					if (this.plan.units().hasClass(id)) {
						this.run.problem(row, "sourcedId", "duplicate_id",
								"sourcedId " + id + " is on an earlier row too");
						return;
					}
					boolean deleted = this.run.deleted(row);
					String title = this.run.text(row, "title", true);
					String type = row.get("classType");
					if (type == null || !(type.equals("homeroom") || type.equals("scheduled"))) {
						this.run.problem(row, "classType", "invalid_value",
								"classType is \"" + type + "\"; it is homeroom or scheduled");
					}
					String course = row.get("courseSourcedId");
					if (course != null && this.run.pkg.has("courses.csv") && !this.run.pkg.delta("courses.csv")
							&& !this.courseGrades.containsKey(course)) {
						this.run.unknown(row, "courseSourcedId", "courses.csv",
								"courseSourcedId " + course + " is no course of this package");
					}
					for (String term : row.list("termSourcedIds")) {
						if (!knownSession(term)) {
							this.run.unknown(row, "termSourcedIds", "academicSessions.csv",
									"termSourcedIds names " + term + ", which is no academic session of this package");
						}
					}
					RosterClass c = new RosterClass(row.number(), id, deleted, title, "homeroom".equals(type), course,
							row.get("schoolSourcedId"), row.list("grades"));
					this.plan.clazz(c,
							(course == null) ? List.of() : this.courseGrades.getOrDefault(course, List.of()));
				});
	}

}
