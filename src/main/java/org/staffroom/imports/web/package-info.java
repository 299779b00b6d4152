/**
 * The HTTP edge of imports: uploads, job reports and the import pages.
 */
@org.jspecify.annotations.NullMarked
package org.staffroom.imports.web;
