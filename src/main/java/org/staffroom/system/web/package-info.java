/**
 * What every web adapter shares: the page controller stereotype, the OpenAPI description,
 * and paging parameters.
 */
@org.springframework.modulith.NamedInterface("web")
@org.jspecify.annotations.NullMarked
package org.staffroom.system.web;
