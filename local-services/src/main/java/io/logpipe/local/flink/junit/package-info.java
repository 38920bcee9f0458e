/**
 * JUnit 5 support for a real Flink session cluster: {@link io.logpipe.local.flink.junit.FlinkClusterExtension}.
 * Needs {@code junit-jupiter-api} on the test classpath (an optional dependency of local-services).
 */
@NullMarked
package io.logpipe.local.flink.junit;

import org.jspecify.annotations.NullMarked;
