/**
 * What the JUnit 5 extensions of local-services share: {@link io.logpipe.local.junit.LocalServerExtension},
 * one server per test class, stopped after it. JUnit is an optional dependency of local-services: add
 * {@code junit-jupiter-api} to the tests that use these.
 */
@NullMarked
package io.logpipe.local.junit;

import org.jspecify.annotations.NullMarked;
