package org.staffroom.imports;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an import did (or would do), counted: the report's {@code counts}. The parts are
 * added up with {@link #plus}; {@link #roster} and {@link #staffCsv} give the report's
 * fields, in the report's order.
 */
record ImportCounts(int rows, Units units, Staff staff, Pupils pupils, int skipped, int errors) {

	static final ImportCounts NONE = new ImportCounts(0, Units.NONE, Staff.NONE, Pupils.NONE, 0, 0);

	/** Units that a roster creates, changes or archives. */
	record Units(int schoolsCreated, int schoolsUpdated, int yearsCreated, int classesCreated, int classesUpdated,
			int unitsArchived) {

		static final Units NONE = new Units(0, 0, 0, 0, 0, 0);

		Units plus(Units o) {
			return new Units(this.schoolsCreated + o.schoolsCreated, this.schoolsUpdated + o.schoolsUpdated,
					this.yearsCreated + o.yearsCreated, this.classesCreated + o.classesCreated,
					this.classesUpdated + o.classesUpdated, this.unitsArchived + o.unitsArchived);
		}

	}

	/**
	 * Members of staff: the people of the file, and what becomes of them and their roles.
	 */
	record Staff(int people, int invited, int updated, int unchanged, int removed, int rolesAdded, int rolesRemoved) {

		static final Staff NONE = new Staff(0, 0, 0, 0, 0, 0, 0);

		Staff plus(Staff o) {
			return new Staff(this.people + o.people, this.invited + o.invited, this.updated + o.updated,
					this.unchanged + o.unchanged, this.removed + o.removed, this.rolesAdded + o.rolesAdded,
					this.rolesRemoved + o.rolesRemoved);
		}

	}

	/**
	 * Pupils that a roster creates, updates, leaves as they are or removes;
	 * {@code withoutClass}, those placed at their school for want of a class enrolment
	 * (each listed as a notice).
	 */
	record Pupils(int created, int updated, int unchanged, int removed, int withoutClass) {

		static final Pupils NONE = new Pupils(0, 0, 0, 0, 0);

		Pupils(int created, int updated, int unchanged, int removed) {
			this(created, updated, unchanged, removed, 0);
		}

		Pupils plus(Pupils o) {
			return new Pupils(this.created + o.created, this.updated + o.updated, this.unchanged + o.unchanged,
					this.removed + o.removed, this.withoutClass + o.withoutClass);
		}

	}

	static ImportCounts of(Units units) {
		return new ImportCounts(0, units, Staff.NONE, Pupils.NONE, 0, 0);
	}

	static ImportCounts of(Staff staff) {
		return new ImportCounts(0, Units.NONE, staff, Pupils.NONE, 0, 0);
	}

	static ImportCounts of(Pupils pupils) {
		return new ImportCounts(0, Units.NONE, Staff.NONE, pupils, 0, 0);
	}

	static ImportCounts ofRows(int rows, int skipped) {
		return new ImportCounts(rows, Units.NONE, Staff.NONE, Pupils.NONE, skipped, 0);
	}

	ImportCounts plus(ImportCounts o) {
		return new ImportCounts(this.rows + o.rows, this.units.plus(o.units), this.staff.plus(o.staff),
				this.pupils.plus(o.pupils), this.skipped + o.skipped, this.errors + o.errors);
	}

	ImportCounts withErrors(int errors) {
		return new ImportCounts(this.rows, this.units, this.staff, this.pupils, this.skipped, errors);
	}

	/**
	 * A roster that was not applied: what it read and found stays, what it would have
	 * changed is 0.
	 */
	ImportCounts rosterNotApplied() {
		return new ImportCounts(this.rows, Units.NONE, new Staff(this.staff.people, 0, 0, 0, 0, 0, 0), Pupils.NONE,
				this.skipped, this.errors);
	}

	/** A staff CSV that was not applied: nobody invited or updated, no role added. */
	ImportCounts staffCsvNotApplied() {
		Staff s = this.staff;
		return new ImportCounts(this.rows, this.units,
				new Staff(s.people, 0, 0, s.unchanged, s.removed, 0, s.rolesRemoved), this.pupils, this.skipped,
				this.errors);
	}

	/** A roster import's report fields. */
	Map<String, Object> roster() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("rows", this.rows);
		map.put("schoolsCreated", this.units.schoolsCreated);
		map.put("schoolsUpdated", this.units.schoolsUpdated);
		map.put("yearsCreated", this.units.yearsCreated);
		map.put("classesCreated", this.units.classesCreated);
		map.put("classesUpdated", this.units.classesUpdated);
		map.put("unitsArchived", this.units.unitsArchived);
		map.put("people", this.staff.people);
		map.put("invited", this.staff.invited);
		map.put("updated", this.staff.updated);
		map.put("unchanged", this.staff.unchanged);
		map.put("removed", this.staff.removed);
		map.put("rolesAdded", this.staff.rolesAdded);
		map.put("rolesRemoved", this.staff.rolesRemoved);
		map.put("pupilsCreated", this.pupils.created);
		map.put("pupilsUpdated", this.pupils.updated);
		map.put("pupilsUnchanged", this.pupils.unchanged);
		map.put("pupilsRemoved", this.pupils.removed);
		map.put("pupilsWithoutClass", this.pupils.withoutClass);
		map.put("skipped", this.skipped);
		map.put("errors", this.errors);
		return map;
	}

	/** A staff CSV import's report fields. */
	Map<String, Object> staffCsv() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("rows", this.rows);
		map.put("people", this.staff.people);
		map.put("invited", this.staff.invited);
		map.put("updated", this.staff.updated);
		map.put("unchanged", this.staff.unchanged);
		map.put("rolesAdded", this.staff.rolesAdded);
		map.put("errors", this.errors);
		return map;
	}

}
