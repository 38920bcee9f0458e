/**
 * A real OpenSearch server for local runs and tests: {@link io.logpipe.local.opensearch.OpenSearchServer}
 * runs the {@code org.opensearch.distribution.integ-test-zip:opensearch} distribution from Maven
 * Central as a separate process on a free loopback port, as an unprivileged user when the JVM runs
 * as root. {@link io.logpipe.local.opensearch.junit.OpenSearchExtension} wraps it for JUnit 5.
 */
@NullMarked
package io.logpipe.local.opensearch;

import org.jspecify.annotations.NullMarked;
