package org.staffroom.system.web;

import org.staffroom.system.problems.FieldErrors;

/**
 * A page of a list, as every list of the API takes it: pages numbered from 1, 50 rows
 * unless asked, at most 200. Anything else is a field error, so a page size of a million
 * is refused, not served.
 */
public record Paging(int page, int size) {

	public static final int DEFAULT_SIZE = 50;

	public static final int MAX_SIZE = 200;

	/**
	 * The requested page (null means the default), with any problem added to
	 * {@code errors}.
	 */
	public static Paging read(Integer page, Integer size, FieldErrors errors) {
		int p = (page == null) ? 1 : page;
		int s = (size == null) ? DEFAULT_SIZE : size;
		if (p < 1) {
			errors.add("page", "out_of_range", "Pages are numbered from 1");
		}
		if (s < 1 || s > MAX_SIZE) {
			errors.add("size", "out_of_range", "Page size must be between 1 and " + MAX_SIZE);
		}
		return new Paging(p, s);
	}

}
