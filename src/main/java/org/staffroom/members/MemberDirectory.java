package org.staffroom.members;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.access.MemberStatus;
import org.staffroom.accounts.SearchText;

/**
 * Member search: one statement for the page and one for the total, whatever the page holds (the
 * roles of the page's members are a third, in {@code RoleAssignments}). Visibility is part of the
 * SQL: rows outside the caller's scopes are never fetched.
 */
@Repository
public class MemberDirectory {

	private final JdbcClient jdbc;

	MemberDirectory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param visibleUnits units whose members the caller may see, or null for everyone
	 * @param roleKey only members holding this role (within {@code unitFilter} when both are set)
	 * @param unitFilter only members with a role at one of these units
	 */
	public record Query(String organisationId, String text, MemberStatus status, String roleKey,
			Collection<String> unitFilter, Collection<String> visibleUnits, int page, int size) {
	}

	public record Row(String id, String email, String firstName, String lastName, String jobTitle, String phone,
			MemberStatus status, boolean mainAccountHolder) {
	}

	public record Page(List<Row> rows, long total) {
	}

	public Page search(Query query) {
		StringBuilder where = new StringBuilder(" FROM memberships m JOIN accounts a ON a.id = m.account_id "
				+ "WHERE m.organisation_id = :org");
		Map<String, Object> params = new java.util.HashMap<>();
		params.put("org", query.organisationId());
		if (query.text() != null && !query.text().isBlank()) {
			where.append(" AND a.search_text LIKE :q ESCAPE '\\'");
			params.put("q", SearchText.containsPattern(query.text()));
		}
		if (query.status() != null) {
			where.append(" AND m.status = :status");
			params.put("status", query.status().key());
		}
		if (query.roleKey() != null || query.unitFilter() != null) {
			where.append(" AND m.account_id IN (SELECT f.account_id FROM role_assignments f"
					+ " WHERE f.organisation_id = :org");
			if (query.roleKey() != null) {
				where.append(" AND f.role_key = :role");
				params.put("role", query.roleKey());
			}
			if (query.unitFilter() != null) {
				where.append(" AND f.unit_id IN (:filterUnits)");
				params.put("filterUnits", nonEmpty(query.unitFilter()));
			}
			where.append(")");
		}
		if (query.visibleUnits() != null) {
			where.append(" AND m.account_id IN (SELECT v.account_id FROM role_assignments v"
					+ " WHERE v.organisation_id = :org AND v.unit_id IN (:visible))");
			params.put("visible", nonEmpty(query.visibleUnits()));
		}
		long total = this.jdbc.sql("SELECT COUNT(*)" + where).params(params).query(Long.class).single();
		params.put("limit", query.size());
		params.put("offset", (long) (query.page() - 1) * query.size());
		List<Row> rows = this.jdbc.sql("SELECT a.id, a.email, a.first_name, a.last_name, a.job_title, a.phone, "
				+ "m.status, m.main_account_holder" + where + " ORDER BY a.sort_key, a.id LIMIT :limit OFFSET :offset")
			.params(params)
			.query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getString(6), MemberStatus.fromKey(rs.getString(7)).orElseThrow(),
					rs.getBoolean(8)))
			.list();
		return new Page(rows, total);
	}

	private static Collection<String> nonEmpty(Collection<String> ids) {
		// IN () is not valid SQL: an impossible id keeps the condition false instead.
		return ids.isEmpty() ? new ArrayList<>(List.of("-")) : ids;
	}

}
