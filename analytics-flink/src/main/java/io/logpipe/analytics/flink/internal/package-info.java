/** Flink functions and plumbing behind {@code io.logpipe.analytics.flink}; not a public API. */
@NullMarked
package io.logpipe.analytics.flink.internal;

import org.jspecify.annotations.NullMarked;
