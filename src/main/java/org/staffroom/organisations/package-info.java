/** Organisations (customers), their templates and settings, and the tree of units inside each. */
@org.springframework.modulith.ApplicationModule
package org.staffroom.organisations;
