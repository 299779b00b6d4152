/**
 * What every feature shares: security (tokens, the signed-in principal), problem+json errors,
 * the clock, the signals that tell other nodes a cache is stale, and secret tokens.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.staffroom.system;
