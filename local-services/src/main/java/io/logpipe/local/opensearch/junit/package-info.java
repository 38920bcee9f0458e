/**
 * JUnit 5 support for a real OpenSearch: {@link io.logpipe.local.opensearch.junit.OpenSearchExtension}.
 * Needs {@code junit-jupiter-api} on the test classpath (an optional dependency of local-services).
 */
@NullMarked
package io.logpipe.local.opensearch.junit;

import org.jspecify.annotations.NullMarked;
