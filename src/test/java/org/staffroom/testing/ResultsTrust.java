package org.staffroom.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated trust for the results portal's page tests: two schools, Oak Primary (Year
 * 7: 7A, 7B and a small class 7S of two pupils; Year 8: 8A) and Elm Academy (Year 7: E7A,
 * E7B), with pupils entered through the API by an examiner for the whole trust. One pupil
 * of 7A is named "=1+1", to show that exports neutralise formulas. {@link #resultsCsv()}
 * is a results file for every pupil.
 */
public final class ResultsTrust {

	public static final List<String> BANDS = List.of("Below average", "Average", "Above average");

	public final ApiTestCase.Trust trust;

	public final ApiTestCase.Member examiner;

	public final String oak;

	public final String elm;

	public final String oakYear7;

	public final String oakYear8;

	public final String elmYear7;

	public final String c7a;

	public final String c7b;

	public final String c7s;

	public final String c8a;

	public final String e7a;

	public final String e7b;

	/** Each pupil's id by external id, in the order they were entered. */
	public final Map<String, String> pupils = new LinkedHashMap<>();

	/** Each pupil's class by external id. */
	public final Map<String, String> classOf = new LinkedHashMap<>();

	public ResultsTrust(ApiTestCase.Trust trust) {
		this.trust = trust;
		this.oak = trust.school("Oak Primary");
		this.elm = trust.school("Elm Academy");
		this.oakYear7 = trust.year(this.oak, "Year 7");
		this.oakYear8 = trust.year(this.oak, "Year 8");
		this.elmYear7 = trust.year(this.elm, "Elm Year 7");
		this.c7a = trust.classIn(this.oakYear7, "7A");
		this.c7b = trust.classIn(this.oakYear7, "7B");
		this.c7s = trust.classIn(this.oakYear7, "7S");
		this.c8a = trust.classIn(this.oakYear8, "8A");
		this.e7a = trust.classIn(this.elmYear7, "E7A");
		this.e7b = trust.classIn(this.elmYear7, "E7B");
		this.examiner = trust.member("examiner", trust.root);
		addPupils("OAK7A", this.c7a, 6);
		addPupils("OAK7B", this.c7b, 7);
		addPupils("OAK7S", this.c7s, 2);
		addPupils("OAK8A", this.c8a, 6);
		addPupils("ELM7A", this.e7a, 6);
		addPupils("ELM7B", this.e7b, 5);
	}

	private void addPupils(String prefix, String classId, int count) {
		for (int i = 1; i <= count; i++) {
			String external = prefix + "-" + i;
			String first = (prefix.equals("OAK7A") && i == 1) ? "=1+1" : "Pupil" + i;
			var r = this.examiner.api()
				.post(this.trust.path("/pupils"),
						Map.of("firstName", first, "lastName",
								prefix.charAt(0) + prefix.substring(1).toLowerCase() + "son", "externalId", external,
								"classId", classId));
			assertThat(r.status()).as(r.toString()).isEqualTo(201);
			this.pupils.put(external, r.json().get("id").asString());
			this.classOf.put(external, classId);
		}
	}

	/** A score for each pupil: 40, 47, 54, … by position, wrapping at 100. */
	public int score(String externalId) {
		int i = new ArrayList<>(this.pupils.keySet()).indexOf(externalId);
		return 40 + (i * 7) % 60;
	}

	public static String band(int score) {
		return (score < 55) ? BANDS.get(0) : (score < 75) ? BANDS.get(1) : BANDS.get(2);
	}

	/** A results file (header pupil,score,band) with a row for every pupil. */
	public String resultsCsv() {
		StringBuilder csv = new StringBuilder("pupil,score,band\n");
		this.pupils.keySet()
			.forEach((p) -> csv.append(p).append(',').append(score(p)).append(',').append(band(score(p))).append('\n'));
		return csv.toString();
	}

	/**
	 * Creates an assessment through the API as the examiner and records every pupil's
	 * result.
	 */
	public String assessmentWithResults(String name) {
		var created = this.examiner.api()
			.post(this.trust.path("/assessments"), Map.of("name", name, "date", "2026-10-15", "bands", BANDS));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().get("id").asString();
		var recorded = this.examiner.api()
			.postRaw(this.trust.path("/assessments/" + id + "/results"), resultsCsv(), "text/csv");
		assertThat(recorded.status()).as(recorded.toString()).isEqualTo(200);
		assertThat(recorded.json().get("counts").get("recorded").asInt()).isEqualTo(this.pupils.size());
		return id;
	}

}
