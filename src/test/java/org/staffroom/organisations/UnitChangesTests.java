package org.staffroom.organisations;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.staffroom.testing.ApiTestCase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PATCH /api/v1/organisations/{org}/units/{id}: renaming, moving and archiving schools,
 * years and classes.
 */
class UnitChangesTests extends ApiTestCase {

	@Test
	void anAdministratorRenamesMovesArchivesAndRestoresUnits() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String elm = trust.school("Elm");
		String year7 = trust.year(oak, "Year 7");
		String c7a = trust.classIn(year7, "7A");

		var renamed = trust.admin.patch(trust.path("/units/" + oak), Map.of("name", "Oak Primary"));
		assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
		assertThat(renamed.json().get("name").asString()).isEqualTo("Oak Primary");

		var moved = trust.admin.patch(trust.path("/units/" + year7), Map.of("parentId", elm));
		assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
		assertThat(moved.json().get("parentId").asString()).isEqualTo(elm);

		var archived = trust.admin.patch(trust.path("/units/" + c7a), Map.of("archived", true));
		assertThat(archived.json().get("archived").asBoolean()).isTrue();
		var restored = trust.admin.patch(trust.path("/units/" + c7a), Map.of("archived", false));
		assertThat(restored.json().get("archived").asBoolean()).isFalse();

		var audit = trust.admin.get(trust.path("/audit")).json().get("items").toString();
		assertThat(audit).contains("unit.renamed", "unit.moved", "unit.archived", "unit.restored");
	}

	@Test
	void aUnitCannotMoveUnderItselfOrUnderAUnitThatCannotHoldIt() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String elm = trust.school("Elm");
		String year7 = trust.year(oak, "Year 7");
		String c7a = trust.classIn(year7, "7A");

		var underOwnClass = trust.admin.patch(trust.path("/units/" + year7), Map.of("parentId", c7a));
		assertThat(underOwnClass.status()).isEqualTo(400);
		assertThat(underOwnClass.toString()).contains("cannot_contain_itself");

		var underItself = trust.admin.patch(trust.path("/units/" + oak), Map.of("parentId", oak));
		assertThat(underItself.status()).isEqualTo(400);
		assertThat(underItself.toString()).contains("cannot_contain_itself");

		var classUnderOrganisation = trust.admin.patch(trust.path("/units/" + c7a), Map.of("parentId", trust.root));
		assertThat(classUnderOrganisation.status()).isEqualTo(400);
		assertThat(classUnderOrganisation.toString()).contains("unit_type_mismatch");

		var schoolUnderSchool = trust.admin.patch(trust.path("/units/" + elm), Map.of("parentId", oak));
		assertThat(schoolUnderSchool.status()).isEqualTo(400);
		assertThat(schoolUnderSchool.toString()).contains("unit_type_mismatch");

		var root = trust.admin.patch(trust.path("/units/" + trust.root), Map.of("archived", true));
		assertThat(root.status()).isEqualTo(400);

		var unknown = trust.admin.patch(trust.path("/units/no-such-unit"), Map.of("name", "X"));
		assertThat(unknown.status()).isEqualTo(404);

		var clash = trust.admin.patch(trust.path("/units/" + elm), Map.of("name", "oak"));
		assertThat(clash.status()).isEqualTo(409);
		assertThat(clash.toString()).contains("duplicate_unit");
	}

	@Test
	void aSchoolAdministratorArrangesOnlyTheirOwnSchool() {
		Trust trust = aTrust();
		String oak = trust.school("Oak");
		String elm = trust.school("Elm");
		String oakYear = trust.year(oak, "Year 7");
		String elmYear = trust.year(elm, "Year 7");
		String c7a = trust.classIn(oakYear, "7A");
		Member oakAdmin = trust.member("user-admin", oak);
		Member teacher = trust.member("teacher", c7a);

		assertThat(oakAdmin.api().patch(trust.path("/units/" + c7a), Map.of("name", "7 Alpha")).status())
			.isEqualTo(200);
		var otherSchool = oakAdmin.api().patch(trust.path("/units/" + elmYear), Map.of("name", "Year Seven"));
		assertThat(otherSchool.status()).isEqualTo(403);
		assertThat(otherSchool.toString()).contains("out_of_scope");
		var outOfTheirSchool = oakAdmin.api().patch(trust.path("/units/" + c7a), Map.of("parentId", elmYear));
		assertThat(outOfTheirSchool.status()).isEqualTo(403);
		var teacherTries = teacher.api().patch(trust.path("/units/" + c7a), Map.of("archived", true));
		assertThat(teacherTries.status()).isEqualTo(403);
		var name = trust.admin.get(trust.path("/units")).json().toString();
		assertThat(name).contains("7 Alpha").doesNotContain("Year Seven");
	}

}
